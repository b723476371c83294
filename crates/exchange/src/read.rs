//! Streaming the records of one file of a set, every problem going into the report.

use crate::fileset::{Entry, FileSet};
use crate::records::Record;
use crate::report::{Issue, Report};
use crate::row::RowReader;
use crate::table::read_rows;
use crate::text::sniff;

/// Reads every row of `entry` as a `T`, in file order, calling `each(line, record)` for the
/// valid ones. Problems go into `report`. Returns `false` when the file could not be read to
/// its end (an unreadable or truncated file), which is also reported.
pub fn read_records<T: Record>(
    set: &FileSet,
    entry: &Entry,
    report: &mut Report,
    mut each: impl FnMut(u64, T, &mut Report),
) -> bool {
    let name = entry.name.as_str();
    let read_error = |report: &mut Report, e: std::io::Error| {
        report.error(Issue::file(
            name,
            format!("lecture interrompue ({e}) : le fichier est tronqué ou illisible, recréez-le"),
        ));
        false
    };
    let sniffed = match set.read_entry(entry, |reader| sniff(reader)) {
        Ok(Ok(sniffed)) => sniffed,
        Ok(Err(e)) | Err(e) => return read_error(report, e),
    };
    let outcome = set.read_entry(entry, |reader| {
        read_rows(T::KIND, name, sniffed, reader, report, |row, report| {
            let mut reader = RowReader::new(T::KIND, name, &row);
            let record = T::read(&mut reader);
            for issue in reader.issues {
                report.error(issue);
            }
            if let Some(record) = record {
                each(row.line, record, report);
            }
        })
    });
    match outcome {
        Ok(Ok(())) => true,
        Ok(Err(e)) | Err(e) => read_error(report, e),
    }
}
