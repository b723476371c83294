//! The import's memory stays bounded whatever the input: a 4 Mo archive whose one field
//! expands to 4 Gio is refused without holding it, and so is a 2 Gio field in an archive the
//! settings let through. The peak resident memory of the `logis` process is measured by the
//! kernel (getrusage, read through Python's `resource` module: this workspace forbids the
//! unsafe code a direct call would need).

use crate::support::stderr;
use logis_testkit::bomb::Announced;
use std::path::Path;
use std::process::{Command, Output};

/// The most resident memory an import may take, in KiB (1.5 GB).
const BOUND_KIB: u64 = 1_500_000;

/// Runs `logis args` in `dir`; its output and its peak resident memory in KiB.
fn measured(dir: &Path, args: &[&str]) -> (Output, u64) {
    let script = "import resource, subprocess, sys\n\
                  r = subprocess.run(sys.argv[1:], capture_output=True)\n\
                  sys.stdout.buffer.write(r.stdout)\n\
                  sys.stderr.buffer.write(r.stderr)\n\
                  print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n\
                  sys.exit(r.returncode)";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_logis"))
        .args(args)
        .current_dir(dir)
        .env_remove("LOGIS_DATABASE_URL")
        .output()
        .expect("python3 runs");
    let said = stderr(&out);
    let peak = said.lines().last().and_then(|l| l.trim().parse().ok()).expect("peak memory");
    (out, peak)
}

#[test]
fn a_four_gigabyte_field_in_a_four_megabyte_archive_is_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let bomb = dir.path().join("bombe.zip");
    logis_testkit::bomb::zip_bomb(&bomb, 4096, Announced::Lie(512 << 10));
    let size = std::fs::metadata(&bomb).expect("archive").len();
    assert!(size < 8 << 20, "a few megabytes: {size}");
    let (out, peak) = measured(dir.path(), &["import", "bombe.zip"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bombe de décompression"), "{}", stderr(&out));
    assert!(peak < BOUND_KIB, "peak resident memory {peak} KiB");
}

#[tokio::test]
async fn a_two_gigabyte_field_let_through_by_the_settings_is_still_read_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("logis.db").display());
    let store = logis_store_sqlite::SqliteStore::open(&url).await.expect("open");
    let generous = logis_store::settings::StoredSetting {
        key: logis_store::settings::PRIVACY.to_owned(),
        text: "[imports]\narchive_ratio_max = 10000\narchive_max_mo = 8192\n".to_owned(),
        changed_at: 0,
        changed_by: "test".to_owned(),
    };
    logis_store::Store::execute(&store, &[logis_store::settings::save(&generous)])
        .await
        .expect("settings");
    logis_store::Store::close(&store).await;
    let archive = dir.path().join("champ.zip");
    logis_testkit::bomb::zip_bomb(&archive, 2048, Announced::Truth);
    let (out, peak) = measured(dir.path(), &["import", "champ.zip"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("ligne de plus de 1024 Ko"), "{}", stderr(&out));
    assert!(peak < BOUND_KIB, "peak resident memory {peak} KiB");
}
