//! The conformance case of a re-import: only the rows that changed are written, counted and
//! projected again; a household whose members come back as they are stored is kept.

use crate::conformance::{demande, exported, membre, parent_and_child, rows};
use crate::{Store, Table, Written};
use logis_domain::{Amount, Demande, Lien, Membre, NumeroUnique};

/// One import of `tables`; what its commit wrote.
async fn import(store: &dyn Store, tables: &[(Table, Vec<crate::Row>)]) -> Written {
    let mut tx = store.begin_import().await.expect("begin import");
    for (table, rows) in tables {
        tx.write(*table, rows).await.expect("write rows");
    }
    tx.commit().await.expect("commit")
}

async fn households(store: &dyn Store) -> Vec<(NumeroUnique, Membre)> {
    exported(store).await
}

/// The ranks of the stored members of application `n`.
async fn ranks(store: &dyn Store, n: u32) -> Vec<u16> {
    let numero = demande(n).numero_unique;
    households(store).await.into_iter().filter(|(m, _)| *m == numero).map(|(_, m)| m.rang).collect()
}

/// The projected resources and consumption units of application `n`.
async fn projected(store: &dyn Store, n: u32) -> Vec<crate::Row> {
    store
        .fetch(
            "SELECT ressources, uc_base FROM demandes_bilan WHERE numero_unique = $1",
            &[crate::statement::text(demande(n).numero_unique.as_str())],
            &[crate::ColumnType::Int, crate::ColumnType::Int],
        )
        .await
        .expect("projection")
}

pub async fn a_reimport_writes_only_what_changed(store: &dyn Store) {
    let demandes: Vec<Demande> = (1..=4).map(demande).collect();
    let membres = parent_and_child(&demandes);
    let set = [rows(&demandes), rows(&membres)];
    let first = import(store, &set).await;
    assert_eq!((first.rows(Table::Demandes), first.rows(Table::Membres)), (4, 8));
    store.prepare_bilan().await.expect("projections");
    let before = (projected(store, 2).await, projected(store, 4).await);

    let again = import(store, &set).await;
    assert!(again.is_empty(), "the same rows again write nothing: {again:?}");
    assert_eq!((projected(store, 2).await, projected(store, 4).await), before);
    // The same members in two batches, household 2 cut between them: nothing written either.
    let (head, tail) = membres.split_at(3);
    let cut = import(store, &[rows(head), rows(tail)]).await;
    assert!(cut.is_empty(), "a household cut between two batches is compared whole: {cut:?}");

    // Application 2's resources change; household 3's child becomes a cotitulaire; household
    // 4 loses its child. Applications 1 and 3, households 1 and 2 come back as they are.
    let changed = Demande { ressources_mensuelles: Amount::from_euros(999), ..demande(2) };
    let demandes = vec![demande(1), changed.clone(), demande(3), demande(4)];
    let n = |i: u32| demande(i).numero_unique;
    let mut membres: Vec<(NumeroUnique, Membre)> = parent_and_child(&demandes[..2]);
    membres.push((n(3), membre(1, Lien::Titulaire)));
    membres.push((n(3), membre(2, Lien::Cotitulaire)));
    membres.push((n(4), membre(1, Lien::Titulaire)));
    let written = import(store, &[rows(&demandes), rows(&membres)]).await;
    assert_eq!(
        (written.rows(Table::Demandes), written.rows(Table::Membres)),
        (1, 3),
        "one application; the rows of households 3 and 4"
    );
    assert_eq!(households(store).await, membres, "household 4 without its child");
    assert_eq!(
        projected(store, 2).await,
        vec![vec![crate::Value::Int(Some(99_900)), before.0[0][1].clone()]],
        "the changed application is projected again"
    );
    assert_eq!(
        projected(store, 4).await,
        vec![vec![before.1[0][0].clone(), crate::Value::Int(Some(10))]],
        "the smaller household is projected again: one person"
    );

    // Household 1 in two parts apart in the file: its first two members as they are stored,
    // then a third one. All three are kept, whatever a part alone looks like.
    let mut apart = vec![(n(1), membre(1, Lien::Titulaire)), (n(1), membre(2, Lien::Enfant))];
    apart.push((n(2), membre(1, Lien::Titulaire)));
    apart.push((n(1), membre(3, Lien::Enfant)));
    import(store, &[rows(&apart)]).await;
    assert_eq!(
        ranks(store, 1).await,
        vec![1, 2, 3],
        "a household written in parts keeps all its members"
    );
    assert_eq!(
        ranks(store, 2).await,
        vec![1],
        "household 2 is replaced by the one member its file gives"
    );
}
