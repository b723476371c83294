//! A file set: a folder, or a .zip of one, holding some of the files of format v1. An archive
//! is checked before anything is read — a few entries, each expanding at most
//! [`Limits::archive_ratio`] times, all together at most [`Limits::archive_bytes`] — and each
//! of its files is read through a counter that stops it past what it announced or past those
//! limits ([`ExpansionLimit`]): a « zip bomb » is refused whatever its headers say. A form of
//! the application gives its few rows as a set held in memory ([`FileSet::in_memory`]).

use crate::limits::Limits;
use crate::report::{Issue, Report};
use crate::schema::FileKind;
use crate::zip_directory;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// The most entries an archive may hold (format v1 has six files).
pub const MAX_ENTRIES: u64 = 64;

/// Where the files of a set are.
#[derive(Debug)]
pub(crate) enum Container {
    Folder,
    Zip,
    /// Files held in memory, in the order of `entries`.
    Memory(Vec<Vec<u8>>),
}

/// One recognised file of the set.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: FileKind,
    /// Its path inside the folder or archive, as shown in reports.
    pub name: String,
}

/// An opened file set.
#[derive(Debug)]
pub struct FileSet {
    pub(crate) path: PathBuf,
    pub(crate) container: Container,
    entries: Vec<Entry>,
    limits: Limits,
}

/// A file of an archive that expands past what it announced or past the limits: reading it
/// stops there.
#[derive(Debug)]
pub struct ExpansionLimit {
    pub name: String,
    /// The most bytes it was allowed to expand to.
    pub allowed: u64,
}

impl std::fmt::Display for ExpansionLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "le fichier {} de l'archive se décompresse au-delà de {} octets (ce qu'il annonce, ou ce qu'accepte Logis) : archive refusée comme « bombe de décompression »",
            self.name, self.allowed
        )
    }
}

impl std::error::Error for ExpansionLimit {}

/// A reader that fails with [`ExpansionLimit`] past `remaining` bytes.
struct Limited<R> {
    inner: R,
    remaining: u64,
    name: String,
    allowed: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.remaining {
            let e = ExpansionLimit { name: self.name.clone(), allowed: self.allowed };
            return Err(io::Error::new(io::ErrorKind::InvalidData, e));
        }
        self.remaining -= n as u64;
        Ok(n)
    }
}

impl FileSet {
    /// Opens a folder or a .zip and lists the files it holds, in loading order, with the
    /// default limits.
    pub fn open(path: &Path, report: &mut Report) -> Option<FileSet> {
        FileSet::open_with(path, Limits::default(), report)
    }

    /// Opens a folder or a .zip and lists the files it holds, in loading order. Files that are
    /// not part of format v1 are warnings; a kind present twice, an unreadable archive, or one
    /// past the `limits`, are errors.
    pub fn open_with(path: &Path, limits: Limits, report: &mut Report) -> Option<FileSet> {
        let shown = shown_name(path);
        let (container, names) = if path.is_dir() {
            match list_folder(path) {
                Ok(names) => (Container::Folder, names),
                Err(e) => {
                    report.error(Issue::file(shown, format!("dossier illisible : {e}")));
                    return None;
                }
            }
        } else if path.is_file() {
            match list_zip(path, &limits) {
                Ok(names) => (Container::Zip, names),
                Err(message) => {
                    report.error(Issue::file(shown, message));
                    return None;
                }
            }
        } else {
            report.error(Issue::file(
                shown,
                "introuvable : indiquez un dossier ou une archive .zip de fichiers CSV",
            ));
            return None;
        };
        let mut entries: Vec<Entry> = Vec::new();
        for name in names {
            match FileKind::from_file_name(&name) {
                Some(kind) => {
                    if let Some(previous) = entries.iter().find(|e| e.kind == kind) {
                        report.error(Issue::file(
                            &name,
                            format!(
                                "le fichier {} est présent deux fois (aussi {})",
                                kind.file_name(),
                                previous.name
                            ),
                        ));
                    } else {
                        entries.push(Entry { kind, name });
                    }
                }
                None if name.ends_with('/') => {}
                None => {
                    let known: Vec<&str> = FileKind::ALL.iter().map(|k| k.file_name()).collect();
                    report.warning(Issue::file(
                        &name,
                        format!(
                            "fichier ignoré : ce n'est pas un fichier du format d'échange v1 ({})",
                            known.join(", ")
                        ),
                    ))
                }
            }
        }
        if entries.is_empty() {
            report.error(Issue::file(
                shown,
                "aucun fichier du format d'échange v1 trouvé (demandes.csv, membres.csv, logements.csv…)",
            ));
        }
        entries.sort_by_key(|e| e.kind);
        Some(FileSet { path: path.to_owned(), container, entries, limits })
    }

