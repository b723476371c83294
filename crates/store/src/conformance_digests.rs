//! The conformance case of the stored rows' digests: read while an import is open, they tell
//! the rows equal to the stored ones from those that differ, whatever changed the stored ones.

use crate::codec::Stored;
use crate::conformance::{demande, exported, logement, membre, parent_and_child, rows};
use crate::digests::{Household, StoredDigests, StoredHouseholds};
use crate::{Row, Store, Table};
use logis_domain::{Amount, Demande, Lien, Logement, Membre, NumeroUnique};

async fn import(store: &dyn Store, tables: &[(Table, Vec<Row>)]) {
    let mut tx = store.begin_import().await.expect("begin import");
    for (table, rows) in tables {
        tx.write(*table, rows).await.expect("write rows");
    }
    tx.commit().await.expect("commit");
}

/// Of `offered`, the rows kept as differing from the stored ones.
fn kept<T: Stored>(digests: &mut StoredDigests, offered: &[T]) -> Vec<Row> {
    let mut rows: Vec<Row> = offered.iter().map(Stored::to_row).collect();
    let changed = digests.take_changed(&mut rows);
    assert_eq!(rows.len() + changed.len(), offered.len(), "the equal rows are left");
    changed
}

fn rows_of<T: Stored>(values: &[&T]) -> Vec<Row> {
    values.iter().map(|v| v.to_row()).collect()
}

pub async fn stored_digests_keep_only_the_rows_that_differ(store: &dyn Store) {
    let demandes: Vec<Demande> = (1..=4).map(demande).collect();
    let logements = vec![logement("L1"), logement("L2")];
    import(store, &[rows(&demandes), rows(&logements)]).await;
    // Application 1 changed since, in Logis (a form's save): its file row, the imported one,
    // now differs from the stored one.
    let saved = Demande { telephone: Some("06 00 00 00 01".into()), ..demande(1) };
    import(store, &[rows(std::slice::from_ref(&saved))]).await;

    let tx = store.begin_import().await.expect("an import open");
    let mut digests = StoredDigests::read(store, Table::Demandes).await.expect("digests");
    assert_eq!(digests.table(), Table::Demandes);
    assert_eq!(digests.unmet(), 4, "no stored row brought again yet");
    let resources = Demande { ressources_mensuelles: Amount::from_cents(123_456), ..demande(2) };
    let renewed = Demande { date_renouvellement: None, ..demande(4) };
    let unnamed = Demande { nom: Some(String::new()), ..demande(3) };
    let offered = [
        demande(1),
        resources.clone(),
        demande(3),
        renewed.clone(),
        demande(5),
        resources.clone(),
        unnamed.clone(),
    ];
    assert_eq!(
        kept(&mut digests, &offered),
        rows_of(&[&demande(1), &resources, &renewed, &demande(5), &unnamed]),
        "the imported row back over a save, changed resources, a date taken away, a new \
         application, an empty name instead of one are kept; equal rows, and a second row equal \
         to the first of its key, are not"
    );
    assert_eq!(digests.unmet(), 0, "every stored application brought again");
    // A row given again differently after it was kept is compared with the one kept.
    assert_eq!(kept(&mut digests, &[demande(2)]), rows_of(&[&demande(2)]));
    assert!(kept(&mut digests, &[demande(2), unnamed.clone()]).is_empty());

    let mut logements = StoredDigests::read(store, Table::Logements).await.expect("digests");
    let lift = Logement { ascenseur: Some(true), ..logement("L2") };
    let charged = Logement { charges: Some(Amount::from_cents(0)), ..logement("L1") };
    assert!(kept(&mut logements, &[logement("L1")]).is_empty());
    assert_eq!(
        kept(&mut logements, &[charged.clone(), logement("L3")]),
        rows_of(&[&charged, &logement("L3")]),
        "a null amount told apart from its changed value"
    );
    assert_eq!(logements.unmet(), 1, "L2 not brought again, whatever came twice or is new");
    assert_eq!(
        kept(&mut logements, std::slice::from_ref(&lift)),
        rows_of(&[&lift]),
        "a boolean told apart from its changed value"
    );
    assert_eq!(logements.unmet(), 0);
    drop(tx.commit().await.expect("commit"));
    assert_eq!(exported::<Demande>(store).await[0], saved, "reading digests writes nothing");
}

pub async fn stored_households_are_judged_whole_and_apart(store: &dyn Store) {
    let demandes: Vec<Demande> = (1..=3).map(demande).collect();
    let membres = parent_and_child(&demandes);
    import(store, &[rows(&demandes), rows(&membres)]).await;
    let tx = store.begin_import().await.expect("an import open");
    let mut households = StoredHouseholds::read(store).await.expect("households");
    let of = |n: u32, members: &[(u16, Lien)]| -> Vec<Row> {
        let numero: NumeroUnique = demande(n).numero_unique;
        members.iter().map(|&(rang, lien)| (numero.clone(), membre(rang, lien)).to_row()).collect()
    };
    assert_eq!(households.unmet(), 3, "no stored household brought again yet");
    let whole = [(1, Lien::Titulaire), (2, Lien::Enfant)];
    assert_eq!(households.judge(&of(1, &whole)), Household::Unchanged);
    assert_eq!(
        households.judge(&of(1, &[(3, Lien::Enfant)])),
        Household::ApartFromUnchanged,
        "a later part of a household found unchanged: its stored members to be written with it"
    );
    assert_eq!(households.judge(&of(1, &[(4, Lien::Enfant)])), Household::Changed);
    assert_eq!(
        households.judge(&of(2, &[(1, Lien::Titulaire)])),
        Household::Changed,
        "a member fewer"
    );
    assert_eq!(households.judge(&of(2, &[(2, Lien::Enfant)])), Household::Changed);
    assert_eq!(households.unmet(), 1, "the third household not brought yet");
    let moved = [(1, Lien::Titulaire), (2, Lien::Cotitulaire)];
    assert_eq!(households.judge(&of(3, &moved)), Household::Changed, "a member's link");
    assert_eq!(households.judge(&of(4, &whole)), Household::Changed, "a new household");
    assert_eq!(households.unmet(), 0, "every stored household brought again");
    let reversed = [(2, Lien::Enfant), (1, Lien::Titulaire)];
    let mut again = StoredHouseholds::read(store).await.expect("households");
    assert_eq!(again.judge(&of(3, &reversed)), Household::Unchanged, "whatever the rows' order");
    assert_eq!(again.unmet(), 2);
    drop(tx.commit().await.expect("commit"));
    let kept: Vec<(NumeroUnique, Membre)> = exported(store).await;
    assert_eq!(kept, membres, "judging writes nothing");
}
