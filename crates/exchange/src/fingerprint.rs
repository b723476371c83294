//! What identifies the files of a set: each file's kind, length and SHA-256, read through the
//! set's own readers (an archive's files as they expand, within its limits), the files on
//! threads of their own. Two sets with the same fingerprint hold the same bytes: a register
//! import of the very files imported last is recognised by it (`logis_transfer`). A stamp —
//! each file's length, time of modification and, on Unix, inode and time of status change (a
//! copy that keeps the time of modification still changes it) — tells whether the files
//! changed while they were read.

use crate::fileset::{Container, FileSet};
use crate::schema::FileKind;
use sha2::{Digest, Sha256};
use std::io::{self, Read};
use std::time::SystemTime;

/// Bytes read at a time while a file is hashed.
const BUFFER: usize = 1 << 20;

/// One file of a set, identified by its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFingerprint {
    pub kind: FileKind,
    /// Its length, in bytes (an archive's file: once expanded).
    pub bytes: u64,
    /// The SHA-256 of its bytes, in lowercase hexadecimal.
    pub sha256: String,
}

/// Every file of a set, in loading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub files: Vec<FileFingerprint>,
}

/// What the disk says of each file of a set (of the archive, for a .zip): its length, time of
/// modification and, on Unix, its inode and time of status change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp(Vec<(u64, Option<SystemTime>, [i64; 3])>);

impl FileSet {
    /// The fingerprint of the set's files, each read on a thread of its own that first runs
    /// `on_each_thread` (an import has them give way to the pages a server answers); `None` for
    /// a set held in memory (a form's rows).
    pub fn fingerprint(
        &self,
        on_each_thread: &(dyn Fn() + Sync),
    ) -> io::Result<Option<Fingerprint>> {
        if matches!(self.container, Container::Memory(_)) {
            return Ok(None);
        }
        let files = std::thread::scope(|scope| {
            let hashing: Vec<_> = self
                .entries()
                .iter()
                .map(|entry| {
                    scope.spawn(move || {
                        on_each_thread();
                        let (bytes, sha256) = self.read_entry(entry, hashed)??;
                        Ok(FileFingerprint { kind: entry.kind, bytes, sha256 })
                    })
                })
                .collect();
            hashing
                .into_iter()
                .map(|thread| thread.join().unwrap_or_else(|_| Err(io::Error::other("panique"))))
                .collect::<io::Result<Vec<_>>>()
        })?;
        Ok(Some(Fingerprint { files }))
    }

    /// The stamp of the set's files on disk; `None` for a set held in memory or a file that
    /// cannot be looked at.
    pub fn stamp(&self) -> Option<Stamp> {
        let paths = match self.container {
            Container::Memory(_) => return None,
            Container::Zip => vec![self.path.clone()],
            Container::Folder => self.entries().iter().map(|e| self.path.join(&e.name)).collect(),
        };
        let stamps = paths.iter().map(|path| {
            let metadata = std::fs::metadata(path).ok()?;
            Some((metadata.len(), metadata.modified().ok(), identity(&metadata)))
        });
        stamps.collect::<Option<Vec<_>>>().map(Stamp)
    }
}

/// A file's inode and time of status change (set by the system at every write or change of
/// its times, whatever a copying program asks).
#[cfg(unix)]
fn identity(metadata: &std::fs::Metadata) -> [i64; 3] {
    use std::os::unix::fs::MetadataExt;
    [i64::try_from(metadata.ino()).unwrap_or(-1), metadata.ctime(), metadata.ctime_nsec()]
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> [i64; 3] {
    [0; 3]
}

/// The length and SHA-256 of what `reader` gives.
fn hashed(reader: &mut dyn Read) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; BUFFER];
    let mut bytes = 0u64;
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buffer[..n]);
                bytes += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let digest = hasher.finalize();
    Ok((bytes, digest.iter().map(|b| format!("{b:02x}")).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::report::Report;
    use std::io::Write;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("dir");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("file");
        }
        dir
    }

    fn fingerprint(path: &std::path::Path) -> Fingerprint {
        let set = FileSet::open(path, &mut Report::default()).expect("set");
        set.fingerprint(&|| {}).expect("read").expect("on disk")
    }

    #[test]
    fn a_file_is_known_by_its_length_and_sha256() {
        let dir = folder(&[("seuils.csv", "abc"), ("notes.txt", "ignored")]);
        let files = fingerprint(dir.path()).files;
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(
            files,
            [FileFingerprint { kind: FileKind::Seuils, bytes: 3, sha256: abc.to_owned() }]
        );
    }

    #[test]
    fn a_changed_byte_changes_the_fingerprint_and_a_folder_and_its_zip_agree() {
        let dir = folder(&[("seuils.csv", "annee;q1\n2025;1\n"), ("organismes.csv", "a;b\n")]);
        let first = fingerprint(dir.path());
        assert_eq!(first.files.len(), 2);
        assert_eq!(fingerprint(dir.path()), first, "the same bytes, the same fingerprint");

        let zip_path = dir.path().join("jeu.zip");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).expect("zip"));
        for name in ["seuils.csv", "organismes.csv"] {
            zip.start_file(name, zip::write::SimpleFileOptions::default()).expect("entry");
            zip.write_all(&std::fs::read(dir.path().join(name)).expect("read")).expect("write");
        }
        zip.finish().expect("zip");
        assert_eq!(fingerprint(&zip_path), first, "an archive of the same files");

        std::fs::write(dir.path().join("seuils.csv"), "annee;q1\n2025;2\n").expect("file");
        let changed = fingerprint(dir.path());
        // In loading order: the organisations' file first, unchanged; the thresholds' changed.
        assert_eq!(changed.files[0], first.files[0]);
        assert_eq!(changed.files[1].kind, FileKind::Seuils);
        assert_ne!(changed.files[1].sha256, first.files[1].sha256);
    }

    #[test]
    fn a_stamp_moves_when_a_file_is_rewritten_and_a_form_has_none() {
        let dir = folder(&[("seuils.csv", "annee;q1\n")]);
        let set = FileSet::open(dir.path(), &mut Report::default()).expect("set");
        let before = set.stamp().expect("stamp");
        assert_eq!(set.stamp(), Some(before.clone()));
        std::fs::write(dir.path().join("seuils.csv"), "annee;q1\n2025;1\n").expect("file");
        assert_ne!(set.stamp(), Some(before));

        // Rewritten with as many bytes and its time of modification put back, as `cp -p`
        // does: the time of status change still moves.
        let file = dir.path().join("seuils.csv");
        let modified = std::fs::metadata(&file).and_then(|m| m.modified()).expect("time");
        let before = set.stamp().expect("stamp");
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&file, "annee;q1\n2025;2\n").expect("same length");
        std::fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| f.set_modified(modified))
            .expect("time put back");
        let after = set.stamp().expect("stamp");
        assert_eq!((after.0[0].0, after.0[0].1), (before.0[0].0, before.0[0].1));
        assert_ne!(after, before);

        let form = FileSet::in_memory(vec![(FileKind::Seuils, b"x".to_vec())], Limits::default());
        assert_eq!(form.fingerprint(&|| {}).expect("nothing read"), None);
        assert_eq!(form.stamp(), None);
    }
}
