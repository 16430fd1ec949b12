//! `guildhall serve` run by a benchmark, and a listener to its reload events like a browser tab's.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `guildhall serve`: the process, what it prints line by line (with the moment each line
/// arrived), and its port.
pub struct Served {
    pub child: Child,
    pub lines: mpsc::Receiver<(Instant, String)>,
    pub port: u16,
}

/// Starts the release binary's `serve` on any free port for the hub at `dir`, at `now`, and waits
/// until it says where it serves.
pub fn start(dir: &Path, now: &str) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guildhall"))
        .args(["serve", "--port", "0", "--now", now, "--root"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("guildhall serve starts");
    let (lines_tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().expect("serve's output");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines_tx.send((Instant::now(), line));
        }
    });
    let port = loop {
        let (_, line) = lines
            .recv_timeout(Duration::from_secs(600))
            .expect("serve prints its address");
        // `building ... for http://...` comes first; the site is served once it says `serving`.
        if let Some(rest) = line
            .strip_prefix("serving ")
            .and_then(|line| line.split("http://127.0.0.1:").nth(1))
        {
            break rest
                .split('/')
                .next()
                .and_then(|p| p.parse().ok())
                .expect("a port");
        }
    };
    Served { child, lines, port }
}

/// The moments `built` events arrive, read like a browser tab does; the first is the current state.
pub fn listen(port: u16) -> mpsc::Receiver<Instant> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to serve");
    write!(
        stream,
        "GET /__guildhall/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("ask for events");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if line == "event: built" {
                let _ = tx.send(Instant::now());
            }
        }
    });
    rx
}
