//! The component templates of a theme (`templates/components/<name>.html`), compiled apart from
//! the page templates so Markdown can render components while pages are built, and what the
//! rest of the site is checked against ([`available`]).

use super::Theme;
use super::templates::register_urls;
use crate::config::Config;
use crate::markdown::{COMPONENTS_DIR, Components, escape_html};
use crate::site::Available;

/// The templates and static files of `theme`, its compiled components, and the files of
/// `content/` that are not Markdown.
pub fn available(
    theme: &Theme,
    config: &Config,
    assets: crate::content::ContentAssets,
) -> Available {
    Available {
        assets,
        templates: theme.template_names(),
        static_files: theme.static_files.keys().cloned().collect(),
        components: components(theme, config),
    }
}

/// Compiles the component templates (and the macros they may import). A template that does not
/// compile is left out here; compiling the whole theme reports it.
fn components(theme: &Theme, config: &Config) -> Components {
    let mut tera = tera::Tera::default();
    let mut sources = String::new();
    for (name, (_, text)) in &theme.templates {
        if name.starts_with(COMPONENTS_DIR) || name == "macros.html" {
            sources.push_str(name);
            sources.push('\0');
            sources.push_str(text);
            sources.push('\0');
            let mut one = tera.clone();
            if one.add_raw_template(name, text).is_ok() {
                tera = one;
            }
        }
    }
    tera.set_escape_fn(escape_html);
    register_urls(&mut tera, theme, &config.base_url);
    // `asset()` names the hashed copies of the theme's files; `t()` and the footnotes use words.
    let footnotes = theme.words.get("footnotes");
    let back_to_reference = theme.words.get("back_to_reference");
    sources.push_str(&format!(
        "{:?}\0{:?}",
        theme.hashed,
        theme.words.fingerprint()
    ));
    let mut components = Components::new(tera, xxhash_rust::xxh3::xxh3_128(sources.as_bytes()));
    components.footnotes = footnotes;
    components.back_to_reference = back_to_reference;
    components
}
