//! Answering a request from the last good build: the path checked, the file found with its content
//! type, the live-reload script injected into pages, and the stream of server-sent events open tabs
//! listen to.

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
pub(super) fn text(status: u16, body: &str) -> http::Reply {
    http::Reply::Full(http::Response::new(
        status,
        "text/plain; charset=utf-8",
        body,
    ))
}

pub(super) fn respond(request: &http::Request, shared: &Arc<Shared>) -> http::Reply {
    if request.method != "GET" && request.method != "HEAD" {
        return http::Reply::Full(
            http::Response::new(
                405,
                "text/plain; charset=utf-8",
                "405 Method Not Allowed: the preview answers GET and HEAD\n",
            )
            .with_header("Allow", "GET, HEAD"),
        );
    }
    if !shared.hosts.allows(request.host.as_deref()) {
        let host = request.host.as_deref().unwrap_or_default();
        return text(
            403,
            &format!(
                "403 Forbidden: this preview does not answer for the host `{host}`; start `guildhall serve --allow-host {host}` to allow it\n"
            ),
        );
    }
    let url = request.target.as_str();
    if let Some(live) = url.strip_prefix(LIVE_PREFIX) {
        return live_endpoint(live, shared);
    }
    let Some(path) = request_path(url) else {
        return text(403, "403 Forbidden: that path leaves the site\n");
    };
    let state = shared.state.read().unwrap_or_else(|e| e.into_inner());
    let key = path.trim_start_matches('/');
    let (status, file_key) = if key.is_empty() || key.ends_with('/') {
        (200, format!("{key}index.html"))
    } else if state.files.contains_key(key) {
        (200, key.to_string())
    } else if state.files.contains_key(&format!("{key}/index.html")) {
        return http::Reply::Full(
            http::Response::new(301, "text/plain; charset=utf-8", "")
                .with_header("Location", format!("{path}/")),
        );
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
        Some(Contents::Static(Origin::File(source))) => {
            crate::output::read_regular(source).unwrap_or_default()
        }
        None => b"404 Not Found\n".to_vec(),
    };
    drop(state);
    let mime = content_type(&file_key);
    let body = if mime.starts_with("text/html") {
        inject_live_script(body)
    } else {
        body
    };
    http::Reply::Full(
        http::Response::new(status, mime, body).with_header("Cache-Control", "no-store"),
    )
}

pub(super) fn inject_live_script(mut body: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PREFIX}live.js\"></script>");
    let at = body
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(body.len());
    body.splice(at..at, tag.into_bytes());
    body
}

pub(super) fn live_endpoint(what: &str, shared: &Arc<Shared>) -> http::Reply {
    match what.split('?').next().unwrap_or_default() {
        "live.js" => http::Reply::Full(
            http::Response::new(200, "text/javascript; charset=utf-8", LIVE_JS)
                .with_header("Cache-Control", "no-store"),
        ),
        "events" => {
            let (tx, rx) = mpsc::channel();
            let _ = tx.send(format!("retry: 500\n\n{}", shared.status_event()));
            {
                let mut listeners = shared.listeners.lock().unwrap_or_else(|e| e.into_inner());
                // Tabs that went away are dropped on the next broadcast; count the live ones.
                listeners.retain(|listener| listener.send(String::new()).is_ok());
                if listeners.len() >= MAX_LISTENERS {
                    return text(503, "503: too many live-reload listeners\n");
                }
                listeners.push(tx);
            }
            http::Reply::Events(Box::new(move |stream| stream_events(stream, &rx)))
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
            http::Reply::Full(http::Response::new(200, "application/json", body))
        }
        _ => http::Reply::Full(http::Response::new(404, "text/plain; charset=utf-8", "")),
    }
}

/// Writes a server-sent event stream on the connection, flushing each event, until the tab goes
/// away or the server stops.
pub(super) fn stream_events(mut writer: TcpStream, rx: &Receiver<String>) {
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
            // The probe that counts live listeners.
            Ok(message) if message.is_empty() => continue,
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
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#16161a;color:#fff;color-scheme:dark;padding:1.5rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace";
      const title = document.createElement("h2");
      title.textContent = "The build has problems; the page shows the last good build.";
      title.style.cssText = "font:600 16px/1.4 system-ui,sans-serif;margin:0 0 1rem;color:#ffb4b4";
      const pre = document.createElement("pre");
      // The page's own styles for <pre> (a light background in light mode) must not reach it.
      pre.style.cssText = "all:revert;display:block;white-space:pre-wrap;margin:0;padding:0;background:none;color:#fff;font:inherit";
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
