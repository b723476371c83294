//! Exporting a whole store as a file set in canonical format v1.

use crate::import::table_of;
use crate::progress::{Phase, Progress};
use logis_exchange::{FileKind, MembreRow, RecordWriter};
use logis_store::{Record, Store, StoreError};
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
        store
            .export(table_of(kind), &mut |record| {
                match record {
                    Record::Organisme(o) => writer.write(&o),
                    Record::Seuils(s) => writer.write(&s),
                    Record::Demande(d) => writer.write(&d),
                    Record::Membre(numero_unique, membre) => {
                        writer.write(&MembreRow { numero_unique, membre })
                    }
                    Record::Logement(l) => writer.write(&l),
                    Record::Attribution(a) => writer.write(&a),
                    Record::Convention(c) => writer.write(&c),
                    Record::Grille(_)
                    | Record::Score(_)
                    | Record::ScoreHistorique(_)
                    | Record::GroupeComparable(_)
                    | Record::Candidature(_) => {
                        unreachable!("file kinds map to the tables of format v1 only")
                    }
                }
                .map_err(io)?;
                rows += 1;
                if rows.is_multiple_of(TICK) {
                    progress.rows(Phase::Export, kind, rows);
                }
                Ok(())
            })
            .await?;
        writer.finish().map_err(io)?;
        progress.rows(Phase::Export, kind, rows);
        counts.push((kind, rows));
    }
    Ok(counts)
}
