//! `logis export`: the whole database as a file set in format v1.

use crate::database;
use crate::progress::Bars;
use anyhow::Result;
use logis_domain::french::int;
use std::path::Path;
use std::process::ExitCode;

pub async fn run(url: &str, dir: &Path) -> Result<ExitCode> {
    let store = database::open(url).await?;
    let bars = Bars::new();
    let counts = logis_transfer::export(&*store, dir, &bars).await;
    bars.finish();
    store.close().await;
    let counts = counts?;
    say!("Export écrit dans {} :", dir.display());
    for (kind, rows) in counts {
        say!("  {:<18}{:>12} lignes", kind.file_name(), int(rows));
    }
    Ok(ExitCode::SUCCESS)
}
