//! The conformance suite: what every backend must do, declared as one test per case in each
//! backend's test crate ([`conformance_tests!`]), run on SQLite always and on PostgreSQL when
//! `LOGIS_TEST_POSTGRES_URL` is set. Each case gets a fresh, empty store.

use crate::codec::Stored;
use crate::{Store, Table};
use logis_domain::{
    Amount, Attribution, CodeInsee, Date, Demande, Financement, Lien, Logement, LogementId, Membre,
    MotifRadiation, NumeroUnique, Organisme, OrganismeId, OrganismeType, Piece, Seuils,
    SituationLogement, Statut, Typologie,
};
use std::future::Future;
use std::pin::Pin;

/// One case of the suite, on a store of its own.
pub type Case = for<'a> fn(&'a dyn Store) -> Pin<Box<dyn Future<Output = ()> + 'a>>;

/// Declares one test per case of the suite (`cargo test` lists and reports each), every case
/// on a fresh, empty store: `$on` is an `async fn(Case)` of the backend's test crate that
/// makes the store, runs the case on it and removes it.
#[macro_export]
macro_rules! conformance_tests {
    ($on:path) => {
        $crate::conformance_tests!(@each $on;
            empty_store_exports_nothing,
            rows_round_trip_through_the_store,
            a_large_batch_is_written_whole,
            rows_written_out_of_key_order_are_exported_in_key_order,
            reimport_updates_changed_rows_and_keeps_the_others,
            a_reimport_writes_only_what_changed,
            stored_digests_keep_only_the_rows_that_differ,
            stored_households_are_judged_whole_and_apart,
            a_whole_export_reads_every_row_once_in_one_snapshot,
            a_cell_larger_than_a_chunk_is_exported_whole,
            members_replace_the_household,
            a_form_s_save_writes_its_rows_and_projects_them,
            a_dropped_import_writes_nothing,
            a_transaction_writes_only_the_tables_it_declared,
            known_keys_are_found,
            overview_counts_at_a_date,
            active_applications_and_their_households_over_a_period,
            derived_tables_are_replaced_and_looked_up,
            history_lines_are_made_of_the_scores_just_written,
            rows_are_made_only_of_a_table_written_whole_into_a_derived_one,
            accounts_are_saved_replaced_and_found,
            sessions_end_by_lifetime_idleness_and_account,
            tokens_carry_a_scope_until_expiry_or_revocation,
            deactivated_accounts_reach_nothing_and_deleted_ones_leave_nothing,
            the_audit_log_reads_newest_first_and_forgets_old_lines,
            searches_filter_sort_and_count,
            one_search_finds_a_numero_or_a_name_whatever_its_accents,
            labels_notes_and_follow_ups,
            settings_are_saved_and_replaced,
            duplicates_are_found_merged_and_dismissed,
            documents_are_kept_whole_and_reached_through_their_application,
            a_validated_document_verifies_its_piece_once,
            the_purge_erases_the_documents_of_purged_applications_only,
            the_index_reads_candidates_in_score_order,
            vacancies_are_declared_listed_and_let,
            commissions_record_their_agenda_and_decisions,
            offers_are_answered_and_end_with_a_lease,
            conventions_and_orientations_of_a_year,
        );
    };
    (@each $on:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                fn case(
                    store: &dyn $crate::Store,
                ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>> {
                    Box::pin($crate::conformance::cases::$case(store))
                }
                $on(case).await;
            }
        )*
    };
}

