//! A file set: a folder, or a .zip of one, holding some of the files of format v1.

use crate::report::{Issue, Report};
use crate::schema::FileKind;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

/// Where the files of a set are.
#[derive(Debug)]
enum Container {
    Folder,
    Zip,
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
    path: PathBuf,
    container: Container,
    entries: Vec<Entry>,
}

impl FileSet {
    /// Opens a folder or a .zip and lists the files it holds, in loading order. Files that are
    /// not part of format v1 are warnings; a kind present twice, or an unreadable archive, are
    /// errors.
    pub fn open(path: &Path, report: &mut Report) -> Option<FileSet> {
        let shown = path.display().to_string();
        let (container, names) = if path.is_dir() {
            match list_folder(path) {
                Ok(names) => (Container::Folder, names),
                Err(e) => {
                    report.error(Issue::file(shown, format!("dossier illisible : {e}")));
                    return None;
                }
            }
        } else if path.is_file() {
            match list_zip(path) {
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
                None => report.warning(Issue::file(
                    &name,
                    "fichier ignoré : ce n'est pas un fichier du format d'échange v1 \
                     (organismes, demandes, membres, logements, attributions, seuils)",
                )),
            }
        }
        if entries.is_empty() {
            report.error(Issue::file(
                path.display().to_string(),
                "aucun fichier du format d'échange v1 trouvé (demandes.csv, membres.csv, logements.csv…)",
            ));
        }
        entries.sort_by_key(|e| e.kind);
        Some(FileSet { path: path.to_owned(), container, entries })
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
        match self.container {
            Container::Folder => {
                let mut file =
                    BufReader::with_capacity(1 << 16, File::open(self.path.join(&entry.name))?);
                Ok(read(&mut file))
            }
            Container::Zip => {
                let mut archive = zip::ZipArchive::new(BufReader::new(File::open(&self.path)?))
                    .map_err(io::Error::other)?;
                let mut file = archive.by_name(&entry.name).map_err(io::Error::other)?;
                Ok(read(&mut file))
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

fn list_zip(path: &Path) -> Result<Vec<String>, String> {
    let file = File::open(path).map_err(|e| format!("fichier illisible : {e}"))?;
    let archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|_| {
        "archive ZIP illisible (tronquée, corrompue ou pas une archive .zip) : \
         recréez l'archive, ou indiquez le dossier qui contient les fichiers CSV"
            .to_owned()
    })?;
    let mut names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    names.sort();
    Ok(names)
}
