//! The conformance cases of allocation's records, run with the store's suite on every backend:
//! the candidates' index read in order a page at a time, applications read whole by numéro,
//! vacancies, commission sessions with their agenda and decisions, offers with the answer and
//! the lease, and statements run inside an import's transaction.

use super::candidates::{self, Persons};
use super::commissions::{self, AgendaItem, Commission, Decision};
use super::offers::{self, Offer};
use super::vacancies::{self, Vacancy, VacancyFilter};
use crate::codec::Stored;
use crate::conformance::{date, demande, membre};
use crate::{CandidateEntry, Store, Table, lookup_all};
use logis_access::Perimeter;
use logis_domain::allocation::{
    CommissionId, Exception, Nature, OfferAnswer, OfferId, VacancyId, VacancyStatus,
};
use logis_domain::{Demande, Lien, LogementId, NumeroUnique, OrganismeId};

fn entry(commune: &str, score: i64, day: u8, numero: &str, personnes: i64) -> CandidateEntry {
    CandidateEntry {
        commune: commune.to_owned(),
        score,
        date_depot: date(2020, 1, day),
        numero_unique: numero.to_owned(),
        personnes,
    }
}

pub async fn the_index_reads_candidates_in_score_order(store: &dyn Store) {
    let demandes: Vec<Demande> = (1..=6).map(demande).collect();
    let n = |i: usize| demandes[i].numero_unique.to_string();
    let entries = [
        entry("82033", 10, 5, &n(0), 2),
        entry("82033", 30, 9, &n(1), 3),
        entry("82033", 30, 2, &n(2), 2),
        entry("82033", 20, 1, &n(3), 1),
        entry("82033", 5, 1, &n(4), 6),
        entry("82112", 50, 1, &n(5), 2),
    ];
    let mut tx = store.begin_import().await.expect("begin");
    tx.write(Table::Demandes, &demandes.iter().map(Stored::to_row).collect::<Vec<_>>())
        .await
        .expect("write");
    let household = [membre(1, Lien::Titulaire), membre(2, Lien::Enfant)];
    let members = household.iter().map(|m| (demandes[1].numero_unique.clone(), m.clone()).to_row());
    tx.write(Table::Membres, &members.collect::<Vec<_>>()).await.expect("write");
    tx.replace_all(Table::Candidatures).await.expect("replace");
    tx.write(Table::Candidatures, &entries.iter().map(Stored::to_row).collect::<Vec<_>>())
        .await
        .expect("write");
    tx.commit().await.expect("commit");

    let two_or_three = Persons { min: 2, max: Some(3) };
    let first = candidates::next_page(store, "82033", two_or_three, None, 2).await.expect("page");
    let order: Vec<_> = first.iter().map(|e| (e.score, e.date_depot.day())).collect();
    assert_eq!(order, vec![(30, 2), (30, 9)], "highest score first, then the oldest filing");
    let rest =
        candidates::next_page(store, "82033", two_or_three, first.last(), 2).await.expect("page");
    assert_eq!(rest, vec![entries[0].clone()], "after the cursor, sizes outside 2–3 left out");
    let five_and_more = Persons { min: 5, max: None };
    let big = candidates::next_page(store, "82033", five_and_more, None, 10).await.expect("page");
    assert_eq!(big, vec![entries[4].clone()]);
    assert_eq!(candidates::count(store, "82033", two_or_three).await.expect("count"), 3);
    assert_eq!(candidates::count(store, "99999", two_or_three).await.expect("count"), 0);

    let (second, third) = (n(1), n(2));
    let wanted = [third.as_str(), "inconnue", second.as_str()];
    let read = candidates::applications(store, &wanted).await.expect("read");
    let numeros: Vec<_> = read.iter().map(|(d, _)| d.numero_unique.to_string()).collect();
    assert_eq!(numeros, vec![n(2), n(1)], "in the order asked, the unknown one left out");
    assert_eq!(read[0].0, demandes[2]);
    assert_eq!(read[1].1.len(), 2, "with the household");
}