/// Every case, by name (the names [`conformance_tests!`] declares a test for).
pub mod cases {
    pub use super::{
        a_dropped_import_writes_nothing, a_form_s_save_writes_its_rows_and_projects_them,
        a_large_batch_is_written_whole, a_transaction_writes_only_the_tables_it_declared,
        active_applications_and_their_households_over_a_period,
        derived_tables_are_replaced_and_looked_up, empty_store_exports_nothing,
        known_keys_are_found, members_replace_the_household, overview_counts_at_a_date,
        reimport_updates_changed_rows_and_keeps_the_others, rows_round_trip_through_the_store,
        rows_written_out_of_key_order_are_exported_in_key_order,
    };
    pub use crate::access::conformance::{
        accounts_are_saved_replaced_and_found,
        deactivated_accounts_reach_nothing_and_deleted_ones_leave_nothing,
        sessions_end_by_lifetime_idleness_and_account,
        the_audit_log_reads_newest_first_and_forgets_old_lines,
        tokens_carry_a_scope_until_expiry_or_revocation,
    };
    pub use crate::allocation::conformance::{
        commissions_record_their_agenda_and_decisions, conventions_and_orientations_of_a_year,
        offers_are_answered_and_end_with_a_lease, the_index_reads_candidates_in_score_order,
        vacancies_are_declared_listed_and_let,
    };
    pub use crate::conformance_digests::{
        stored_digests_keep_only_the_rows_that_differ, stored_households_are_judged_whole_and_apart,
    };
    pub use crate::conformance_export::{
        a_cell_larger_than_a_chunk_is_exported_whole,
        a_whole_export_reads_every_row_once_in_one_snapshot,
    };
    pub use crate::conformance_reimport::a_reimport_writes_only_what_changed;
    pub use crate::conformance_selected::{
        history_lines_are_made_of_the_scores_just_written,
        rows_are_made_only_of_a_table_written_whole_into_a_derived_one,
    };
    pub use crate::dossiers::conformance::{
        labels_notes_and_follow_ups, one_search_finds_a_numero_or_a_name_whatever_its_accents,
        searches_filter_sort_and_count, settings_are_saved_and_replaced,
    };
    pub use crate::dossiers::conformance_documents::{
        a_validated_document_verifies_its_piece_once,
        documents_are_kept_whole_and_reached_through_their_application,
        the_purge_erases_the_documents_of_purged_applications_only,
    };
    pub use crate::dossiers::conformance_duplicates::duplicates_are_found_merged_and_dismissed;
}

pub fn date(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, m.try_into().expect("valid month"), d).expect("valid date")
}

pub fn org(id: &str, kind: OrganismeType) -> Organisme {
    Organisme {
        organisme_id: OrganismeId::parse(id).expect("valid"),
        nom: format!("Nom « {id} » ; avec \"guillemets\"\tet\\barre"),
        kind,
        commune: None,
    }
}

/// A sample application; `n` varies it.
pub fn demande(n: u32) -> Demande {
    Demande {
        numero_unique: NumeroUnique::parse(&format!("0820119{n:06}G0001")).expect("valid"),
        date_depot: date(2020, 1, 1 + (n % 28) as u8),
        date_renouvellement: n.is_multiple_of(2).then(|| date(2021, 1, 1)),
        statut: if n.is_multiple_of(3) { Statut::Radiee } else { Statut::Active },
        date_radiation: n.is_multiple_of(3).then(|| date(2022, 6, 30)),
        motif_radiation: n.is_multiple_of(3).then_some(MotifRadiation::NonRenouvellement),
        commune_residence: Some(CodeInsee::parse("2A004").expect("valid")),
        situation_logement: SituationLogement::ALL[n as usize % SituationLogement::ALL.len()],
        bailleur_actuel: None,
        ressources_mensuelles: Amount::from_cents(123_456 + i64::from(n)),
        revenu_fiscal_reference: (n % 2 == 1).then(|| Amount::from_euros(15_000)),
        motifs: vec![logis_domain::Motif::TropCher, logis_domain::Motif::Sante],
        typologies_souhaitees: vec![Typologie::T2, Typologie::T3],
        communes_souhaitees: vec![
            CodeInsee::parse("82033").expect("valid"),
            CodeInsee::parse("82112").expect("valid"),
        ],
        pmr: Some(n.is_multiple_of(2)),
        criteres_prioritaires: vec![],
        dalo: None,
        date_dalo: None,
        salarie_prive: Some(true),
        agent_public: Some(false),
        guichet: Some("Mairie de Moissac".into()),
        nom: Some("D'Artagnan; \"dit\" le Gascon\nligne 2".into()),
        prenom: Some("Zoé".into()),
        email: None,
        telephone: Some("06 00 00 00 00".into()),
        adresse: Some("1 rue du Pont, Moissac".into()),
        loyer_actuel: Some(Amount::from_cents(41_050)),
        refus_offres_adaptees: Some(1),
        pieces_verifiees: vec![Piece::Ressources, Piece::SituationLogement],
    }
}

pub fn membre(rang: u16, lien: Lien) -> Membre {
    Membre { rang, lien, date_naissance: date(1990, 2, 28) }
}

pub fn logement(id: &str) -> Logement {
    Logement {
        logement_id: LogementId::parse(id).expect("valid"),
        bailleur: OrganismeId::parse("tgh").expect("valid"),
        commune: CodeInsee::parse("82112").expect("valid"),
        adresse: None,
        qpv: Some("QP082003".into()),
        typologie: Typologie::T3,
        surface: Some(Amount::from_cents(6550)),
        loyer: Amount::from_cents(38_012),
        charges: None,
        financement: Financement::Plus,
        etage: Some(0),
        ascenseur: Some(false),
        pmr: None,
        reservataire: Some(OrganismeId::parse("etat").expect("valid")),
        annee_construction: Some(1987),
    }
}

