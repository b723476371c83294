//! Exporting a whole store as a file set in canonical format v1.

use crate::progress::{Phase, Progress};
use logis_exchange::{FileKind, MembreRow, Record, RecordWriter};
use logis_store::{Store, StoreError};
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

/// Row counts between two progress reports.
const TICK: u64 = 10_000;

/// Writes every table of `store` into `dir` (created if missing), one file per kind, rows in
/// key order. Returns the rows written per file.
pub async fn export(
    store: &dyn Store,
    dir: &Path,
    progress: &dyn Progress,
) -> Result<Vec<(FileKind, u64)>, StoreError> {
    let io =
        |e: std::io::Error| StoreError::Aborted(format!("écriture des fichiers impossible : {e}"));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut counts = Vec::new();
    for kind in FileKind::ALL {
        let mut writer = RecordWriter::create(dir, kind).map_err(io)?;
        let mut rows = 0u64;
        {
            let mut put = |record: &dyn ErasedRecord| -> Result<(), StoreError> {
                record.write_to(&mut writer).map_err(io)?;
                rows += 1;
                if rows.is_multiple_of(TICK) {
                    progress.rows(Phase::Export, kind, rows);
                }
                Ok(())
            };
            match kind {
                FileKind::Organismes => store.export_organismes(&mut |o| put(&o)).await?,
                FileKind::Seuils => store.export_seuils(&mut |s| put(&s)).await?,
                FileKind::Demandes => store.export_demandes(&mut |d| put(&d)).await?,
                FileKind::Membres => {
                    store
                        .export_membres(&mut |(numero_unique, membre)| {
                            put(&MembreRow { numero_unique, membre })
                        })
                        .await?
                }
                FileKind::Logements => store.export_logements(&mut |l| put(&l)).await?,
                FileKind::Attributions => store.export_attributions(&mut |a| put(&a)).await?,
            }
        }
        writer.finish().map_err(io)?;
        progress.rows(Phase::Export, kind, rows);
        counts.push((kind, rows));
    }
    Ok(counts)
}

/// Any record, written through one writer type.
trait ErasedRecord {
    fn write_to(&self, writer: &mut RecordWriter<BufWriter<File>>) -> std::io::Result<()>;
}

impl<T: Record> ErasedRecord for T {
    fn write_to(&self, writer: &mut RecordWriter<BufWriter<File>>) -> std::io::Result<()> {
        writer.write(self)
    }
}