fn vacancy(logement: &str, bailleur: &str, day: u8) -> Vacancy {
    Vacancy {
        ligne: VacancyId::new(0),
        logement_id: LogementId::parse(logement).expect("a dwelling"),
        bailleur: OrganismeId::parse(bailleur).expect("a landlord"),
        disponible_le: date(2026, 3, day),
        reservataire: OrganismeId::parse("etat").expect("a holder"),
        reservataire_propose: OrganismeId::parse("action_logement").ok(),
        motif_orientation: Some("rattrapage du contingent préfectoral".to_owned()),
        statut: VacancyStatus::Open,
        declaree_par: "bailleur".to_owned(),
        declaree_le: 1_000,
        motif_retrait: None,
        mis_de_cote: None,
        remise_le: None,
    }
}

pub async fn vacancies_are_declared_listed_and_let(store: &dyn Store) {
    let first = vacancies::declare(store, &vacancy("L1", "hlm82", 1)).await.expect("declare");
    let second = vacancies::declare(store, &vacancy("L2", "hlm82", 5)).await.expect("declare");
    let other = vacancies::declare(store, &vacancy("L3", "autre", 3)).await.expect("declare");
    assert!(first != second && second != other, "each vacancy has its number");
    let read = vacancies::one(store, first).await.expect("read").expect("found");
    assert_eq!(read, Vacancy { ligne: first, ..vacancy("L1", "hlm82", 1) });
    assert_eq!(vacancies::one(store, VacancyId::new(999_999)).await.expect("read"), None);
    let of_hlm = VacancyFilter { bailleur: Some("hlm82"), ..VacancyFilter::default() };
    let listed = vacancies::list(store, &of_hlm).await.expect("list");
    assert_eq!(
        listed.iter().map(|v| v.ligne).collect::<Vec<_>>(),
        vec![second, first],
        "newest first"
    );
    let reached = |perimeter: Perimeter| async move {
        let filter = VacancyFilter::within(&perimeter);
        vacancies::list(store, &filter).await.expect("list").len()
    };
    assert_eq!(reached(Perimeter::Landlord("hlm82".to_owned())).await, 2, "its landlord's");
    assert_eq!(reached(Perimeter::Holder("etat".to_owned())).await, 3, "oriented to it");
    assert_eq!(reached(Perimeter::All).await, 3, "the EPCI's: all");
    assert_eq!(reached(Perimeter::None).await, 0, "an account attached to nothing: none");
    store.execute(&[vacancies::set_status(first, VacancyStatus::Let)]).await.expect("let");
    let open = VacancyFilter { statut: Some(VacancyStatus::Open), ..of_hlm.clone() };
    let still_open = vacancies::list(store, &open).await.expect("list");
    assert_eq!(still_open.iter().map(|v| v.ligne).collect::<Vec<_>>(), vec![second]);
    let by_dwelling = VacancyFilter { logement_id: Some("L3"), ..VacancyFilter::default() };
    assert_eq!(vacancies::list(store, &by_dwelling).await.expect("list").len(), 1);
    store.execute(&[vacancies::withdraw(second, "travaux de rénovation")]).await.expect("withdraw");
    let withdrawn = vacancies::one(store, second).await.expect("read").expect("found");
    assert_eq!(
        (withdrawn.statut, withdrawn.motif_retrait.as_deref()),
        (VacancyStatus::Withdrawn, Some("travaux de rénovation"))
    );
    let again = store.execute(&[vacancies::withdraw(first, "déjà loué")]).await.expect("no-op");
    assert_eq!(again, 0, "a let dwelling is not withdrawn");
    vacancies_are_paged_counted_and_sorted_by_the_database(store, [first, second, other]).await;
}