pub fn attribution(n: u32) -> Attribution {
    Attribution {
        numero_unique: demande(n).numero_unique,
        logement_id: Some(LogementId::parse("L1").expect("valid")),
        bailleur: OrganismeId::parse("tgh").expect("valid"),
        commune: CodeInsee::parse("82112").expect("valid"),
        qpv: None,
        typologie: Typologie::T3,
        reservataire: OrganismeId::parse("etat").expect("valid"),
        date_cal: Some(date(2022, 5, 2)),
        date_bail: date(2022, 6, 1),
        relogement_anru: Some(false),
        motif_ecart: Some("candidat mieux classé injoignable".into()),
    }
}

pub(crate) async fn write_all(store: &dyn Store, tables: Vec<(Table, Vec<crate::Row>)>) {
    let mut tx = store.begin_import().await.expect("begin import");
    for (table, rows) in tables {
        tx.write(table, &rows).await.expect("write rows");
    }
    tx.commit().await.expect("commit");
}

/// A titulaire and a child for each application.
pub(crate) fn parent_and_child(demandes: &[Demande]) -> Vec<(NumeroUnique, Membre)> {
    demandes
        .iter()
        .flat_map(|d| {
            [
                (d.numero_unique.clone(), membre(1, Lien::Titulaire)),
                (d.numero_unique.clone(), membre(2, Lien::Enfant)),
            ]
        })
        .collect()
}

pub(crate) fn rows<T: Stored>(values: &[T]) -> (Table, Vec<crate::Row>) {
    (T::TABLE, values.iter().map(Stored::to_row).collect())
}

/// Every stored value of type `T`, in key order.
pub(crate) async fn exported<T: Stored>(store: &dyn Store) -> Vec<T> {
    let mut out = Vec::new();
    crate::export_all(store, &mut |value| {
        out.push(value);
        Ok(())
    })
    .await
    .expect("export");
    out
}

pub async fn empty_store_exports_nothing(store: &dyn Store) {
    assert!(exported::<Demande>(store).await.is_empty());
    let overview = store.overview(date(2022, 12, 31)).await.expect("overview");
    assert_eq!((overview.demandes_total, overview.logements), (0, 0));
}

pub async fn rows_round_trip_through_the_store(store: &dyn Store) {
    let organismes = vec![org("etat", OrganismeType::Etat), org("tgh", OrganismeType::Bailleur)];
    let seuils = vec![Seuils {
        annee: 2024,
        q1: Amount::from_euros(7867),
        q2: Amount::from_cents(1_147_250),
        q3: Amount::from_euros(14969),
    }];
    let demandes: Vec<Demande> = (1..=5).map(demande).collect();
    let membres = parent_and_child(&demandes);
    let logements = vec![logement("L1"), logement("L2")];
    let attributions = vec![attribution(2)];
    write_all(
        store,
        vec![
            rows(&organismes),
            rows(&seuils),
            rows(&demandes),
            rows(&membres),
            rows(&logements),
            rows(&attributions),
        ],
    )
    .await;
    assert_eq!(exported::<Organisme>(store).await, organismes);
    assert_eq!(exported::<Seuils>(store).await, seuils);
    assert_eq!(exported::<Demande>(store).await, demandes);
    assert_eq!(exported::<(NumeroUnique, Membre)>(store).await, membres);
    assert_eq!(exported::<Logement>(store).await, logements);
    assert_eq!(exported::<Attribution>(store).await, attributions);
}

/// A batch of a few thousand rows (several pieces of PostgreSQL's COPY, one statement of
/// SQLite), texts with tabulations, backslashes and line breaks among them, comes back whole.
pub async fn a_large_batch_is_written_whole(store: &dyn Store) {
    let demandes: Vec<Demande> = (1..=3_000)
        .map(|n| Demande { nom: Some(format!("Nom\t{n}\\fin\r\n")), ..demande(n) })
        .collect();
    write_all(store, vec![rows(&demandes), rows(&parent_and_child(&demandes))]).await;
    assert_eq!(exported::<Demande>(store).await, demandes);
}

