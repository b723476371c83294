//! What the load benchmarks share: their settings read from the environment, the server started
//! on a free port of the loopback, requests sent on a keep-alive connection and their answers
//! read whole, the users' pauses, and the table of latencies per kind of request.

use logis_web::AppState;
use rand::Rng;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The load: `LOGIS_BENCH_USERS` users (default given by the bench), for `LOGIS_BENCH_SECONDS`
/// seconds (default 30), pausing `LOGIS_BENCH_THINK_MS` milliseconds on average between two
/// pages (default 1000).
pub struct Load {
    pub users: usize,
    pub seconds: u64,
    pub think: u64,
}

impl Load {
    pub fn from_env(default_users: usize) -> Self {
        fn var<T: std::str::FromStr>(name: &str, default: T) -> T {
            std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
        }
        Load {
            users: var("LOGIS_BENCH_USERS", default_users),
            seconds: var("LOGIS_BENCH_SECONDS", 30),
            think: var("LOGIS_BENCH_THINK_MS", 1000),
        }
    }
}

/// Serves `state` on a free port of the loopback; its address, once it listens.
pub async fn serve(state: AppState) -> SocketAddr {
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = free.local_addr().expect("address");
    drop(free);
    tokio::spawn(logis_web::serve(state, addr));
    tokio::time::sleep(Duration::from_millis(500)).await;
    addr
}

/// A keep-alive connection to `addr`, each request sent at once.
pub async fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    stream
}

/// One GET on a keep-alive connection, with `headers` (whole lines, `\r\n` ended); the status.
pub async fn get(stream: &mut TcpStream, path: &str, headers: &str, buffer: &mut Vec<u8>) -> u16 {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n");
    exchange(stream, &request, buffer).await
}

/// One form POST from the application's own pages (its `Origin`) on a keep-alive connection,
/// with `headers` (whole lines, `\r\n` ended); the status.
pub async fn post_form(
    stream: &mut TcpStream,
    path: &str,
    headers: &str,
    body: &str,
    buffer: &mut Vec<u8>,
) -> u16 {
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\n{headers}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    exchange(stream, &request, buffer).await
}

/// Sends `request`, reads the whole answer; its status.
pub async fn exchange(stream: &mut TcpStream, request: &str, buffer: &mut Vec<u8>) -> u16 {
    stream.write_all(request.as_bytes()).await.expect("send");
    buffer.clear();
    let mut chunk = [0u8; 65536];
    let (head_end, length) = loop {
        let n = stream.read(&mut chunk).await.expect("receive");
        assert!(n > 0, "connection closed");
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .expect("a content length");
            break (end + 4, length);
        }
    };
    while buffer.len() < head_end + length {
        let n = stream.read(&mut chunk).await.expect("receive");
        assert!(n > 0, "connection closed");
        buffer.extend_from_slice(&chunk[..n]);
    }
    let status = std::str::from_utf8(&buffer[9..12]).expect("status").parse().expect("status");
    buffer.drain(..head_end + length);
    status
}

/// A user's pause between two pages: between half and one and a half times `think`
/// milliseconds (none when `think` is 0).
pub async fn pause(think: u64) {
    if think > 0 {
        let pause = rand::rng().random_range(think / 2..=think * 3 / 2);
        tokio::time::sleep(Duration::from_millis(pause)).await;
    }
}

/// A user's first arrival: at a moment drawn within the first `think` milliseconds, as users
/// who each ask for a page every `think` milliseconds arrive in steady state (all at the same
/// instant, fifty first pages on two processors make a queue of half a second by themselves).
pub async fn arrival(think: u64) {
    if think > 0 {
        let wait = rand::rng().random_range(0..=think);
        tokio::time::sleep(Duration::from_millis(wait)).await;
    }
}

pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Prints the latencies of each kind (`kinds[k]` names `times[k]`): count, median, 90th and
/// 99th percentiles, maximum, under `title`; a kind without requests is left out.
pub fn print_latencies(title: &str, kinds: &[&str], times: &mut [Vec<Duration>]) {
    println!(
        "{:<26} {:>8} {:>10} {:>10} {:>10} {:>10}",
        title, "requêtes", "médiane", "p90", "p99", "max"
    );
    for (kind, times) in times.iter_mut().enumerate() {
        times.sort();
        if times.is_empty() {
            continue;
        }
        println!(
            "  {:<24} {:>8} {:>8.1} ms {:>7.1} ms {:>7.1} ms {:>7.1} ms",
            kinds[kind],
            times.len(),
            percentile(times, 0.5),
            percentile(times, 0.9),
            percentile(times, 0.99),
            percentile(times, 1.0)
        );
    }
}
