//! No input makes guildhall panic: thousands of generated, hostile content files go through the whole
//! pipeline (front matter, Markdown, links, sections, templates), and every problem comes back as a
//! diagnostic with a real position.

use guildhall::content::SourceFile;
use guildhall::site::BuildOptions;

/// Pieces that stress the parsers: fences, broken TOML, odd Unicode, link and heading syntax.
const FRAGMENTS: &[&str] = &[
    "+++",
    "+++\n",
    "---\n",
    "\n",
    "\r\n",
    "\u{feff}",
    "title = \"Ä title\"\n",
    "title = \n",
    "title = 3\n",
    "level = \"beginner\"\n",
    "level = \"guru\"\n",
    "date = 1979-05-27T07:32:00-08:00\n",
    "date = \"2025-02-30\"\n",
    "updated = 2020-01-01\n",
    "slug = \"\"\n",
    "slug = \"a/b\"\n",
    "aliases = [\"/\", \"../x\", \"old\"]\n",
    "image = \"/nope.png\"\n",
    "template = \"x.html\"\n",
    "paginate_by = 0\n",
    "[extra]\nx = 1\n",
    "[[",
    "## Heading {#id}\n",
    "## \n",
    "# é́́ 🧶\n",
    "[link](other.md#x)",
    "[up](../../../../x.md)",
    "[root](@/guides/a.md)",
    "[pct](%E2%82%AC%zz.md)",
    "![](/img.png)",
    "![alt](//cdn.example/x.png)",
    "text[^note] ",
    "[^note]: a note\n",
    "| a | b |\n|---|---|\n| 1 |\n",
    "- [ ] task\n",
    "<div>raw {{ html }}</div>\n",
    "`code` ",
    "```\nfenced\n",
    "> quote\n",
    "\u{0}",
    "\u{202e}rtl",
    "{% raw %}{{ not a template }}",
    "start = 2026-03-29T01:30:00\n",
    "start = 2026-10-25T01:30:00\n",
    "start = 9999-12-31T23:59:59Z\n",
    "start = 0001-01-01\n",
    "start = \"not a date\"\n",
    "start = 07:30:00\n",
    "end = 2026-03-29T00:30:00\n",
    "end = 9999-12-31\n",
    "timezone = \"Europe/London\"\n",
    "timezone = \"Nowhere/Land\"\n",
    "repeat = \"FREQ=MONTHLY;BYDAY=-5FR,9TU;BYMONTHDAY=31;UNTIL=99991231T235959Z\"\n",
    "repeat = \"RRULE:FREQ=DAILY;;=;X\"\n",
    "repeat = { freq = \"daily\", interval = 1000, until = 9999-12-31 }\n",
    "repeat = { freq = \"monthly\", bymonthday = [-31, 31, 0, 99] }\n",
    "repeat = { freq = \"yearly\" }\n",
    "exceptions = [2026-02-28, 9999-12-31, \"x\"]\n",
    "location = { online = \"https://x.example/\", venue = \"</script>\" }\n",
    "status = \"moved-online\"\n",
    "host = \"Someone\"\n",
];

const PATHS: &[&str] = &[
    "_index.md",
    "guides/_index.md",
    "guides/a.md",
    "guides/b.md",
    "pages/c.md",
    "x/y/z.md",
    "pages/_index.md",
    "events/_index.md",
    "events/a.md",
    "events/b.md",
    "events/x/_index.md",
];

/// A small deterministic generator, so a failure is reproducible.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

#[test]
fn generated_hostile_sites_never_panic_and_every_diagnostic_has_a_position() {
    let config =
        guildhall::config::parse("title = \"Fuzz\"\nbase_url = \"https://fuzz.example/sub/\"\n")
            .unwrap();
    let theme_root = tempfile::tempdir().unwrap();
    let theme = guildhall::render::load_theme(theme_root.path(), &config)
        .unwrap()
        .unwrap();
    let available = guildhall::render::available(&theme, &config, Default::default());
    let options = BuildOptions {
        drafts: true,
        now: jiff::Timestamp::UNIX_EPOCH,
    };
    let mut random = Lcg(20261122);
    let mut diagnostics_seen = 0;
    for _ in 0..300 {
        let files: Vec<SourceFile> = PATHS
            .iter()
            .map(|path| {
                let mut text = String::new();
                for _ in 0..random.next(24) {
                    text.push_str(FRAGMENTS[random.next(FRAGMENTS.len())]);
                }
                SourceFile {
                    rel_path: path.to_string(),
                    path: format!("content/{path}").into(),
                    text,
                }
            })
            .collect();
        let (site, diagnostics) =
            guildhall::site::build(&config, &files, &Default::default(), &available, &options);
        let (_, render_diagnostics) = guildhall::render::render(&site, &theme);
        // A problem in a file is shown at its line and column, inside that file's text.
        for diagnostic in diagnostics {
            diagnostics_seen += 1;
            let file = files
                .iter()
                .find(|f| f.path == diagnostic.path)
                .unwrap_or_else(|| panic!("a diagnostic names no input file: {diagnostic:?}"));
            let location = diagnostic
                .location
                .as_ref()
                .unwrap_or_else(|| panic!("a diagnostic without a position: {diagnostic:?}"));
            let lines: Vec<&str> = file.text.split('\n').collect();
            assert!(
                location.line >= 1 && location.line <= lines.len(),
                "line outside the file: {diagnostic:?}"
            );
            assert!(
                location.column >= 1
                    && location.column <= lines[location.line - 1].chars().count() + 1,
                "column outside the line: {diagnostic:?}"
            );
            assert!(!diagnostic.message.is_empty());
        }
        // A page that cannot be rendered is named by its source file (a template error has no
        // line in the page).
        for diagnostic in render_diagnostics {
            diagnostics_seen += 1;
            assert!(
                files.iter().any(|f| f.path == diagnostic.path),
                "a render diagnostic names no input file: {diagnostic:?}"
            );
            assert!(!diagnostic.message.is_empty());
        }
    }
    assert!(
        diagnostics_seen > 300,
        "the generator should produce plenty of broken input"
    );
}