/// A table written in key order is read in its own order, another one sorted (SQLite checks
/// which before an export): both come out in key order.
pub async fn rows_written_out_of_key_order_are_exported_in_key_order(store: &dyn Store) {
    let demandes: Vec<Demande> = (1..=6).map(demande).collect();
    let mut membres = parent_and_child(&demandes);
    let shuffled: Vec<Demande> = [4, 1, 6, 2, 5, 3].into_iter().map(demande).collect();
    membres.reverse();
    let logements = vec![logement("L1"), logement("L2"), logement("L3")];
    write_all(store, vec![rows(&shuffled), rows(&membres), rows(&logements)]).await;
    membres.reverse();
    assert_eq!(exported::<Demande>(store).await, demandes);
    assert_eq!(exported::<(NumeroUnique, Membre)>(store).await, membres);
    assert_eq!(exported::<Logement>(store).await, logements, "written in key order");
}

pub async fn reimport_updates_changed_rows_and_keeps_the_others(store: &dyn Store) {
    let first: Vec<Demande> = (1..=3).map(demande).collect();
    write_all(store, vec![rows(&first)]).await;
    write_all(store, vec![rows(&first)]).await;
    assert_eq!(exported::<Demande>(store).await, first, "the same set twice changes nothing");
    let changed =
        Demande { ressources_mensuelles: Amount::from_euros(999), nom: None, ..demande(2) };
    write_all(store, vec![rows(&[changed.clone(), demande(4)])]).await;
    let expected = vec![demande(1), changed, demande(3), demande(4)];
    assert_eq!(exported::<Demande>(store).await, expected);
}

/// A form's save: its rows upserted, the household replaced, the application projected again
/// for the bilan — the others untouched.
pub async fn a_form_s_save_writes_its_rows_and_projects_them(store: &dyn Store) {
    let (one, two) = (demande(1), demande(2));
    let n = one.numero_unique.clone();
    let household = vec![
        (n.clone(), membre(1, Lien::Titulaire)),
        (n.clone(), membre(2, Lien::Cotitulaire)),
        (two.numero_unique.clone(), membre(1, Lien::Titulaire)),
    ];
    write_all(store, vec![rows(&[one.clone(), two.clone()]), rows(&household)]).await;
    store.prepare_bilan().await.expect("projections");
    let known = crate::saves::known_keys(
        store,
        crate::KeyKind::Demande,
        &[n.to_string(), "0820119999999G0001".to_owned()],
    )
    .await
    .expect("known keys");
    assert_eq!(known, [n.to_string()].into_iter().collect());
    let changed = Demande { ressources_mensuelles: Amount::from_euros(777), ..one.clone() };
    let alone = vec![(n.clone(), membre(1, Lien::Titulaire))];
    crate::saves::save(store, vec![rows(std::slice::from_ref(&changed)), rows(&alone)])
        .await
        .expect("save");
    assert_eq!(exported::<Demande>(store).await, vec![changed, two.clone()]);
    let mut expected = alone.clone();
    expected.push((two.numero_unique.clone(), membre(1, Lien::Titulaire)));
    assert_eq!(exported::<(NumeroUnique, Membre)>(store).await, expected, "household replaced");
    let projected = store
        .fetch(
            "SELECT ressources, uc_base FROM demandes_bilan WHERE numero_unique = $1",
            &[crate::statement::text(n.as_str())],
            &[crate::ColumnType::Int, crate::ColumnType::Int],
        )
        .await
        .expect("projection");
    assert_eq!(
        projected,
        vec![vec![crate::Value::Int(Some(77_700)), crate::Value::Int(Some(10))]],
        "the saved application is projected again: new resources, one person"
    );
}

pub async fn members_replace_the_household(store: &dyn Store) {
    let d = demande(1);
    let n = d.numero_unique.clone();
    let other = demande(2).numero_unique;
    let household = vec![
        (n.clone(), membre(1, Lien::Titulaire)),
        (n.clone(), membre(2, Lien::Cotitulaire)),
        (n.clone(), membre(3, Lien::Enfant)),
        (other.clone(), membre(1, Lien::Titulaire)),
    ];
    write_all(store, vec![rows(&[d.clone(), demande(2)]), rows(&household)]).await;
    let smaller =
        vec![(n.clone(), membre(1, Lien::Titulaire)), (n.clone(), membre(2, Lien::Enfant))];
    write_all(store, vec![rows(&smaller)]).await;
    let mut expected = smaller.clone();
    expected.push((other, membre(1, Lien::Titulaire)));
    assert_eq!(
        exported::<(NumeroUnique, Membre)>(store).await,
        expected,
        "members not mentioned are kept"
    );
}

