//! The list of the délais anormalement longs, on SQLite and PostgreSQL: every active
//! application waiting longer than the delay of its first desired typology, and no other;
//! whether a dwelling was ever offered; exports that open; the audit log.

use crate::support::{App, app, get, send, session, text};
use axum::http::StatusCode;
use http_body_util::BodyExt;
use logis_access::Role;
use logis_domain::calendar::whole_months;
use logis_domain::{Demande, Statut};
use logis_store::access::audit;
use std::collections::BTreeSet;

async fn lists_every_application_past_its_delay(app: App) {
    let store = &*app.test.store;
    let today = logis_testkit::TODAY;
    let delays = logis_cotation::default_grid().delays;
    let mut expected = BTreeSet::new();
    let mut recent = 0;
    logis_store::export_all::<Demande>(store, &mut |d| {
        let delay = delays.months(d.typologies_souhaitees.first().copied());
        let waiting = whole_months(d.date_depot, today);
        if d.statut == Statut::Active && waiting > delay {
            expected.insert(d.numero_unique.as_str().to_owned());
        } else if d.statut == Statut::Active {
            recent += 1;
        }
        Ok(())
    })
    .await
    .expect("applications");
    assert!(!expected.is_empty() && recent > 0, "the territory has both kinds");

    let admin = session(&app, Role::Administrateur).await;
    let csv = send(&app, get("/delais.csv", Some(&admin))).await;
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = text(csv).await;
    let listed: BTreeSet<String> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(';').nth(2).expect("numéro").trim_matches('"').to_owned())
        .collect();
    assert_eq!(listed, expected, "exactly the applications past their delay");
    assert!(csv.lines().skip(1).all(|l| l.ends_with(";oui") || l.ends_with(";non")));

    let page = text(send(&app, get("/delais", Some(&admin))).await).await;
    assert!(page.contains(&format!("{} demandes en délai anormalement long", expected.len())));
    assert!(page.contains("Jamais proposées"));
    let first = expected.iter().next().expect("one");
    let one_commune = logis_store::lookup_all::<Demande>(store, &[first.as_str()])
        .await
        .expect("read")
        .remove(0)
        .communes_souhaitees
        .first()
        .map(|c| c.as_str().to_owned())
        .expect("a desired commune");
    let name = app.state.communes.name(&one_commune);
    let narrowed = text(
        send(
            &app,
            get(
                &format!("/delais?commune={}", logis_web::format::url_encoded(&name)),
                Some(&admin),
            ),
        )
        .await,
    )
    .await;
    assert!(narrowed.contains(first.as_str()), "the commune's own list");
    let lines = audit::latest(store, 5).await.expect("audit");
    assert!(lines.iter().any(|l| l.target.contains("délais anormalement longs")), "{lines:?}");

    let xlsx = send(&app, get("/delais.xlsx", Some(&admin))).await;
    let bytes = xlsx.into_body().collect().await.expect("body").to_bytes();
    assert_eq!(&bytes[..2], b"PK", "a workbook");
    let unknown = send(&app, get("/delais?commune=Nulle-Part", Some(&admin))).await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert!(text(unknown).await.contains("Commune inconnue"));
    let landlord = session(&app, Role::Bailleur).await;
    assert_eq!(send(&app, get("/delais", Some(&landlord))).await.status(), StatusCode::FORBIDDEN);
    app.test.finish().await;
}

#[tokio::test]
async fn lists_every_application_past_its_delay_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        lists_every_application_past_its_delay(app(test).await).await;
    }
}