/// A page of the list is read, counted and sorted by the database: by day, by state (in the
/// order of its French words), by holder's name; a holder no longer follows a dwelling returned
/// to its landlord.
async fn vacancies_are_paged_counted_and_sorted_by_the_database(
    store: &dyn Store,
    [first, second, other]: [VacancyId; 3],
) {
    use vacancies::VacancyOrder;
    let every = VacancyFilter::default();
    let numbers = |page: &vacancies::VacancyPage| -> Vec<VacancyId> {
        page.vacancies.iter().map(|v| v.ligne).collect()
    };
    let by_day =
        vacancies::page(store, &every, (VacancyOrder::Disponible, true), 0, 2).await.expect("page");
    assert_eq!((numbers(&by_day), by_day.total), (vec![second, other], 3), "the latest first");
    let next =
        vacancies::page(store, &every, (VacancyOrder::Disponible, true), 2, 2).await.expect("page");
    assert_eq!((numbers(&next), next.total), (vec![first], 3), "the second page");
    // States: first loué, second retiré, other vacant.
    let by_state =
        vacancies::page(store, &every, (VacancyOrder::Etat, false), 0, 10).await.expect("page");
    assert_eq!(numbers(&by_state), vec![first, second, other]);
    let by_holder = vacancies::page(store, &every, (VacancyOrder::Reservataire, false), 0, 10)
        .await
        .expect("page");
    assert_eq!(numbers(&by_holder), vec![other, second, first], "one holder: latest first");
    let holder = Perimeter::Holder("etat".to_owned());
    let followed = VacancyFilter { sans_remise: true, ..VacancyFilter::within(&holder) };
    store
        .execute(&[crate::statement::Statement::new(
            "UPDATE vacances SET remise_le = 5000 WHERE ligne = $1",
            vec![crate::statement::int(other.get())],
        )])
        .await
        .expect("returned");
    let still =
        vacancies::page(store, &followed, (VacancyOrder::Ligne, true), 0, 10).await.expect("page");
    assert_eq!((still.total, still.vacancies.len()), (2, 2), "the returned one left out");
    assert_eq!(vacancies::holders(store, &every).await.expect("holders"), vec!["etat".to_owned()]);
}

/// A page of sessions is read, counted and sorted by the database, by period and place.
async fn sessions_are_paged_by_period_and_sorted(
    store: &dyn Store,
    session: &Commission,
    first: CommissionId,
) {
    use commissions::{CommissionOrder, Period};
    let later =
        Commission { date_seance: date(2026, 5, 2), lieu: "Auvillar".into(), ..session.clone() };
    let second = commissions::create(store, &later).await.expect("create");
    let numbers = |page: &commissions::CommissionPage| -> Vec<CommissionId> {
        page.commissions.iter().map(|c| c.ligne).collect()
    };
    let by_date = (CommissionOrder::Date, true);
    let all =
        commissions::page(store, Some("hlm82"), Period::All, by_date, (0, 1)).await.expect("page");
    assert_eq!((numbers(&all), all.total), (vec![second], 2), "the latest first, one a page");
    let april = date(2026, 4, 1);
    let upcoming = commissions::page(store, None, Period::Upcoming(april), by_date, (0, 10))
        .await
        .expect("page");
    assert_eq!((numbers(&upcoming), upcoming.total), (vec![second], 1));
    let past =
        commissions::page(store, None, Period::Past(april), by_date, (0, 10)).await.expect("page");
    assert_eq!(numbers(&past), vec![first]);
    let by_place = (CommissionOrder::Lieu, false);
    let places =
        commissions::page(store, None, Period::All, by_place, (0, 10)).await.expect("page");
    assert_eq!(numbers(&places), vec![second, first], "Auvillar, then Castelsarrasin");
    let elsewhere = commissions::page(store, Some("autre"), Period::All, by_place, (0, 10))
        .await
        .expect("page");
    assert_eq!((elsewhere.total, elsewhere.commissions.len()), (0, 0));
}

/// The vacancy the sessions and offers of these cases are about.
const SEVEN: VacancyId = VacancyId::new(7);