pub async fn a_dropped_import_writes_nothing(store: &dyn Store) {
    write_all(store, vec![rows(&[demande(1)])]).await;
    {
        let mut tx = store.begin_import().await.expect("begin");
        tx.write(
            Table::Demandes,
            &[demande(2).to_row(), Demande { nom: None, ..demande(1) }.to_row()],
        )
        .await
        .expect("write");
        tx.write(
            Table::Membres,
            &[(demande(1).numero_unique, membre(1, Lien::Titulaire)).to_row()],
        )
        .await
        .expect("write");
        // Dropped without commit: an interrupted import.
    }
    assert_eq!(exported::<Demande>(store).await, vec![demande(1)]);
    assert!(exported::<(NumeroUnique, Membre)>(store).await.is_empty());
}

pub async fn a_transaction_writes_only_the_tables_it_declared(store: &dyn Store) {
    write_all(store, vec![rows(&[demande(1)])]).await;
    let mut tx = store.begin_writing(&[Table::Scores]).await.expect("begin");
    let refused = tx.write(Table::Demandes, &[demande(2).to_row()]).await;
    assert!(refused.is_err(), "an undeclared table is refused");
    assert!(tx.replace_all(Table::Membres).await.is_err(), "replacing one as well");
    if store.backend() == "postgres" {
        // The cotation's refresh holds the scores: a form's save of an application goes on.
        let save = crate::Statement::new(
            "UPDATE demandes SET nom = $1 WHERE numero_unique = $2",
            vec![
                crate::Value::Text(Some("Nouveau".into())),
                crate::Value::Text(Some(demande(1).numero_unique.to_string().into())),
            ],
        );
        assert_eq!(store.execute(&[save]).await.expect("saved meanwhile"), 1);
    }
    drop(tx);
    assert_eq!(exported::<Demande>(store).await.len(), 1, "nothing of the refused write");
    // A transaction of a table the bilan's projections read commits, its projection rebuilt,
    // though it declared neither the applications nor their members.
    let mut tx = store.begin_writing(&[Table::Attributions]).await.expect("begin");
    tx.write(Table::Attributions, &[attribution(1).to_row()]).await.expect("write");
    tx.commit().await.expect("commit");
    assert_eq!(exported::<Attribution>(store).await, vec![attribution(1)]);
}

pub async fn known_keys_are_found(store: &dyn Store) {
    write_all(
        store,
        vec![rows(&[demande(1), demande(2)]), rows(&[org("tgh", OrganismeType::Bailleur)])],
    )
    .await;
    let asked = vec![
        demande(1).numero_unique.to_string(),
        "inconnu".to_owned(),
        demande(2).numero_unique.to_string(),
    ];
    let mut tx = store.begin_import().await.expect("begin");
    tx.write(Table::Demandes, &[demande(7).to_row()]).await.expect("write");
    let found = tx.known_keys(crate::KeyKind::Demande, &asked).await.expect("known keys");
    assert_eq!(found.len(), 2);
    assert!(found.contains(asked[0].as_str()) && found.contains(asked[2].as_str()));
    let orgs = tx
        .known_keys(crate::KeyKind::Organisme, &["tgh".into(), "etat".into()])
        .await
        .expect("keys");
    let logements = tx.known_keys(crate::KeyKind::Logement, &["L1".into()]).await.expect("keys");
    assert!(logements.is_empty(), "an empty table knows no key");
    assert_eq!(orgs.into_iter().collect::<Vec<_>>(), ["tgh"]);
}

pub async fn overview_counts_at_a_date(store: &dyn Store) {
    // demande(3) is radiée on 30/06/2022; the others are active; all filed in January 2020.
    write_all(
        store,
        vec![
            rows(&(1..=4).map(demande).collect::<Vec<_>>()),
            rows(&[org("tgh", OrganismeType::Bailleur), org("etat", OrganismeType::Etat)]),
            rows(&[logement("L1")]),
            rows(&[attribution(1), Attribution { date_bail: date(2023, 1, 2), ..attribution(2) }]),
        ],
    )
    .await;
    let o = store.overview(date(2022, 6, 29)).await.expect("overview");
    assert_eq!(o.demandes_actives, 4);
    let o = store.overview(date(2022, 6, 30)).await.expect("overview");
    assert_eq!(o.demandes_actives, 3, "closed on the reference date is no longer active");
    assert_eq!(o.demandes_total, 4);
    assert_eq!(o.attributions_par_annee, vec![(2022, 1), (2023, 1)]);
    assert_eq!((o.logements, o.bailleurs), (1, 1));
}

