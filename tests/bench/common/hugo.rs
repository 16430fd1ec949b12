//! The same hub for Hugo: a site folder whose `contentDir` is the hub's own `content/`, with
//! minimal templates (a base page, pages, paginated lists, the topics taxonomy) and Hugo's default
//! outputs (RSS feeds of every list, the sitemap). No search index, no structured data, no related
//! content: the floor of what a hub needs from Hugo.

use std::path::Path;

const CONFIG: &str = r#"baseURL = "https://bench.example/"
title = "Bench Hub"
locale = "en"
disableKinds = []

[taxonomies]
topic = "topics"

[pagination]
pagerSize = 20

[markup.tableOfContents]
startLevel = 2
endLevel = 3
"#;

const BASEOF: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Summary | plainify | truncate 160 }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
"#;

const SINGLE: &str = r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ with .Date }}<time datetime="{{ .Format "2006-01-02" }}">{{ .Format "2 January 2006" }}</time>{{ end }}
{{ .TableOfContents }}
{{ .Content }}
{{ with .GetTerms "topics" }}<ul class="topics">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range (.Paginate .Pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ .Summary | plainify | truncate 160 }}</li>{{ end }}</ul>
{{ partial "pagination.html" . }}{{ end }}
"#;

/// Writes the Hugo site for the hub whose content is `content` into `dir`.
pub fn ensure(dir: &Path, content: &Path) -> std::io::Result<()> {
    let content = std::path::absolute(content)?;
    let layouts = dir.join("layouts");
    std::fs::create_dir_all(&layouts)?;
    // Top-level keys come before the tables.
    let config = format!("contentDir = {:?}\n{CONFIG}", content.display().to_string());
    std::fs::write(dir.join("hugo.toml"), config)?;
    std::fs::write(layouts.join("baseof.html"), BASEOF)?;
    std::fs::write(layouts.join("single.html"), SINGLE)?;
    std::fs::write(layouts.join("list.html"), LIST)?;
    Ok(())
}
