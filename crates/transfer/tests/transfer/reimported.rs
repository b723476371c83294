//! What a re-import derives as it reads (issue 21): when its files bring every stored
//! application and household again, the groups of possible duplicates and the cotation's
//! applications are those the store gives after it, its changes included, and what follows
//! the import works from them; when its files leave stored applications out, nothing derived
//! is used and what follows reads the store.

use logis_cotation::stored::{Snapshot, register_grid};
use logis_exchange::FileKind;
use logis_store::dossiers::duplicate_keys::{found_groups, pairs_of};
use logis_store::dossiers::duplicates::Criterion;
use logis_testkit::{TODAY, cctc_files, every_backend, import, reimport};
use std::path::Path;

/// A file's header and lines, split on « ; » (the generated files of the CCTC need no quotes:
/// checked, so that a quoted « ; » cannot shift the columns unseen).
fn table(dir: &Path, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(dir.join(name)).expect("file");
    assert!(!text.contains('"'), "{name}: a quoted field, not split here");
    let mut lines = text.lines().map(|l| l.split(';').map(str::to_owned).collect::<Vec<_>>());
    let header = lines.next().expect("header");
    (header, lines.collect())
}

fn write(dir: &Path, name: &str, header: &[String], lines: &[Vec<String>]) {
    let mut text = header.join(";") + "\n";
    for line in lines {
        text += &(line.join(";") + "\n");
    }
    std::fs::write(dir.join(name), text).expect("written");
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|c| c == name).expect("column")
}

/// A copy of the set at `from` with `change` made to its applications and members.
fn copied(from: &Path, change: impl FnOnce(&mut Tables)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("folder");
    for entry in std::fs::read_dir(from).expect("set") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let mut tables =
        Tables { demandes: table(from, "demandes.csv"), membres: table(from, "membres.csv") };
    change(&mut tables);
    write(dir.path(), "demandes.csv", &tables.demandes.0, &tables.demandes.1);
    write(dir.path(), "membres.csv", &tables.membres.0, &tables.membres.1);
    dir
}

struct Tables {
    demandes: (Vec<String>, Vec<Vec<String>>),
    membres: (Vec<String>, Vec<Vec<String>>),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reimport_derives_what_follows_it_only_when_its_files_bring_the_whole_register() {
    let files = cctc_files(8);
    let (header, lines) = table(files.path(), "demandes.csv");
    let (statut, email) = (column(&header, "statut"), column(&header, "email"));
    assert_eq!(column(&header, "numero_unique"), 0);
    let active: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i][statut] == "active" && !lines[i][email].is_empty())
        .collect();
    let (a, b, poorer) = (active[0], active[active.len() - 1], active[1]);
    let (numero_a, numero_b) = (lines[a][0].clone(), lines[b][0].clone());
    // B given A's e-mail (a new pair of possible duplicates), an application's resources
    // changed, a titulaire's birth date changed.
    let changed = copied(files.path(), |t| {
        let (header, lines) = &mut t.demandes;
        lines[b][email] = lines[a][email].clone();
        let ressources = column(header, "ressources_mensuelles");
        lines[poorer][ressources] = "1".into();
        let (header, members) = &mut t.membres;
        let born = column(header, "date_naissance");
        members[0][born] = "1950-01-01".into();
    });
    // The last application and its household left out.
    let last = lines[lines.len() - 1][0].clone();
    let partial = copied(files.path(), |t| {
        t.demandes.1.retain(|l| l[0] != last);
        t.membres.1.retain(|l| l[0] != last);
    });

    for test in every_backend().await {
        let store = &*test.store;
        register_grid(store, &logis_cotation::default_grid(), TODAY).await.expect("grid");
        assert!(import(store, files.path()).await.written, "{}", test.name);

        let mut again = reimport(store, changed.path()).await;
        assert!(again.written, "{}: {:?}", test.name, again.report);
        assert_eq!(again.changed[&FileKind::Demandes], 2, "{}", test.name);
        assert!(again.changed[&FileKind::Membres] > 0, "{}", test.name);
        let groups = again.read_ahead.duplicate_groups.take().expect("every application read");
        let derived = pairs_of(groups);
        assert_eq!(derived, pairs_of(found_groups(store).await.expect("search")), "{}", test.name);
        let shared = derived
            .0
            .iter()
            .find(|((x, y), _)| [x, y].contains(&&numero_a) && [x, y].contains(&&numero_b));
        assert!(
            shared.is_some_and(|(_, criteria)| criteria.contains(&Criterion::Courriel)),
            "{}: the new pair found as the file was read",
            test.name
        );
        let gathering = again.read_ahead.cotation.take().expect("a grid is in force");
        assert!(!gathering.is_scored(), "{}: allocations stored: read back", test.name);
        let comparable = |mut s: Snapshot| {
            for applicant in &mut s.applicants {
                applicant.membres.sort_by_key(|m| m.rang);
            }
            s.applicants
        };
        let gathered = comparable(gathering.snapshot(store).await.expect("gathered"));
        let stored = comparable(Snapshot::for_date(store, TODAY).await.expect("read back"));
        assert_eq!(gathered, stored, "{}: the changed applications as stored", test.name);
        assert!(
            gathered.iter().any(|a| a.numero.as_str() == lines[poorer][0]
                && a.ressources == logis_domain::Amount::from_cents(100)),
            "{}: the changed resources gathered",
            test.name
        );

        // The set as it was, read again: the follow-up works from what the import derived, and
        // writes what a follow-up reading the store writes (run after it, it changes nothing).
        let now = logis_domain::Clock::now(&*logis_testkit::clock());
        let mut back = reimport(store, files.path()).await;
        assert_eq!(back.changed[&FileKind::Demandes], 2, "{}: changes undone", test.name);
        assert!(back.read_ahead.duplicate_groups.is_some(), "{}", test.name);
        assert!(back.read_ahead.cotation.is_some(), "{}", test.name);
        let derived = logis_transfer::follow_up::after(store, now, &mut back).await.expect("run");
        let (scored, found) =
            (derived.rescored.expect("scored"), derived.duplicates.expect("found"));
        assert!(scored.expect("a grid").changed >= 1, "{}: the resources back", test.name);
        let read = logis_transfer::follow_up::after_import(store, now, Default::default()).await;
        assert_eq!(read.rescored.expect("scored").expect("a grid").changed, 0, "{}", test.name);
        let again = read.duplicates.expect("found");
        assert_eq!((again.pairs, again.new), (found.pairs, 0), "{}: the same pairs", test.name);

        // Files that leave a stored application out: what was derived is not the register's.
        let left_out = reimport(store, partial.path()).await;
        assert!(left_out.written, "{}: {:?}", test.name, left_out.report);
        assert_eq!(left_out.changed[&FileKind::Demandes], 0, "{}: as stored", test.name);
        assert!(left_out.read_ahead.duplicate_groups.is_none(), "{}", test.name);
        assert!(left_out.read_ahead.cotation.is_none(), "{}", test.name);
        test.finish().await;
    }
}