    /// A set of files held in memory (a form's rows), each named by its kind: read exactly as
    /// the same files on disk would be.
    pub fn in_memory(files: Vec<(FileKind, Vec<u8>)>, limits: Limits) -> FileSet {
        let mut files = files;
        files.sort_by_key(|(kind, _)| *kind);
        files.dedup_by_key(|(kind, _)| *kind);
        let entries =
            files.iter().map(|(kind, _)| Entry { kind: *kind, name: kind.file_name().to_owned() });
        let entries = entries.collect();
        let bytes = files.into_iter().map(|(_, bytes)| bytes).collect();
        FileSet { path: PathBuf::new(), container: Container::Memory(bytes), entries, limits }
    }

    /// What its readers accept.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, kind: FileKind) -> Option<&Entry> {
        self.entries.iter().find(|e| e.kind == kind)
    }

    /// Runs `read` over the bytes of an entry. The reader is streaming: a file of any size
    /// is read in bounded memory.
    pub fn read_entry<T>(
        &self,
        entry: &Entry,
        read: impl FnOnce(&mut dyn Read) -> T,
    ) -> io::Result<T> {
        match &self.container {
            Container::Memory(files) => {
                let at = self.entries.iter().position(|e| e.kind == entry.kind);
                let bytes = at.and_then(|i| files.get(i)).ok_or(io::ErrorKind::NotFound)?;
                Ok(read(&mut bytes.as_slice()))
            }
            Container::Folder => {
                let mut file =
                    BufReader::with_capacity(1 << 16, File::open(self.path.join(&entry.name))?);
                Ok(read(&mut file))
            }
            Container::Zip => {
                let mut archive = zip::ZipArchive::new(BufReader::new(File::open(&self.path)?))
                    .map_err(io::Error::other)?;
                let file = archive.by_name(&entry.name).map_err(io::Error::other)?;
                let allowed = file
                    .size()
                    .min(
                        file.compressed_size().saturating_mul(u64::from(self.limits.archive_ratio)),
                    )
                    .min(self.limits.archive_bytes);
                let name = entry.name.clone();
                let mut limited = Limited { inner: file, remaining: allowed, name, allowed };
                Ok(read(&mut limited))
            }
        }
    }
}

fn list_folder(path: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for item in std::fs::read_dir(path)? {
        let item = item?;
        if item.file_type()?.is_file() {
            names.push(item.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// How a report names the folder or archive at `path`: its last part, as its user named it
/// (an upload's server folder never shows), or the whole path when it has no last part.
fn shown_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned())
}

fn list_zip(path: &Path, limits: &Limits) -> Result<Vec<String>, String> {
    let unreadable = || {
        "archive ZIP illisible (tronquée, corrompue ou pas une archive .zip) : \
         recréez l'archive, ou importez directement les fichiers CSV qu'elle contient"
            .to_owned()
    };
    let mut file = File::open(path).map_err(|e| format!("fichier illisible : {e}"))?;
    // Counted before the archive's directory is read into memory: a crafted archive of
    // millions of entries is refused without reading them.
    let announced = zip_directory::announced(&mut file).map_err(|_| unreadable())?;
    match announced {
        None => return Err(unreadable()),
        Some(a) if a.entries > MAX_ENTRIES => {
            return Err(format!(
                "archive de {} fichiers refusée : un jeu du format d'échange v1 en compte six au plus \
                 ({MAX_ENTRIES} fichiers au plus sont acceptés)",
                a.entries
            ));
        }
        Some(a) if a.directory_bytes > zip_directory::MAX_DIRECTORY_BYTES => {
            return Err(format!(
                "archive refusée : son répertoire de fichiers fait {} Ko (plus de {} Ko) — un jeu du \
                 format d'échange v1 compte six fichiers au plus",
                a.directory_bytes >> 10,
                zip_directory::MAX_DIRECTORY_BYTES >> 10
            ));
        }
        Some(_) => {}
    }
    file.seek(SeekFrom::Start(0)).map_err(|e| format!("fichier illisible : {e}"))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|_| unreadable())?;
    let mut names = Vec::new();
    let mut total: u64 = 0;
    if archive.len() as u64 > MAX_ENTRIES {
        return Err(unreadable()); // the directory says otherwise than its end record
    }
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| unreadable())?;
        let (size, compressed) = (entry.size(), entry.compressed_size().max(1));
        if size / compressed > u64::from(limits.archive_ratio) {
            return Err(format!(
                "le fichier {} de l'archive se décompresse {} fois (plus de {} fois) : archive refusée comme « bombe de décompression ». \
                 Si c'est un vrai fichier, augmentez « archive_ratio_max » dans les paramètres.",
                entry.name(),
                size / compressed,
                limits.archive_ratio
            ));
        }
        total = total.saturating_add(size);
        names.push(entry.name().to_owned());
    }
    if total > limits.archive_bytes {
        return Err(format!(
            "archive refusée : ses fichiers font {} Mo une fois décompressés, plus que les {} Mo acceptés \
             (paramètre « archive_max_mo »)",
            total >> 20,
            limits.archive_bytes >> 20
        ));
    }
    names.sort();
    Ok(names)
}
