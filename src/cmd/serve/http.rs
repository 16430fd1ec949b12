//! The HTTP side of `guildhall serve`: request paths checked, files answered from the last good
//! build with their content types, the live-reload script injected into pages, and the stream of
//! server-sent events open tabs listen to.

use std::io::Write;

use super::*;

/// The site path a request asks for, or `None` when it tries to leave the site (`..`, encoded dots,
/// backslashes, NUL).
pub(super) fn request_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    if decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    Some(decoded)
}

pub(super) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(super) fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "gz" => "application/gzip",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// A response header; a value that is not valid in a header (it came from a request) is replaced.
pub(super) fn header(name: &'static str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .or_else(|()| tiny_http::Header::from_bytes(name.as_bytes(), &b"invalid"[..]))
        .unwrap_or_else(|()| unreachable!("a constant header name and value are valid"))
}

pub(super) fn respond(request: tiny_http::Request, shared: &Shared) {
    let url = request.url().to_string();
    if let Some(live) = url.strip_prefix(LIVE_PREFIX) {
        return live_endpoint(request, live, shared);
    }
    let Some(path) = request_path(&url) else {
        let _ = request.respond(
            tiny_http::Response::from_string("403 Forbidden: that path leaves the site\n")
                .with_status_code(403)
                .with_header(header("Content-Type", "text/plain; charset=utf-8")),
        );
        return;
    };
    let state = shared.state.read().unwrap_or_else(|e| e.into_inner());
    let key = path.trim_start_matches('/');
    let (status, file_key) = if key.is_empty() || key.ends_with('/') {
        (200, format!("{key}index.html"))
    } else if state.files.contains_key(key) {
        (200, key.to_string())
    } else if state.files.contains_key(&format!("{key}/index.html")) {
        let location = format!("{path}/");
        drop(state);
        let _ = request
            .respond(tiny_http::Response::empty(301).with_header(header("Location", &location)));
        return;
    } else {
        (404, "404.html".to_string())
    };
    let (status, file_key) = if state.files.contains_key(&file_key) {
        (status, file_key)
    } else {
        (404, "404.html".to_string())
    };
    let body: Vec<u8> = match state.files.get(&file_key) {
        Some(Contents::Bytes(bytes)) => bytes.clone(),
        Some(Contents::Static(Origin::Embedded(bytes))) => bytes.to_vec(),
        Some(Contents::Static(Origin::File(source))) => std::fs::read(source).unwrap_or_default(),
        None => b"404 Not Found\n".to_vec(),
    };
    drop(state);
    let mime = content_type(&file_key);
    let body = if mime.starts_with("text/html") {
        inject_live_script(body)
    } else {
        body
    };
    let _ = request.respond(
        tiny_http::Response::from_data(body)
            .with_status_code(status)
            .with_header(header("Content-Type", mime))
            .with_header(header("Cache-Control", "no-store")),
    );
}

/// Adds the live-reload script to an HTML page, before `</body>` (or at the end).
pub(super) fn inject_live_script(mut body: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PREFIX}live.js\"></script>");
    let at = body
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(body.len());
    body.splice(at..at, tag.into_bytes());
    body
}

pub(super) fn live_endpoint(request: tiny_http::Request, what: &str, shared: &Shared) {
    match what.split('?').next().unwrap_or_default() {
        "live.js" => {
            let _ = request.respond(
                tiny_http::Response::from_string(LIVE_JS)
                    .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                    .with_header(header("Cache-Control", "no-store")),
            );
        }
        "events" => {
            let (tx, rx) = mpsc::channel();
            let _ = tx.send(format!("retry: 500\n\n{}", shared.status_event()));
            shared
                .listeners
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(tx);
            stream_events(request.into_writer(), &rx);
        }
        "status" => {
            let state = shared.state.read().unwrap_or_else(|e| e.into_inner());
            let body = json!({
                "version": state.version,
                "failed": state.failed,
                "problems": state.problems,
                "changed": state.changed,
            })
            .to_string();
            drop(state);
            let _ = request.respond(
                tiny_http::Response::from_string(body)
                    .with_header(header("Content-Type", "application/json")),
            );
        }
        _ => {
            let _ = request.respond(tiny_http::Response::empty(404));
        }
    }
}

/// Writes a server-sent event stream on the raw connection, flushing each event, until the tab goes
/// away or the server stops.
pub(super) fn stream_events(mut writer: Box<dyn Write + Send>, rx: &Receiver<String>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            // A comment line keeps proxies and the browser from timing out, and notices closed tabs.
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// The script every served page gets: reloads on a new build, shows the build's problems in an
/// overlay until they are fixed.
pub(super) const LIVE_JS: &str = r#"(() => {
  "use strict";
  let version = null;
  let overlay = null;
  const hide = () => { if (overlay) { overlay.remove(); overlay = null; } };
  const show = (text) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "guildhall-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", "Build problems");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#fff;padding:1.5rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace";
      const title = document.createElement("h2");
      title.textContent = "The build has problems; the page shows the last good build.";
      title.style.cssText = "font:600 16px/1.4 system-ui,sans-serif;margin:0 0 1rem;color:#ffb4b4";
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.append(title, pre);
      document.body.append(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  };
  const source = new EventSource("/__guildhall/events");
  source.addEventListener("built", (event) => {
    const data = JSON.parse(event.data);
    hide();
    if (version !== null && data.version !== version) { location.reload(); }
    version = data.version;
  });
  source.addEventListener("problems", (event) => { show(JSON.parse(event.data).problems); });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        assert_eq!(request_path("/guides/?q=1").as_deref(), Some("/guides/"));
        assert_eq!(request_path("/a%20b/").as_deref(), Some("/a b/"));
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/guildhall.toml",
            "/guides/..%2f..%2fguildhall.toml",
            "/a\\..\\b",
            "/%00",
            "/%zz",
            "//etc/passwd/..",
        ] {
            assert_eq!(request_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_live_script_goes_before_the_closing_body() {
        let out = inject_live_script(b"<html><body><p>x</p></body></html>".to_vec());
        let out = String::from_utf8(out).unwrap();
        assert!(out.ends_with("<script src=\"/__guildhall/live.js\"></script></body></html>"));
    }
}