/// The households of the period, in numéro unique order (the store gives them in its own).
async fn households(store: &dyn Store, from: Date, to: Date) -> Vec<(Demande, Vec<Membre>)> {
    let mut out = Vec::new();
    store
        .export_households(from, to, &mut |value| {
            out.push(value);
            Ok(())
        })
        .await
        .expect("export");
    out.sort_by(|(a, _), (b, _)| a.numero_unique.cmp(&b.numero_unique));
    out
}

pub async fn active_applications_and_their_households_over_a_period(store: &dyn Store) {
    // demande(3) and demande(6) are radiées on 30/06/2022; all are filed in January 2020.
    let demandes: Vec<Demande> = (1..=6).map(demande).collect();
    let membres = parent_and_child(&demandes);
    write_all(store, vec![rows(&demandes), rows(&membres)]).await;
    let numbers = |hs: &[(Demande, Vec<Membre>)]| {
        hs.iter().map(|(d, _)| d.numero_unique.clone()).collect::<Vec<_>>()
    };
    let after = households(store, date(2022, 6, 30), date(2023, 1, 1)).await;
    let open: Vec<NumeroUnique> =
        [1, 2, 4, 5].into_iter().map(|n| demande(n).numero_unique).collect();
    assert_eq!(numbers(&after), open, "closed on the first day of the period: left out");
    let before = households(store, date(2022, 6, 29), date(2023, 1, 1)).await;
    assert_eq!(before.len(), 6, "still active on the first day of the period");
    for ((d, household), expected) in before.iter().zip(&demandes) {
        let without_contact = Demande {
            guichet: None,
            nom: None,
            prenom: None,
            email: None,
            telephone: None,
            adresse: None,
            ..expected.clone()
        };
        assert_eq!(d, &without_contact, "every field but contact details");
        assert_eq!(household, &vec![membre(1, Lien::Titulaire), membre(2, Lien::Enfant)]);
    }
    assert!(households(store, date(2019, 1, 1), date(2019, 12, 31)).await.is_empty());
}

pub async fn derived_tables_are_replaced_and_looked_up(store: &dyn Store) {
    use crate::{ScoreHistoryEntry, StoredScore};
    let score = |n: u32, points: i64| StoredScore {
        numero_unique: demande(n).numero_unique,
        calcule_le: date(2025, 12, 31),
        grille_en_vigueur: date(2022, 1, 1),
        grille_empreinte: "0123456789abcdef".into(),
        score: points,
        provisoire: n.is_multiple_of(2),
        detail: format!("anciennete={points}:v"),
        commune: "82033".into(),
        typologie: "T2".into(),
        rang: i64::from(n),
        comparables: 3,
    };
    write_all(store, vec![rows(&[score(1, 10), score(2, 20), score(3, 30)])]).await;
    let mut tx = store.begin_import().await.expect("begin");
    tx.replace_all(Table::Scores).await.expect("replace");
    tx.write(Table::Scores, &[score(2, 25).to_row()]).await.expect("write");
    tx.commit().await.expect("commit");
    assert_eq!(exported::<StoredScore>(store).await, vec![score(2, 25)], "the table was replaced");
    let numero = demande(2).numero_unique.to_string();
    let found: Vec<StoredScore> = crate::lookup_all(store, &[&numero]).await.expect("lookup");
    assert_eq!(found, vec![score(2, 25)]);
    let history = |calcul: i64, points: i64| ScoreHistoryEntry {
        numero_unique: demande(2).numero_unique,
        calcul,
        depuis: date(2025, 12, 31),
        grille_en_vigueur: date(2022, 1, 1),
        grille_empreinte: "0123456789abcdef".into(),
        score: points,
        provisoire: false,
        detail: String::new(),
    };
    write_all(store, vec![rows(&[history(2, 25), history(1, 20)])]).await;
    let found: Vec<ScoreHistoryEntry> = crate::lookup_all(store, &[&numero]).await.expect("lookup");
    assert_eq!(
        found,
        vec![history(1, 20), history(2, 25)],
        "in key order: oldest computation first"
    );
    // A dropped transaction leaves the replaced table as it was.
    let mut tx = store.begin_import().await.expect("begin");
    tx.replace_all(Table::Scores).await.expect("replace");
    drop(tx);
    assert_eq!(exported::<StoredScore>(store).await, vec![score(2, 25)]);
}
