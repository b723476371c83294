//! The files of the last register import, kept with it: each file's name, valid rows, length
//! and SHA-256 ([`logis_exchange::fingerprint`]), saved in the import's own transaction. A
//! register import of the very same files is then not read again: their data are the
//! database's already, and what was changed in Logis since (a merge of duplicates, a
//! radiation, a form's save, a purge of old personal data) is kept, where reading them again
//! would have put the files' values back. `logis import --tout-relire` reads them all the same.

use logis_domain::french;
use logis_exchange::{FileKind, Fingerprint};
use logis_store::settings::{self, StoredSetting};
use logis_store::{Statement, Store, StoreError};
use std::collections::BTreeMap;

/// The setting that keeps them (one line per file: `name;rows;bytes;sha256`).
pub const LAST_FILES: &str = "fichiers_dernier_import";

/// The files of the last register import, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastFiles {
    /// When that import was made (the moment it is dated with), in words (`05/12/2026 à
    /// 14:03`, time of Paris).
    pub when: String,
    files: Vec<KeptFile>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct KeptFile {
    kind: FileKind,
    rows: u64,
    bytes: u64,
    sha256: String,
}

impl LastFiles {
    /// What the store keeps of the last register import; `None` if nothing is kept (or what is
    /// kept cannot be read: the files are then read again, as the first time).
    pub async fn stored(store: &dyn Store) -> Result<Option<LastFiles>, StoreError> {
        let Some(setting) = settings::get(store, LAST_FILES).await? else { return Ok(None) };
        let when = french::moment(setting.changed_at);
        let files: Option<Vec<KeptFile>> = setting.text.lines().map(KeptFile::parse).collect();
        Ok(files.map(|files| LastFiles { when, files }))
    }

    /// The valid rows per file of that import, if `fingerprint` is the one of its files: the
    /// same files, each of the same length and SHA-256.
    pub fn rows_if_same(&self, fingerprint: &Fingerprint) -> Option<BTreeMap<FileKind, u64>> {
        let same = self.files.len() == fingerprint.files.len()
            && self.files.iter().zip(&fingerprint.files).all(|(kept, file)| {
                kept.kind == file.kind && kept.bytes == file.bytes && kept.sha256 == file.sha256
            });
        same.then(|| self.files.iter().map(|f| (f.kind, f.rows)).collect())
    }
}

/// The statement that keeps `fingerprint`, with the valid rows of each file, as the files of the
/// register import committed at `now`.
pub fn keep(
    fingerprint: &Fingerprint,
    rows: &BTreeMap<FileKind, u64>,
    now: time::OffsetDateTime,
) -> Statement {
    let lines: Vec<String> = fingerprint
        .files
        .iter()
        .map(|file| {
            let kept = KeptFile {
                kind: file.kind,
                rows: rows.get(&file.kind).copied().unwrap_or(0),
                bytes: file.bytes,
                sha256: file.sha256.clone(),
            };
            kept.line()
        })
        .collect();
    settings::save(&StoredSetting {
        key: LAST_FILES.to_owned(),
        text: lines.join("\n"),
        changed_at: now.unix_timestamp(),
        changed_by: "import du registre".to_owned(),
    })
}

/// The statement that forgets the files of the last import (a register import whose files
/// changed while it read them: the next one reads them again).
pub fn forget() -> Statement {
    settings::remove(LAST_FILES)
}

impl KeptFile {
    fn line(&self) -> String {
        format!("{};{};{};{}", self.kind.file_name(), self.rows, self.bytes, self.sha256)
    }

    fn parse(line: &str) -> Option<KeptFile> {
        let mut parts = line.split(';');
        let kind = FileKind::from_file_name(parts.next()?)?;
        let rows = parts.next()?.parse().ok()?;
        let bytes = parts.next()?.parse().ok()?;
        let sha256 = parts.next()?.to_owned();
        parts.next().is_none().then_some(KeptFile { kind, rows, bytes, sha256 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_exchange::FileFingerprint;

    fn file(kind: FileKind, bytes: u64, sha256: &str) -> FileFingerprint {
        FileFingerprint { kind, bytes, sha256: sha256.to_owned() }
    }

    #[test]
    fn the_same_files_are_recognised_and_any_difference_is_not() {
        let fingerprint = Fingerprint {
            files: vec![file(FileKind::Demandes, 120, "aa"), file(FileKind::Membres, 80, "bb")],
        };
        let rows = BTreeMap::from([(FileKind::Demandes, 3), (FileKind::Membres, 5)]);
        let kept = keep(&fingerprint, &rows, time::OffsetDateTime::UNIX_EPOCH);
        let text = match &kept.params[1] {
            logis_store::Value::Text(Some(text)) => text.to_string(),
            other => panic!("the kept text, not {other:?}"),
        };
        assert_eq!(text, "demandes.csv;3;120;aa\nmembres.csv;5;80;bb");
        let files: Vec<KeptFile> =
            text.lines().map(|l| KeptFile::parse(l).expect("line")).collect();
        let last = LastFiles { when: "01/01/1970 à 01:00".to_owned(), files };
        assert_eq!(last.rows_if_same(&fingerprint), Some(rows));

        let mut other = fingerprint.clone();
        other.files[1].sha256 = "bc".to_owned();
        assert_eq!(last.rows_if_same(&other), None, "a file's content changed");
        let mut other = fingerprint.clone();
        other.files[0].bytes = 121;
        assert_eq!(last.rows_if_same(&other), None, "a file's length changed");
        let mut other = fingerprint.clone();
        other.files.pop();
        assert_eq!(last.rows_if_same(&other), None, "a file fewer");
        assert_eq!(KeptFile::parse("demandes.csv;3;120"), None, "a line cut short");
        assert_eq!(KeptFile::parse("notes.txt;3;120;aa"), None, "not a file of the format");
    }
}
