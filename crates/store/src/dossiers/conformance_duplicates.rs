//! The conformance cases of possible duplicates, run with the store's suite on every backend:
//! the three ways two applications are found to be one household's, the keys a social service
//! shares set aside, a merge (the older kept, the other struck off as a doublon), a dismissal
//! never flagged again, and two officers deciding the same pair at once.

use super::duplicates::{self, Criterion, DecisionRefused, Detection};
use super::notes;
use super::renewal::Actor;
use crate::conformance::{date, demande, membre, rows, write_all};
use crate::{Store, lookup_all};
use logis_domain::{Demande, Lien, MotifRadiation, NumeroUnique, Statut};

fn application(n: u32, depot: (i32, u8, u8), nom: &str, prenom: &str) -> Demande {
    Demande {
        date_depot: date(depot.0, depot.1, depot.2),
        statut: Statut::Active,
        date_radiation: None,
        motif_radiation: None,
        nom: Some(nom.into()),
        prenom: Some(prenom.into()),
        email: None,
        telephone: None,
        ..demande(n)
    }
}

fn numero(d: &Demande) -> String {
    d.numero_unique.as_str().to_owned()
}

/// The three criteria found, spellings folded, a shared key set aside, a merge and a dismissal.
pub async fn duplicates_are_found_merged_and_dismissed(store: &dyn Store) {
    let a = Demande {
        email: Some("chloe.legoff@exemple.fr".into()),
        telephone: Some("06 12 34 56 78".into()),
        ..application(101, (2021, 3, 1), "Le Goff-Hervé", "Chloé")
    };
    // The same person typed again: capitals, no accents, no hyphen.
    let b = application(102, (2023, 5, 2), "LE GOFF HERVE", "chloe");
    let c = Demande {
        email: Some(" CHLOE.LEGOFF@exemple.fr".into()),
        ..application(103, (2022, 1, 1), "Martin", "Paul")
    };
    let d = Demande {
        telephone: Some("+33 6.12.34.56.78".into()),
        ..application(104, (2024, 1, 1), "Durand", "Léa")
    };
    // Struck off: never a duplicate of an active one.
    let gone = Demande {
        statut: Statut::Radiee,
        date_radiation: Some(date(2024, 2, 1)),
        motif_radiation: Some(MotifRadiation::Abandon),
        ..application(105, (2020, 1, 1), "Le Goff-Hervé", "Chloé")
    };
    // A namesake born a year later.
    let namesake = application(106, (2022, 6, 1), "Le Goff-Hervé", "Chloé");
    // Six households helped by one social service, which gave its phone for each.
    let helped: Vec<Demande> = (110..116)
        .map(|n| Demande {
            telephone: Some("05 63 00 00 00".into()),
            ..application(n, (2023, 1, 1), &format!("Famille {n}"), "Jean")
        })
        .collect();
    let mut all = vec![a.clone(), b.clone(), c.clone(), d.clone(), gone.clone(), namesake.clone()];
    all.extend(helped.iter().cloned());
    // A, B and the struck-off one born on 12 April 1985, the namesake a year later, the
    // others each in a year of their own.
    let members: Vec<(NumeroUnique, logis_domain::Membre)> = all
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let year = match numero(x) {
                n if [numero(&a), numero(&b), numero(&gone)].contains(&n) => 1985,
                n if n == numero(&namesake) => 1986,
                _ => 1950 + i as i32,
            };
            let mut titulaire = membre(1, Lien::Titulaire);
            titulaire.date_naissance = date(year, 4, 12);
            (x.numero_unique.clone(), titulaire)
        })
        .collect();
    write_all(store, vec![rows(&all), rows(&members)]).await;

    let first_day = date(2026, 3, 2);
    let found = duplicates::detect(store, first_day).await.expect("detect");
    assert_eq!(
        found,
        Detection { pairs: 3, new: 3, by_criterion: [1, 1, 1], shared_keys: 1 },
        "A–B by name and birth, A–C by e-mail, A–D by phone; the social service's phone aside"
    );
    let (pairs, total) = duplicates::pending(store, 0, 10).await.expect("pending");
    assert_eq!(total, 3);
    let found_pairs: Vec<(String, String, Vec<Criterion>)> =
        pairs.iter().map(|p| (p.ancien.clone(), p.recent.clone(), p.criteres.clone())).collect();
    assert_eq!(
        found_pairs,
        vec![
            (numero(&a), numero(&b), vec![Criterion::Identite]),
            (numero(&a), numero(&c), vec![Criterion::Courriel]),
            (numero(&a), numero(&d), vec![Criterion::Telephone]),
        ]
    );
    let (page, total) = duplicates::pending(store, 2, 10).await.expect("second page");
    assert_eq!((page.len(), total), (1, 3));

    let again = duplicates::detect(store, date(2026, 3, 9)).await.expect("detect again");
    assert_eq!((again.pairs, again.new), (3, 0), "nothing new the second time");
    let of_b = duplicates::of_application(store, &numero(&b)).await.expect("of b");
    assert_eq!(of_b.len(), 1);
    assert_eq!(of_b[0].detecte_le, first_day, "a pair keeps the day it was first found");

    let officer = Actor { login: "agent.epci", origin: "127.0.0.1", at: 1_780_000_000 };
    duplicates::dismiss(store, &numero(&a), &numero(&c), &officer).await.expect("dismiss");
    assert!(matches!(
        duplicates::dismiss(store, &numero(&a), &numero(&c), &officer).await,
        Err(DecisionRefused::NotPending)
    ));
    let after_dismissal = duplicates::detect(store, date(2026, 3, 10)).await.expect("detect");
    assert_eq!(after_dismissal.pairs, 2, "a dismissed pair is not flagged again");

    let today = date(2026, 3, 10);
    duplicates::merge(store, &numero(&a), &numero(&b), today, &officer).await.expect("merge");
    let stored = lookup_all::<Demande>(store, &[&numero(&b)]).await.expect("read b");
    assert_eq!(
        (stored[0].statut, stored[0].motif_radiation, stored[0].date_radiation),
        (Statut::Radiee, Some(MotifRadiation::Doublon), Some(today))
    );
    let kept = lookup_all::<Demande>(store, &[&numero(&a)]).await.expect("read a");
    assert_eq!((kept[0].statut, kept[0].date_depot), (Statut::Active, a.date_depot));
    for x in [&a, &b] {
        let events = notes::events_of(store, &numero(x)).await.expect("events");
        assert_eq!(
            events
                .iter()
                .filter(|e| e.nature == logis_domain::work::EventNature::DuplicateMerged)
                .count(),
            1,
            "the merge is in {}'s history",
            numero(x)
        );
    }
    let audit = crate::access::audit::mentioning(store, &numero(&b), 10).await.expect("audit");
    assert!(
        audit.iter().any(|l| l.action == logis_domain::work::AuditAction::DuplicateMerged
            && l.login == "agent.epci")
    );
    assert!(matches!(
        duplicates::merge(store, &numero(&a), &numero(&b), today, &officer).await,
        Err(DecisionRefused::NotPending)
    ));

    // Two officers merge the last pair at the same moment: one merge, one refusal.
    let other = Actor { login: "autre.agent", ..officer };
    let (na, nd) = (numero(&a), numero(&d));
    let (one, two) = futures::join!(
        duplicates::merge(store, &na, &nd, today, &officer),
        duplicates::merge(store, &na, &nd, today, &other),
    );
    assert!(one.is_ok() != two.is_ok(), "exactly one merge: {one:?} {two:?}");
    let events = notes::events_of(store, &numero(&d)).await.expect("events of d");
    assert_eq!(
        events
            .iter()
            .filter(|e| e.nature == logis_domain::work::EventNature::DuplicateMerged)
            .count(),
        1
    );
    let last = duplicates::detect(store, today).await.expect("detect");
    assert_eq!(last.pairs, 0, "struck-off applications are no one's duplicates");
}