fn decision(commission: CommissionId, numero: &str, position: i64, nature: Nature) -> Decision {
    Decision {
        commission,
        vacance: SEVEN,
        numero_unique: NumeroUnique::parse(numero).expect("a numéro"),
        position_score: position,
        score: Some(40 - position),
        nature,
        rang: (nature == Nature::AttributionRang).then_some(2),
        piece_manquante: None,
        echeance: (nature == Nature::ConditionSuspensive).then(|| date(2026, 4, 1)),
        motif: (nature == Nature::NonAttribution).then(|| "typologie inadaptée".to_owned()),
        motif_ecart: None,
        plafond_verifie: nature == Nature::Attribution,
        decidee_par: "bailleur".to_owned(),
        decidee_le: 2_000,
    }
}

pub async fn commissions_record_their_agenda_and_decisions(store: &dyn Store) {
    let session = Commission {
        ligne: CommissionId::new(0),
        bailleur: OrganismeId::parse("hlm82").expect("a landlord"),
        date_seance: date(2026, 3, 10),
        lieu: "Castelsarrasin".to_owned(),
        membres: vec!["Président — M. A".to_owned(), "Administratrice — Mme B".to_owned()],
        maire: "Maire de Moissac".to_owned(),
        creee_par: "bailleur".to_owned(),
        creee_le: 1_500,
    };
    let ligne = commissions::create(store, &session).await.expect("create");
    let read = commissions::one(store, ligne).await.expect("read").expect("found");
    assert_eq!(read, Commission { ligne, ..session.clone() }, "members kept one per line");
    assert_eq!(commissions::list(store, Some("hlm82")).await.expect("list").len(), 1);
    assert!(commissions::list(store, Some("autre")).await.expect("list").is_empty());
    sessions_are_paged_by_period_and_sorted(store, &session, ligne).await;

    let item = AgendaItem { commission: ligne, vacance: SEVEN, exception: None };
    store.execute(&[commissions::put_on_agenda(&item)]).await.expect("agenda");
    let changed = AgendaItem { exception: Some(Exception::PlaiAdapte), ..item };
    store.execute(&[commissions::put_on_agenda(&changed)]).await.expect("agenda again");
    assert_eq!(commissions::agenda(store, ligne).await.expect("agenda"), vec![changed]);

    let first = vec![
        decision(ligne, "A", 1, Nature::Attribution),
        decision(ligne, "B", 2, Nature::NonAttribution),
    ];
    store.execute(&commissions::replace_decisions(ligne, SEVEN, &first)).await.expect("decide");
    let again = vec![
        decision(ligne, "A", 1, Nature::Attribution),
        decision(ligne, "B", 2, Nature::AttributionRang),
        decision(ligne, "C", 3, Nature::ConditionSuspensive),
    ];
    store
        .execute(&commissions::replace_decisions(ligne, SEVEN, &again))
        .await
        .expect("decide again");
    assert_eq!(commissions::decisions(store, ligne).await.expect("read"), again, "replaced");
    assert_eq!(commissions::decisions_on(store, SEVEN).await.expect("read").len(), 3);
    assert_eq!(
        commissions::decisions_about(store, "B").await.expect("read"),
        vec![again[1].clone()]
    );
}

