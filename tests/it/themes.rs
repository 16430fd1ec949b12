//! themes/README.md documents every value a template receives: these tests build a site whose
//! templates print what they were given, and fail when a documented value is missing (or, for the
//! values only a page's own template gets, when a list item has it too).

use serde_json::Value;

use crate::support::{TempSite, repo_root};

/// The names in backticks after `marker` in themes/README.md, up to the end of its sentence.
fn documented(marker: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(repo_root().join("themes/README.md")).unwrap();
    let start = readme
        .find(marker)
        .unwrap_or_else(|| panic!("themes/README.md no longer says \"{marker}\""))
        + marker.len();
    let rest = &readme[start..];
    let end = [".\n", ". "]
        .iter()
        .filter_map(|stop| rest.find(stop))
        .min()
        .unwrap_or(rest.len());
    let names: Vec<String> = rest[..end]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect();
    assert!(!names.is_empty(), "no values after \"{marker}\"");
    names
}

fn missing<'a>(value: &Value, names: &'a [String]) -> Vec<&'a str> {
    names
        .iter()
        .filter(|name| value.get(name.as_str()).is_none())
        .map(String::as_str)
        .collect()
}

/// A site whose guide, list and search templates print their values as JSON, one per line.
fn printing_site() -> TempSite {
    let site = TempSite::fixture("community", "basic");
    site.write(
        "templates/guide.html",
        "{{ page | json_encode() | safe }}\n{{ site | json_encode() | safe }}\n",
    );
    site.write(
        "templates/section.html",
        "{% for p in paginator.pages %}{{ p | json_encode() | safe }}\n{% endfor %}",
    );
    site.write("templates/search.html", "{{ __tera_context | safe }}");
    site.build(&[]).assert_success();
    site
}

#[test]
fn every_documented_value_reaches_the_templates_that_receive_it() {
    let site = printing_site();
    let every_page = documented("Values of every page, on the page itself and on list items:");
    let own_page = documented("Values only on the page being rendered, never on list items:");
    let site_values = documented("- `site`: its values are");
    let search_values = documented("receives these values:");

    let guide = site.read("guides/first/index.html");
    let mut lines = guide.lines();
    let page: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let site_value: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(missing(&page, &every_page), Vec::<&str>::new(), "on a page");
    assert_eq!(missing(&page, &own_page), Vec::<&str>::new(), "on a page");
    assert_eq!(
        missing(&site_value, &site_values),
        Vec::<&str>::new(),
        "in `site`"
    );

    let list = site.read("guides/index.html");
    let items: Vec<Value> = list
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(!items.is_empty(), "the guides list shows its pages");
    for item in &items {
        assert_eq!(
            missing(item, &every_page),
            Vec::<&str>::new(),
            "on a list item"
        );
        let own: Vec<&String> = own_page
            .iter()
            .filter(|name| item.get(name.as_str()).is_some())
            .collect();
        assert!(
            own.is_empty(),
            "list items have {own:?}, documented as the page's own"
        );
    }

    let search: Value = serde_json::from_str(&site.read("search/index.html")).unwrap();
    assert_eq!(
        missing(&search, &search_values),
        Vec::<&str>::new(),
        "on the search page"
    );
}
