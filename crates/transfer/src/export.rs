//! Exporting a whole store as a file set in canonical format v1.

use crate::file_cells::{FileCells, Lines};
use crate::import::table_of;
use crate::progress::{Phase, Progress};
use logis_exchange::{FileKind, RecordWriter};
use logis_store::{Encoder, Store, StoreError, Table};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

/// Writes every table of `store` into `dir` (created if missing), one file per kind, rows in
/// the order the store reads fastest ([`Store::export_encoded`]: the SQLite backend's stored
/// order, the files' as imported). Returns the rows written per file.
pub async fn export(
    store: &dyn Store,
    dir: &Path,
    progress: &dyn Progress,
) -> Result<Vec<(FileKind, u64)>, StoreError> {
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut files = Vec::with_capacity(FileKind::ALL.len());
    for kind in FileKind::ALL {
        files.push((
            kind,
            RecordWriter::create(dir, kind).and_then(RecordWriter::finish).map_err(io)?,
            0u64,
        ));
    }
    let tables: Vec<Table> = FileKind::ALL.into_iter().map(table_of).collect();
    let at = |table: Table| FileKind::ALL.iter().position(|k| table_of(*k) == table);
    let cells: Vec<Arc<FileCells>> =
        FileKind::ALL.into_iter().map(|kind| Arc::new(FileCells::of(kind))).collect();
    let encoder: Arc<Encoder> = Arc::new(move |table| {
        Box::new(Lines::new(cells[at(table).expect("a table of a file")].clone()))
    });
    store
        .export_encoded(&tables, encoder, &mut |encoded| {
            let at = at(encoded.table).expect("a table of a file");
            let (kind, file, rows): &mut (FileKind, BufWriter<File>, u64) = &mut files[at];
            file.write_all(&encoded.bytes).map_err(io)?;
            *rows += encoded.rows;
            progress.rows(Phase::Export, *kind, *rows);
            Ok(())
        })
        .await?;
    let mut counts = Vec::with_capacity(files.len());
    for (kind, mut file, rows) in files {
        file.flush().map_err(io)?;
        progress.rows(Phase::Export, kind, rows);
        counts.push((kind, rows));
    }
    Ok(counts)
}

pub(crate) fn io(e: std::io::Error) -> StoreError {
    StoreError::Aborted(format!("écriture des fichiers impossible : {e}"))
}
