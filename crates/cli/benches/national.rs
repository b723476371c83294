//! Benchmark of the national scale: generation, import, export, cotation, the search for
//! possible duplicates and bilan of the
//! national set in SQLite and PostgreSQL, each as its own `logis` process, reporting wall time
//! and peak memory: the process's VmHWM, which counts the pages of a database file it maps, and
//! its allocated peak (RssAnon, polled). Run with `cargo bench -p logis-cli --bench national`.
//!
//! `LOGIS_BENCH_SCALE=cctc` runs the same steps on the demo territory (seconds instead of
//! minutes); `LOGIS_BENCH_DIR` sets the working folder (default: a folder under the system's
//! temporary directory, removed at the end); PostgreSQL steps run when `LOGIS_TEST_POSTGRES_URL`
//! names a server (`scripts/test` sets it), on a database created and dropped for the run.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// What one step cost.
struct Measure {
    step: String,
    seconds: f64,
    peak_mib: f64,
    /// The highest allocated memory polled (RssAnon: mapped files excluded).
    allocated_mib: f64,
}

/// Runs `logis ARGS`, polling its peak resident memory until it exits.
fn run(step: &str, args: &[&str], dir: &Path) -> Measure {
    run_with(step, args, dir, std::process::Stdio::null())
}

/// Runs `logis import --mesures`, its phases printed (time and peak memory of each).
fn import(step: &str, url: &str, dir: &Path) -> Measure {
    let args = ["--database", url, "import", "set", "--mesures"];
    run_with(step, &args, dir, std::process::Stdio::inherit())
}

fn run_with(step: &str, args: &[&str], dir: &Path, stdout: std::process::Stdio) -> Measure {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_logis"))
        .args(args)
        .current_dir(dir)
        .stdout(stdout)
        .spawn()
        .expect("start logis");
    let status_file = format!("/proc/{}/status", child.id());
    let (mut peak_kib, mut allocated_kib) = (0u64, 0u64);
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            let kib = |field: &str| -> u64 {
                text.lines()
                    .find_map(|l| l.strip_prefix(field))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                    .unwrap_or(0)
            };
            peak_kib = peak_kib.max(kib("VmHWM:"));
            allocated_kib = allocated_kib.max(kib("RssAnon:"));
        }
        if let Some(status) = child.try_wait().expect("wait for logis") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{step} failed");
    let m = Measure {
        step: step.to_owned(),
        seconds: start.elapsed().as_secs_f64(),
        peak_mib: peak_kib as f64 / 1024.0,
        allocated_mib: allocated_kib as f64 / 1024.0,
    };
    println!(
        "{:<40} {:>9.1} s {:>9.0} Mio {:>9.0} Mio",
        m.step, m.seconds, m.peak_mib, m.allocated_mib
    );
    m
}

