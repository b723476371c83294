//! The life of an application in time, on SQLite and PostgreSQL: not renewed one month after
//! its deadline, it is struck off, with its history and the audit log; the EPCI reinstates it
//! within a month, from its page.

use crate::support::{App, app, get, post, send, session, text};
use axum::http::StatusCode;
use logis_access::Role;
use logis_domain::calendar::whole_months;
use logis_domain::{Demande, MotifRadiation, Statut};
use logis_store::access::audit;
use logis_store::dossiers::notes::events_of;
use logis_store::dossiers::renewal::{self, Actor, ReinstatementRefused};
use std::collections::BTreeSet;

async fn applications(app: &App) -> Vec<Demande> {
    let mut all = Vec::new();
    logis_store::export_all::<Demande>(&*app.test.store, &mut |d| {
        all.push(d);
        Ok(())
    })
    .await
    .expect("applications");
    all
}

async fn strikes_off_the_unrenewed_and_reinstates_one(app: App) {
    let store = &*app.test.store;
    let today = logis_testkit::TODAY;
    let expected: BTreeSet<String> = applications(&app)
        .await
        .into_iter()
        .filter(|d| {
            let base = d.date_renouvellement.unwrap_or(d.date_depot);
            d.statut == Statut::Active && whole_months(base, today) >= 13
        })
        .map(|d| d.numero_unique.as_str().to_owned())
        .collect();
    assert!(!expected.is_empty(), "the generated territory has unrenewed applications");
    // The « à renouveler » list: every active application whose deadline falls within a month
    // or has passed.
    let soon = logis_domain::calendar::months_after(today, 1);
    let to_renew: BTreeSet<String> = applications(&app)
        .await
        .into_iter()
        .filter(|d| d.statut == Statut::Active && d.renewal_deadline() <= soon)
        .map(|d| d.numero_unique.as_str().to_owned())
        .collect();
    let desk = session(&app, Role::Guichet).await;
    let csv = text(send(&app, get("/demandes/export.csv?renouveler=1", Some(&desk))).await).await;
    let listed: BTreeSet<String> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(';').next().expect("numéro").trim_matches('"').to_owned())
        .collect();
    assert_eq!(listed, to_renew, "the applications to renew");
    assert!(to_renew.is_superset(&expected), "the overdue are among them");

    let simulated = renewal::unrenewed(store, today).await.expect("simulation");
    assert_eq!(simulated.numeros.iter().cloned().collect::<BTreeSet<_>>(), expected);

    let by = Actor { login: "radiations quotidiennes", origin: "test", at: 1_700_000_000 };
    let struck = renewal::strike_off(store, today, &by).await.expect("strike off");
    assert_eq!(struck.numeros.len(), expected.len());
    let after = applications(&app).await;
    for d in after.iter().filter(|d| expected.contains(d.numero_unique.as_str())) {
        assert_eq!(d.statut, Statut::Radiee);
        assert_eq!(d.motif_radiation, Some(MotifRadiation::NonRenouvellement));
        assert_eq!(d.date_radiation, Some(today));
    }
    let still_active = after.iter().filter(|d| d.statut == Statut::Active).count();
    assert!(still_active > 0, "the renewed ones stay");
    let first = expected.iter().next().expect("one").clone();
    let history = events_of(store, &first).await.expect("history");
    assert!(history.iter().any(|e| e.nature == logis_domain::work::EventNature::StruckOff
        && e.detail.contains("non-renouvellement")));
    let lines = audit::mentioning(store, &first, 10).await.expect("audit");
    assert!(
        lines.iter().any(|l| l.action.code() == logis_domain::work::EventNature::StruckOff.code()),
        "{lines:?}"
    );
    assert!(renewal::strike_off(store, today, &by).await.expect("again").numeros.is_empty());
    store.prepare_bilan().await.expect("the evaluation's data follow");

    // The EPCI reinstates it from its page, within the month.
    let admin = session(&app, Role::Administrateur).await;
    let page = text(send(&app, get(&format!("/demandes/{first}"), Some(&admin))).await).await;
    assert!(page.contains("Réinscrire la demande"), "offered to the EPCI");
    let form = format!("_csrf={}", admin.csrf);
    let done =
        send(&app, post(&format!("/demandes/{first}/reinscription"), Some(&admin), &form)).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let back =
        logis_store::lookup_all::<Demande>(store, &[first.as_str()]).await.expect("read").remove(0);
    assert_eq!(
        (back.statut, back.date_renouvellement, back.motif_radiation),
        (Statut::Active, Some(today), None)
    );
    assert!(
        events_of(store, &first)
            .await
            .expect("history")
            .iter()
            .any(|e| e.nature == logis_domain::work::EventNature::Reinstated)
    );
    let first = logis_domain::NumeroUnique::parse(&first).expect("a numéro");
    let again = renewal::reinstate(store, &first, today, &by).await;
    assert!(matches!(again, Err(ReinstatementRefused::NotStruckOffForRenewal)), "{again:?}");
    let second = expected.iter().nth(1).expect("two");
    let second = &logis_domain::NumeroUnique::parse(second).expect("a numéro");
    let late =
        renewal::reinstate(store, second, logis_domain::calendar::months_after(today, 2), &by)
            .await;
    assert!(matches!(late, Err(ReinstatementRefused::TooLate)), "{late:?}");
    let landlord = session(&app, Role::Bailleur).await;
    let refused = send(
        &app,
        post(
            &format!("/demandes/{second}/reinscription"),
            Some(&landlord),
            &format!("_csrf={}", landlord.csrf),
        ),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    app.test.finish().await;
}

#[tokio::test]
async fn strikes_off_the_unrenewed_and_reinstates_one_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        strikes_off_the_unrenewed_and_reinstates_one(app(test).await).await;
    }
}