pub async fn offers_are_answered_and_end_with_a_lease(store: &dyn Store) {
    let mut tx = store.begin_import().await.expect("begin");
    tx.write(Table::Demandes, &[demande(1).to_row()]).await.expect("write");
    tx.commit().await.expect("commit");
    let numero = demande(1).numero_unique.to_string();
    let offer = Offer {
        ligne: OfferId::new(0),
        vacance: SEVEN,
        numero_unique: NumeroUnique::parse(&numero).expect("a numéro"),
        proposee_le: date(2026, 3, 11),
        reponse_avant: date(2026, 3, 21),
        reponse: None,
        motif_refus: None,
        refus_legitime: None,
        repondue_le: None,
        bail_signe_le: None,
        auteur: "bailleur".to_owned(),
        moment: 3_000,
    };
    store.execute(&[offers::make(&offer)]).await.expect("offer");
    let made = offers::of_vacancy(store, SEVEN).await.expect("read");
    assert_eq!(made.len(), 1);
    assert!(made[0].is_pending());
    let ligne = made[0].ligne;
    let refused = offers::answer(
        ligne,
        OfferAnswer::Refused,
        Some("trop loin du travail"),
        Some(false),
        date(2026, 3, 15),
    );
    assert_eq!(
        store
            .execute(&[refused.clone(), offers::count_refusal(&offer.numero_unique)])
            .await
            .expect("answer"),
        2
    );
    assert_eq!(store.execute(&[refused]).await.expect("answer twice"), 0, "answered once only");
    let stored = lookup_all::<Demande>(store, &[&numero]).await.expect("read");
    let before = demande(1).refus_offres_adaptees.unwrap_or(0);
    assert_eq!(
        stored[0].refus_offres_adaptees,
        Some(before + 1),
        "an illegitimate refusal is counted"
    );
    assert_eq!(
        store.execute(&[offers::lease(ligne, date(2026, 4, 1))]).await.expect("lease"),
        0,
        "no lease after a refusal"
    );

    store
        .execute(&[offers::make(&Offer {
            numero_unique: NumeroUnique::parse("autre").expect("a numéro"),
            ..offer
        })])
        .await
        .expect("offer");
    let next = offers::of_vacancy(store, SEVEN).await.expect("read")[1].ligne;
    let mut tx = store.begin_import().await.expect("begin");
    let accepted = offers::answer(next, OfferAnswer::Accepted, None, None, date(2026, 3, 20));
    assert_eq!(
        tx.execute(&[accepted, offers::lease(next, date(2026, 4, 1))])
            .await
            .expect("in the import"),
        2
    );
    drop(tx);
    assert!(
        offers::of_vacancy(store, SEVEN).await.expect("read")[1].is_pending(),
        "a dropped import writes nothing"
    );
    let mut tx = store.begin_import().await.expect("begin");
    let accepted = offers::answer(next, OfferAnswer::Accepted, None, None, date(2026, 3, 20));
    tx.execute(&[accepted, offers::lease(next, date(2026, 4, 1))]).await.expect("in the import");
    tx.commit().await.expect("commit");
    let of_other = offers::of_application(store, "autre").await.expect("read");
    assert_eq!(of_other[0].bail_signe_le, Some(date(2026, 4, 1)));
    assert_eq!(of_other[0].reponse, Some(OfferAnswer::Accepted));
}