/// DuckDB's load and export of the same files, measured in the same run
/// (`scripts/duckdb-reference`), printed beside Logis's; skipped, said, without DuckDB.
fn duckdb_reference(dir: &Path) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/duckdb-reference");
    let output = Command::new("python3")
        .args([script, "set", "duckdb"])
        .current_dir(dir)
        .output()
        .expect("run python3");
    if output.status.success() {
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let (step, seconds) = line.rsplit_once(' ').unwrap_or((line, ""));
            println!("{step:<40} {seconds:>9} s");
        }
    } else {
        println!("DuckDB reference skipped: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
}

fn psql(server: &str, sql: &str) {
    let status = Command::new("psql").args([server, "-q", "-c", sql]).status().expect("run psql");
    assert!(status.success(), "psql {sql}");
}

/// The cotation of the whole set: first run (every score new), second run (nothing changed),
/// the evaluation of the last year's allocations.
fn cotation_steps(backend: &str, url: &str, dir: &Path, measures: &mut Vec<Measure>) {
    let at = ["--date", "31/12/2025"];
    let first = [&["--database", url, "cotation"][..], &at].concat();
    measures.push(run(&format!("cotation in {backend} (first)"), &first, dir));
    measures.push(run(&format!("cotation in {backend} (unchanged)"), &first, dir));
    let evaluation = ["--database", url, "cotation", "evaluation", "--year", "2025"];
    measures.push(run(&format!("cotation evaluation in {backend}"), &evaluation, dir));
}

/// The search for possible duplicates among the active applications, alone (the import made
/// it already, so every pair is known: the time is that of a nightly run).
fn duplicate_steps(backend: &str, url: &str, dir: &Path, measures: &mut Vec<Measure>) {
    let args = ["--database", url, "doublons"];
    measures.push(run(&format!("doublons in {backend}"), &args, dir));
}

/// The yearly evaluation of the last year: the JSON from the SQL counts, the PDF report (every
/// year of the data for the trend), the workbook.
fn bilan_steps(backend: &str, url: &str, dir: &Path, measures: &mut Vec<Measure>) {
    let year = ["--database", url, "bilan", "--year", "2025"];
    measures.push(run(&format!("bilan JSON in {backend}"), &year, dir));
    let pdf = [&year[..], &["--format", "pdf", "--out", "bilan.pdf"]].concat();
    measures.push(run(&format!("bilan PDF in {backend}"), &pdf, dir));
    let xlsx = [&year[..], &["--format", "xlsx", "--out", "bilan.xlsx"]].concat();
    measures.push(run(&format!("bilan XLSX in {backend}"), &xlsx, dir));
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let scale = std::env::var("LOGIS_BENCH_SCALE").unwrap_or_else(|_| "national".into());
    let owned = std::env::var("LOGIS_BENCH_DIR").is_err();
    let dir = std::env::var("LOGIS_BENCH_DIR").map(std::path::PathBuf::from).unwrap_or_else(|_| {
        std::env::temp_dir().join(format!("logis-bench-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir).expect("bench folder");
    println!("Benchmark {scale} in {}", dir.display());
    println!("{:<40} {:>11} {:>13} {:>13}", "step", "time", "peak resident", "allocated");
    let mut measures = Vec::new();
    let _ = std::fs::remove_file(dir.join("bench.db"));
    measures.push(run(
        &format!("generate {scale}"),
        &["generate", "--scale", &scale, "--out", "set"],
        &dir,
    ));
    duckdb_reference(&dir);
    let sqlite = "sqlite://bench.db";
    measures.push(import("import into SQLite", sqlite, &dir));
    measures.push(run("export from SQLite", &["--database", sqlite, "export", "out-sqlite"], &dir));
    cotation_steps("SQLite", sqlite, &dir, &mut measures);
    duplicate_steps("SQLite", sqlite, &dir, &mut measures);
    bilan_steps("SQLite", sqlite, &dir, &mut measures);
    if let Ok(server) = std::env::var("LOGIS_TEST_POSTGRES_URL") {
        let name = format!("logis_bench_{}", std::process::id());
        psql(&server, &format!("CREATE DATABASE {name}"));
        let url =
            format!("{}/{name}", server.rsplit_once('/').map_or(server.as_str(), |(root, _)| root));
        measures.push(import("import into PostgreSQL", &url, &dir));
        measures.push(run(
            "export from PostgreSQL",
            &["--database", &url, "export", "out-postgres"],
            &dir,
        ));
        cotation_steps("PostgreSQL", &url, &dir, &mut measures);
        duplicate_steps("PostgreSQL", &url, &dir, &mut measures);
        bilan_steps("PostgreSQL", &url, &dir, &mut measures);
        psql(&server, &format!("DROP DATABASE {name} WITH (FORCE)"));
    }
    let set_size: u64 = std::fs::read_dir(dir.join("set"))
        .expect("set")
        .map(|e| e.expect("entry").metadata().expect("metadata").len())
        .sum();
    println!("file set: {:.0} Mio", set_size as f64 / (1024.0 * 1024.0));
    let worst = measures.iter().map(|m| m.peak_mib).fold(0.0, f64::max);
    let allocated = measures.iter().map(|m| m.allocated_mib).fold(0.0, f64::max);
    println!("highest peak memory: {worst:.0} Mio resident, {allocated:.0} Mio allocated");
    if owned {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
