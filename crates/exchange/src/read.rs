//! Streaming the records of one file of a set, every problem going into the report.

use crate::fileset::{Entry, ExpansionLimit, FileSet};
use crate::limits::Limits;
use crate::records::Record;
use crate::report::{Issue, Report};
use crate::row::RowReader;
use crate::table::{FileToRead, read_rows};
use crate::text::sniff;

/// One row read as a `T` (on the thread that splits the file), with its problems.
struct Typed<T> {
    line: u64,
    record: Option<T>,
    issues: Vec<Issue>,
}

/// Reads `row` of `file` as a `T`.
fn typed<T: Record>(file: &str, row: crate::table::Row<'_>) -> Typed<T> {
    let mut reader = RowReader::new(T::KIND, file, &row);
    let record = T::read(&mut reader);
    Typed { line: row.line, record, issues: reader.issues }
}

impl<T> Typed<T> {
    /// Puts the row's problems in `report`; the record and its line when it had none.
    fn reported(self, report: &mut Report) -> Option<(u64, T)> {
        for issue in self.issues {
            report.error(issue);
        }
        Some((self.line, self.record?))
    }
}

/// Reads every row of `entry` as a `T`, in file order, calling `each(line, record)` for the
/// valid ones. Problems go into `report`. Returns `false` when the file could not be read to
/// its end (an unreadable or truncated file), which is also reported.
pub fn read_records<T: Record>(
    set: &FileSet,
    entry: &Entry,
    report: &mut Report,
    mut each: impl FnMut(u64, T, &mut Report) + Send,
) -> bool {
    let name = entry.name.as_str();
    let read_error = |report: &mut Report, e: std::io::Error| {
        let expanded = e.get_ref().and_then(|inner| inner.downcast_ref::<ExpansionLimit>());
        let message = match expanded {
            Some(limit) => limit.to_string(),
            None => format!(
                "lecture interrompue ({e}) : le fichier est tronqué ou illisible, recréez-le"
            ),
        };
        report.error(Issue::file(name, message));
        false
    };
    let line_limit = set.limits().record_bytes;
    let sniffed = match set.read_entry(entry, |reader| sniff(reader, line_limit)) {
        Ok(Ok(sniffed)) => sniffed,
        Ok(Err(e)) | Err(e) => return read_error(report, e),
    };
    let outcome = set.read_entry(entry, |reader| {
        read_rows(
            FileToRead { kind: T::KIND, name, sniffed, limits: set.limits() },
            reader,
            report,
            |row| typed::<T>(name, row),
            |typed, report| {
                if let Some((line, record)) = typed.reported(report) {
                    each(line, record, report);
                }
            },
        )
    });
    match outcome {
        Ok(Ok(())) => true,
        Ok(Err(e)) | Err(e) => read_error(report, e),
    }
}

/// Reads every row of one file held in memory as a `T` (an uploaded file, a fuzz input): the
/// same checks as a file on disk. Returns the valid records' count.
pub fn read_bytes<T: Record>(
    name: &str,
    bytes: &[u8],
    report: &mut Report,
    mut each: impl FnMut(u64, T) + Send,
) -> u64 {
    let mut count = 0;
    let limits = Limits::default();
    let sniffed = match crate::text::sniff(bytes, limits.record_bytes) {
        Ok(sniffed) => sniffed,
        Err(e) => {
            report.error(Issue::file(name, format!("lecture impossible ({e})")));
            return 0;
        }
    };
    let mut reader: &[u8] = bytes;
    let outcome = read_rows(
        FileToRead { kind: T::KIND, name, sniffed, limits: &limits },
        &mut reader,
        report,
        |row| typed::<T>(name, row),
        |typed, report| {
            if let Some((line, record)) = typed.reported(report) {
                count += 1;
                each(line, record);
            }
        },
    );
    if let Err(e) = outcome {
        report.error(Issue::file(name, format!("lecture interrompue ({e})")));
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_domain::Demande;
    use proptest::prelude::*;

    #[test]
    fn rows_in_memory_are_read_like_files() {
        let mut report = Report::default();
        let text = "numero_unique;date_depot;statut;situation_logement;ressources_mensuelles;communes_souhaitees\n\
                    A;2022-01-01;active;hotel;10;82033\nB;2022-01-01;active;hotel;dix;82033\n";
        let n = read_bytes::<Demande>("demandes.csv", text.as_bytes(), &mut report, |_, _| {});
        assert_eq!(n, 1);
        assert_eq!(report.errors.len(), 1);
        assert_eq!(report.errors[0].line, Some(3));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// What the fuzz target checks, on a small budget in every test run: any bytes, any
        /// file kind, never a panic.
        #[test]
        fn any_bytes_never_panic(header in 0usize..3, body in proptest::collection::vec(any::<u8>(), 0..600)) {
            let headers = ["", "numero_unique;rang;lien;date_naissance\n", "numero_unique,date_depot,statut\n"];
            let mut bytes = headers[header].as_bytes().to_vec();
            bytes.extend(body);
            let mut report = Report::default();
            read_bytes::<Demande>("demandes.csv", &bytes, &mut report, |_, _| {});
            read_bytes::<crate::MembreRow>("membres.csv", &bytes, &mut report, |_, _| {});
        }
    }
}
