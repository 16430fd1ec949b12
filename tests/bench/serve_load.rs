//! Load on `guildhall serve`: keep-alive clients, idle connections, and edits under load.
//!
//!     cargo bench --bench serve-load               # 20 clients for 10 s, 200 idle connections
//!     cargo bench --bench serve-load -- 20 30 200  # clients, seconds, idle connections
//!
//! It serves the `build/basic` fixture with the release binary. Each client opens one keep-alive
//! connection and requests pages one after the other; the benchmark prints the requests per second
//! and the p50, p99 and slowest latency, and the errors (any response that is not a whole 200). A
//! page is edited every 100 ms meanwhile, so rebuilds run under load. Then it opens idle connections
//! and live-reload listeners, and prints how many of the idle ones the server closed after its idle
//! timeout.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[path = "common/serve.rs"]
mod serve;

const PAGES: [&str; 4] = ["/", "/guides/", "/guides/first/", "/about/"];

fn main() {
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let clients = *numbers.first().unwrap_or(&20) as usize;
    let seconds = *numbers.get(1).unwrap_or(&10);
    let idle = *numbers.get(2).unwrap_or(&200) as usize;
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/build/basic");
    let dir = std::env::temp_dir().join(format!("guildhall-serve-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(&fixture, &dir);
    let mut served = serve::start(&dir, "2026-03-01T12:00:00Z");
    let port = served.port;

    let built = serve::listen(port);
    let stop = Arc::new(AtomicBool::new(false));
    let editor = {
        let stop = Arc::clone(&stop);
        let page = dir.join("content/pages/about.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                std::fs::write(&page, format!("{text}\nEdit {n}.\n")).unwrap();
                std::thread::sleep(Duration::from_millis(100));
            }
            n
        })
    };
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..clients)
        .map(|client| std::thread::spawn(move || keep_alive_client(port, client, deadline)))
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (times, failed) = worker.join().unwrap();
        latencies.extend(times);
        errors += failed;
    }
    stop.store(true, Ordering::SeqCst);
    let edits = editor.join().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let rebuilds = built.try_iter().count().saturating_sub(1);
    let printed = served.lines.try_iter().count();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
    println!(
        "{clients} keep-alive clients for {seconds} s, {edits} edits ({rebuilds} reloads, {printed} lines from serve): {} requests ({:.0}/s), p50 {:.2} ms, p99 {:.2} ms, slowest {:.2} ms, {errors} errors",
        latencies.len(),
        latencies.len() as f64 / seconds as f64,
        at(0.5).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        latencies.last().unwrap().as_secs_f64() * 1000.0,
    );

    let started = Instant::now();
    let mut connections: Vec<TcpStream> = (0..idle)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    for connection in &mut connections {
        connection
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
    }
    let opened = connections.len();
    let mut closed = 0;
    for mut connection in connections {
        let mut byte = [0; 1];
        if matches!(connection.read(&mut byte), Ok(0)) {
            closed += 1;
        }
    }
    println!(
        "{opened} idle connections: {closed} closed by the server within {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let listeners: Vec<TcpStream> = (0..100)
        .filter_map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
            write!(
                stream,
                "GET /__guildhall/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
            )
            .ok()?;
            let mut line = String::new();
            BufReader::new(stream.try_clone().ok()?)
                .read_line(&mut line)
                .ok()?;
            line.starts_with("HTTP/1.1 200").then_some(stream)
        })
        .collect();
    println!(
        "100 live-reload listeners asked for: {} accepted",
        listeners.len()
    );
    let _ = served.child.kill();
    let _ = served.child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Requests pages on one keep-alive connection until `deadline`: each request's latency, and the
/// number of failures.
fn keep_alive_client(port: u16, client: usize, deadline: Instant) -> (Vec<Duration>, usize) {
    let mut times = Vec::new();
    let mut errors = 0;
    let connect = || {
        let stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
        stream.set_nodelay(true).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        Some((BufReader::new(stream.try_clone().ok()?), stream))
    };
    let Some((mut reader, mut writer)) = connect() else {
        return (times, 1);
    };
    let mut n = client;
    while Instant::now() < deadline {
        n += 1;
        let path = PAGES[n % PAGES.len()];
        let started = Instant::now();
        let ok = writer
            .write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
            .is_ok()
            && read_response(&mut reader);
        if ok {
            times.push(started.elapsed());
        } else {
            errors += 1;
            match connect() {
                Some((r, w)) => (reader, writer) = (r, w),
                None => break,
            }
        }
    }
    (times, errors)
}

/// Reads one whole response; `true` when it is a 200 with its full body.
fn read_response(reader: &mut BufReader<TcpStream>) -> bool {
    let mut status = String::new();
    if reader.read_line(&mut status).is_err() || !status.starts_with("HTTP/1.1 200") {
        return false;
    }
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return false;
        }
        if line == "\r\n" {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let Some(length) = length else {
        return false;
    };
    let mut body = vec![0; length];
    reader.read_exact(&mut body).is_ok()
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir_like(from) {
        let target = to.join(entry.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
}

/// Every file below `dir`.
fn walkdir_like(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}