/// A landlord's conventions replaced one year at a time, its bilan prepared then sent, and the
/// dwellings it oriented in a year counted by holder (neither withdrawn nor set-aside ones).
pub async fn conventions_and_orientations_of_a_year(store: &dyn Store) {
    use crate::flux::{self, BilanSending};
    use logis_domain::{CodeInsee, Convention, Part, SetAside};
    let landlord = OrganismeId::parse("hlm82").expect("a landlord");
    let row = |holder: &str, year: i32, part: u32, commune: Option<&str>| Convention {
        bailleur: landlord.clone(),
        reservataire: OrganismeId::parse(holder).expect("a holder"),
        annee: year,
        part: Part::from_ten_thousandths(part * Part::UNIT),
        commune: commune.map(|c| CodeInsee::parse(c).expect("a commune")),
        date_signature: Some(date(2025, 12, 1)),
    };
    let y2025 = [row("etat", 2025, 25, None)];
    let y2026 = [row("etat", 2026, 25, None), row("commune_a", 2026, 10, Some("82033"))];
    flux::replace_year(store, &landlord, 2025, &y2025).await.expect("2025");
    flux::replace_year(store, &landlord, 2026, &y2026).await.expect("2026");
    let amended = [row("action_logement", 2026, 20, None)];
    flux::replace_year(store, &landlord, 2026, &amended).await.expect("amend 2026");
    let mut kept = flux::conventions_of(store, &landlord).await.expect("read");
    kept.sort_by_key(|c| c.annee);
    assert_eq!(kept, vec![y2025[0].clone(), amended[0].clone()], "2025 kept, 2026 replaced");

    assert_eq!(flux::sending(store, &landlord, 2025).await.expect("read"), None);
    let mut prepared = BilanSending {
        bailleur: landlord.clone(),
        annee: 2025,
        prevision_relogement_anru: 3,
        prevision_mutation_interne: 7,
        modifie_par: "bailleur".to_owned(),
        modifie_le: 10,
        envoye_par: None,
        envoye_le: None,
    };
    store.execute(&[flux::save_sending(&prepared)]).await.expect("prepare");
    assert!(flux::sent(store, 2025).await.expect("sent").is_empty(), "prepared, not sent");
    prepared.envoye_par = Some("bailleur".to_owned());
    prepared.envoye_le = Some(20);
    store.execute(&[flux::save_sending(&prepared)]).await.expect("send");
    assert_eq!(flux::sending(store, &landlord, 2025).await.expect("read"), Some(prepared.clone()));
    assert_eq!(flux::sent(store, 2025).await.expect("sent"), vec![prepared]);

    let declared = |logement: &str, day: u8, holder: &str| Vacancy {
        reservataire: OrganismeId::parse(holder).expect("a holder"),
        ..vacancy(logement, "hlm82", day)
    };
    for (logement, holder) in
        [("L1", "etat"), ("L2", "etat"), ("L3", "hlm82"), ("L4", "action_logement")]
    {
        vacancies::declare(store, &declared(logement, 2, holder)).await.expect("declare");
    }
    let withdrawn = vacancies::declare(store, &declared("L5", 4, "etat")).await.expect("declare");
    store.execute(&[vacancies::withdraw(withdrawn, "déclaré par erreur")]).await.expect("withdraw");
    let set_aside =
        Vacancy { mis_de_cote: Some(SetAside::InternalTransfer), ..declared("L6", 4, "hlm82") };
    let set_aside = vacancies::declare(store, &set_aside).await.expect("declare");
    let other_year = Vacancy { disponible_le: date(2025, 12, 31), ..declared("L7", 1, "etat") };
    vacancies::declare(store, &other_year).await.expect("declare");
    let other_landlord = vacancy("L8", "autre", 2);
    vacancies::declare(store, &other_landlord).await.expect("declare");
    let counts = vacancies::oriented_in_year(store, &landlord, 2026).await.expect("counts");
    let counts: Vec<(String, u64)> =
        counts.into_iter().map(|(h, n)| (h.as_str().to_owned(), n)).collect();
    assert_eq!(
        counts,
        vec![("action_logement".to_owned(), 1), ("etat".to_owned(), 2), ("hlm82".to_owned(), 1)]
    );
    let read = vacancies::one(store, set_aside).await.expect("read").expect("found");
    assert_eq!(read.mis_de_cote, Some(SetAside::InternalTransfer));

    let returned = vacancies::declare(store, &declared("L9", 9, "etat")).await.expect("declare");
    store.execute(&[vacancies::return_to_landlord(returned, 500)]).await.expect("return");
    let again =
        store.execute(&[vacancies::return_to_landlord(returned, 900)]).await.expect("no-op");
    assert_eq!(again, 0, "returned once");
    let read = vacancies::one(store, returned).await.expect("read").expect("found");
    assert_eq!((read.remise_le, read.candidates_holder().as_str()), (Some(500), "hlm82"));
    let this_year =
        VacancyFilter { reservataire: Some("etat"), annee: Some(2026), ..VacancyFilter::default() };
    assert_eq!(
        vacancies::list(store, &this_year).await.expect("list").len(),
        5,
        "L1, L2, L5, L8, L9"
    );
}
