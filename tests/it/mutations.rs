//! Mutated hubs: a fixture hub whose files are damaged in many ways (bytes flipped, cut, repeated,
//! invalid UTF-8, hostile snippets) goes through `build`. Every mistake is the editor's, so every run
//! ends in success or content errors (exit 0 or 1): never a panic, an abort or exit 2.

use crate::support::TempSite;

/// A small deterministic generator, so a failure is reproducible from its hub number.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below.max(1) as u64) as usize
    }
}

/// Snippets editors (or their tools) could leave in any file.
const SNIPPETS: [&[u8]; 14] = [
    b"\naliases = [\"/index.html\", \"/robots.txt\"]\n",
    b"\ndate = 9999-12-31\n",
    b"\ntopics = [\"a\", \"b\", \"a\"]\n",
    b"\xff\xfe\x00",
    b"+++\n",
    b"[link](missing.md) [x](@/nowhere.md#a) ![](/none.png)",
    b"{% include \"page.html\" %}",
    b"{{ page.title | nonexistent }}",
    b"\n[^1]: note\n[^1]: again\n",
    b"\n## Heading\n## Heading\n",
    b"\nslug = \"\0\"\n",
    b"\n[[products]]\nsku = \"\"\n",
    b"\"\"\"\n",
    b"\x1b[31m\r\n\t",
];

fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) {
    match rng.next(5) {
        0 if !bytes.is_empty() => {
            let at = rng.next(bytes.len());
            bytes[at] ^= 1 << rng.next(8);
        }
        1 if !bytes.is_empty() => {
            let from = rng.next(bytes.len());
            let to = (from + rng.next(64)).min(bytes.len());
            bytes.drain(from..to);
        }
        2 if !bytes.is_empty() => {
            let from = rng.next(bytes.len());
            let to = (from + rng.next(200)).min(bytes.len());
            let copy = bytes[from..to].to_vec();
            let at = rng.next(bytes.len());
            bytes.splice(at..at, copy.iter().copied().cycle().take(copy.len() * 3));
        }
        _ => {
            let snippet = SNIPPETS[rng.next(SNIPPETS.len())];
            let at = rng.next(bytes.len() + 1);
            bytes.splice(at..at, snippet.iter().copied());
        }
    }
}

#[test]
fn mutated_hubs_end_in_success_or_content_errors() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for hub in 0..24 {
        let site = TempSite::fixture("build", "basic");
        site.write("templates/page.html", "{% extends \"base.html\" %}");
        site.write(
            "data/products.toml",
            "[[products]]\nsku = \"S1\"\nname = \"Sock\"\nurl = \"https://shop.example/s1\"\n",
        );
        let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(site.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        for _ in 0..1 + rng.next(4) {
            let path = &files[rng.next(files.len())];
            let mut bytes = std::fs::read(path).unwrap();
            mutate(&mut bytes, &mut rng);
            std::fs::write(path, bytes).unwrap();
        }
        let run = site.build(&["--format", "short"]);
        assert!(
            run.code == 0 || run.code == 1,
            "hub {hub}: exit {}\n{}",
            run.code,
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked"),
            "hub {hub}: {}",
            run.stderr
        );
    }
}
