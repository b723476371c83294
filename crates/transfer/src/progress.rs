//! How long work tells its progress: the CLI draws bars, the web shows a percentage, tests stay
//! silent.

use logis_exchange::FileKind;

/// The steps of an import or export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Every row is read, checked and (while the set has no error) written in the transaction.
    Import,
    /// The transaction is being committed (indexes, household replacement).
    Finalisation,
    Export,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Import => "Import",
            Phase::Finalisation => "Finalisation",
            Phase::Export => "Export",
        }
    }

    /// What runs during the phase, in the words of a sentence: « Import en cours : … ».
    pub fn under_way(self) -> &'static str {
        match self {
            Phase::Import => "lecture des fichiers et écriture des lignes",
            Phase::Finalisation => "enregistrement dans la base, cotation et doublons possibles",
            Phase::Export => "écriture des fichiers",
        }
    }
}

/// Receives progress; called from worker threads.
pub trait Progress: Send + Sync {
    /// `rows` rows of `file` done so far in `phase`.
    fn rows(&self, phase: Phase, file: FileKind, rows: u64);
    /// A phase without rows started (finalisation).
    fn step(&self, phase: Phase);
}

/// No progress shown.
pub struct Silent;

impl Progress for Silent {
    fn rows(&self, _: Phase, _: FileKind, _: u64) {}
    fn step(&self, _: Phase) {}
}
