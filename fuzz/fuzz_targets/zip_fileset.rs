//! Fuzz target of file sets in an archive: any bytes, written as a `.zip` and opened as a file
//! set, then each of its files read as its kind — a report, never a panic, a hang or memory
//! past the limits (entries counted, expansion bounded).

#![no_main]

use libfuzzer_sys::fuzz_target;
use logis_domain::{Attribution, Convention, Demande, Logement, Organisme, Seuils};
use logis_exchange::{Entry, FileKind, FileSet, Limits, MembreRow, Record, Report, read_records};

fn read<T: Record>(set: &FileSet, entry: &Entry, report: &mut Report) {
    let _ = read_records::<T>(set, entry, report, |_, _, _| {});
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("jeu.zip");
    std::fs::write(&path, data).expect("write the archive");
    let mut report = Report::default();
    let limits = Limits { record_bytes: 1 << 16, archive_bytes: 1 << 24, archive_ratio: 200 };
    let Some(set) = FileSet::open_with(&path, limits, &mut report) else { return };
    for entry in set.entries() {
        let r = &mut report;
        match entry.kind {
            FileKind::Demandes => read::<Demande>(&set, entry, r),
            FileKind::Membres => read::<MembreRow>(&set, entry, r),
            FileKind::Logements => read::<Logement>(&set, entry, r),
            FileKind::Attributions => read::<Attribution>(&set, entry, r),
            FileKind::Organismes => read::<Organisme>(&set, entry, r),
            FileKind::Seuils => read::<Seuils>(&set, entry, r),
            FileKind::Conventions => read::<Convention>(&set, entry, r),
        }
    }
});
