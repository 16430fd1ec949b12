//! The HTTP side of `serve`: a small HTTP/1.1 server on `std::net`, made for a laptop.
//!
//! Every connection gets `TCP_NODELAY` (a keep-alive request is answered at once, not after the
//! 40 ms of Nagle's algorithm), keep-alive as HTTP/1.0 and 1.1 define it, and a read timeout, so
//! idle and half-open connections are closed. Connections and live-reload listeners are counted and
//! bounded; past the bound a client gets `503` at once. Only `GET` and `HEAD` are answered
//! (`405` otherwise), and only for the host names the server is known by: the bound address,
//! `localhost`, and names given with `--allow-host`, so a page on another site that points its own
//! name at 127.0.0.1 (DNS rebinding) cannot read the preview. (tiny_http, used before, can set none
//! of these: its connections have no timeouts and it cannot answer HTTP/1.0 keep-alive.)

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// How long a connection may stay silent before it is closed.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long writing one response may take before the connection is given up.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once (one thread each); more get `503`.
pub(crate) const MAX_CONNECTIONS: usize = 256;
/// The longest request head (request line and headers) read.
const MAX_HEAD: u64 = 64 * 1024;

/// One request, as much of it as serving a static preview needs.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// The request target as sent: a path and perhaps a query.
    pub(crate) target: String,
    /// The `Host` header without its port, lowercased.
    pub(crate) host: Option<String>,
    keep_alive: bool,
}

/// A complete response.
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    pub(crate) fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    pub(crate) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// What a handler answers: a response, or a stream of server-sent events that takes the
/// connection over.
pub(crate) enum Reply {
    Full(Response),
    Events(Box<dyn FnOnce(TcpStream) + Send>),
}

/// Which hosts may be answered.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    bound: IpAddr,
    allowed: Vec<String>,
}

impl Hosts {
    pub(crate) fn new(bound: IpAddr, allowed: &[String]) -> Hosts {
        Hosts {
            bound,
            allowed: allowed
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .collect(),
        }
    }

    /// Whether a request for `host` is answered. IP addresses cannot be rebound, so any address
    /// is fine when the server listens on all of them; names must be known.
    pub(crate) fn allows(&self, host: Option<&str>) -> bool {
        let Some(host) = host else {
            // HTTP/1.0 clients may send no Host; browsers always do.
            return true;
        };
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(address) = literal.parse::<IpAddr>() {
            return self.bound.is_unspecified() || address == self.bound || address.is_loopback();
        }
        host == "localhost" || self.allowed.iter().any(|allowed| allowed == host)
    }
}

/// Accepts connections until `stop` is set (and a connection wakes the loop up), answering each on
/// its own thread with `handle`.
pub(crate) fn run(
    listener: TcpListener,
    stop: &AtomicBool,
    handle: Arc<dyn Fn(&Request) -> Reply + Send + Sync>,
) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut stream) = stream else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            let _ = write_response(
                &mut stream,
                &Response::new(
                    503,
                    "text/plain; charset=utf-8",
                    "503: too many connections\n",
                ),
                false,
                false,
            );
            continue;
        }
        let handle = Arc::clone(&handle);
        let active = Arc::clone(&active);
        std::thread::spawn(move || {
            serve_connection(stream, handle.as_ref());
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// Wakes the accept loop of a server listening on `address`, so it sees that it must stop.
pub(crate) fn wake(address: SocketAddr) {
    let address = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::from(([127, 0, 0, 1], address.port())),
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, address.port()))
        }
        _ => address,
    };
    let _ = TcpStream::connect_timeout(&address, Duration::from_secs(1));
}

fn serve_connection(stream: TcpStream, handle: &(dyn Fn(&Request) -> Reply + Send + Sync)) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Ok(reading) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(reading);
    let mut writer = stream;
    loop {
        let request = match read_request(&mut reader) {
            Ok(Some(request)) => request,
            // The client closed the connection, or stayed silent too long.
            Ok(None) => return,
            Err(()) => {
                let response = Response::new(400, "text/plain; charset=utf-8", "400 Bad Request\n");
                let _ = write_response(&mut writer, &response, false, false);
                return;
            }
        };
        let head_only = request.method == "HEAD";
        match handle(&request) {
            Reply::Full(response) => {
                let keep_alive = request.keep_alive && !matches!(response.status, 400 | 405);
                let written = write_response(&mut writer, &response, keep_alive, head_only);
                if written.is_err() || !keep_alive {
                    return;
                }
            }
            Reply::Events(stream_events) => {
                stream_events(writer);
                return;
            }
        }
    }
}

/// Reads one request head. `Ok(None)` when the connection ended (or timed out) before one began;
/// `Err` for a request that is not HTTP.
fn read_request(reader: &mut BufReader<TcpStream>) -> Result<Option<Request>, ()> {
    let mut head = reader.by_ref().take(MAX_HEAD);
    let mut line = String::new();
    match head.read_line(&mut line) {
        Ok(0) | Err(_) => return Ok(None),
        Ok(_) => {}
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(());
    };
    let http_1_0 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(()),
    };
    let mut host = None;
    let mut connection = String::new();
    loop {
        let mut header = String::new();
        match head.read_line(&mut header) {
            Ok(0) | Err(_) => return Err(()),
            Ok(_) => {}
        }
        let header = header.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            return Err(());
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            host = Some(host_name(value));
        } else if name.eq_ignore_ascii_case("connection") {
            connection = value.to_ascii_lowercase();
        }
    }
    let keep_alive = if http_1_0 {
        connection.contains("keep-alive")
    } else {
        !connection.contains("close")
    };
    Ok(Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        host,
        keep_alive,
    }))
}

/// The host of a `Host` header, without the port: `localhost:1111` gives `localhost`, `[::1]:80`
/// gives `[::1]`.
fn host_name(value: &str) -> String {
    let value = value.trim().to_ascii_lowercase();
    if value.starts_with('[') {
        return value
            .split_once(']')
            .map_or(value.clone(), |(ip, _)| format!("{ip}]"));
    }
    value.split(':').next().unwrap_or_default().to_string()
}

fn write_response(
    writer: &mut TcpStream,
    response: &Response,
    keep_alive: bool,
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: {}\r\n",
        response.status,
        reason(response.status),
        response.body.len(),
        if keep_alive { "keep-alive" } else { "close" }
    );
    for (name, value) in &response.headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    writer.write_all(&bytes)?;
    writer.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_hosts_are_answered() {
        let local = Hosts::new("127.0.0.1".parse().unwrap(), &["hub.test".to_string()]);
        assert!(local.allows(Some("localhost")));
        assert!(local.allows(Some("127.0.0.1")));
        assert!(local.allows(Some("hub.test")));
        assert!(local.allows(None));
        assert!(!local.allows(Some("rebind.attacker.example")));
        assert!(!local.allows(Some("10.0.0.2")));
        let everywhere = Hosts::new("0.0.0.0".parse().unwrap(), &[]);
        assert!(everywhere.allows(Some("192.168.1.20")));
        assert!(!everywhere.allows(Some("evil.example")));
        assert_eq!(host_name("LocalHost:1111"), "localhost");
        assert_eq!(host_name("[::1]:80"), "[::1]");
    }
}
