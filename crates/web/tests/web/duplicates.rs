//! Possible duplicates through the pages, on SQLite and PostgreSQL: the EPCI's page lists the
//! pairs found (the generated territory registers some households twice), with its reading in
//! the audit log; a merge strikes the newer application off as a doublon and the pair leaves
//! the list; a dismissal too; other roles cannot open the page nor decide.

use crate::support::{App, app, get, post, send, session, text};
use axum::http::StatusCode;
use logis_access::Role;
use logis_domain::{Demande, MotifRadiation, Statut};
use logis_store::access::audit;
use logis_store::dossiers::duplicates;

async fn the_epci_merges_and_dismisses(app: App) {
    let store = &*app.test.store;
    let today = logis_testkit::TODAY;
    let found = duplicates::detect(store, today).await.expect("detect");
    assert!(found.pairs >= 2, "{found:?}");
    let (pairs, _) = duplicates::pending(store, 0, 10).await.expect("pairs");

    let landlord = session(&app, Role::Bailleur).await;
    assert_eq!(send(&app, get("/doublons", Some(&landlord))).await.status(), StatusCode::FORBIDDEN);
    let (first, second) = (&pairs[0], &pairs[1]);
    let merge = format!("/doublons/{}/{}/fusion", first.ancien, first.recent);
    let refused =
        send(&app, post(&merge, Some(&landlord), &format!("_csrf={}", landlord.csrf))).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "only the EPCI decides");

    let admin = session(&app, Role::Administrateur).await;
    let page = text(send(&app, get("/doublons", Some(&admin))).await).await;
    assert!(page.contains(&format!("Demandes n° {} et n° {}", first.ancien, first.recent)));
    assert!(page.contains("Date de naissance du titulaire"));
    let far = send(&app, get("/doublons?page=18446744073709551615", Some(&admin))).await;
    assert_eq!(far.status(), StatusCode::OK, "a page number typed in the address is bounded");
    let read = audit::mentioning(store, &first.recent, 10).await.expect("audit");
    assert!(read.iter().any(|l| l.action.code() == "consultation"), "the list of names is audited");

    let flagged =
        text(send(&app, get(&format!("/demandes/{}", first.recent), Some(&admin))).await).await;
    let banner_of = |n: &str| format!("avec la demande n° <a href=\"/demandes/{n}\">");
    assert!(flagged.contains(&banner_of(&first.ancien)), "the file says it may be a duplicate");
    let merged = send(&app, post(&merge, Some(&admin), &format!("_csrf={}", admin.csrf))).await;
    assert_eq!(merged.status(), StatusCode::SEE_OTHER);
    let struck = logis_store::lookup_all::<Demande>(store, &[&first.recent]).await.expect("read");
    assert_eq!(
        (struck[0].statut, struck[0].motif_radiation),
        (Statut::Radiee, Some(MotifRadiation::Doublon))
    );
    let again = send(&app, post(&merge, Some(&admin), &format!("_csrf={}", admin.csrf))).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST, "a decided pair is not decided twice");
    assert!(text(again).await.contains("est changé : ces deux demandes ne forment pas"));

    let dismiss = format!("/doublons/{}/{}/ecart", second.ancien, second.recent);
    let dismissed =
        send(&app, post(&dismiss, Some(&admin), &format!("_csrf={}", admin.csrf))).await;
    assert_eq!(dismissed.status(), StatusCode::SEE_OTHER);
    let after = text(send(&app, get("/doublons?fait=ecart", Some(&admin))).await).await;
    assert!(after.contains("L&#39;alerte est écartée") || after.contains("L'alerte est écartée"));
    for gone in [first, second] {
        assert!(!after.contains(&format!("Demandes n° {} et n° {}", gone.ancien, gone.recent)));
    }
    let file =
        text(send(&app, get(&format!("/demandes/{}", first.ancien), Some(&admin))).await).await;
    assert!(
        !file.contains("Doublon possible avec la demande n° ") || !file.contains(&first.recent)
    );
    app.test.finish().await;
}

#[tokio::test]
async fn the_epci_merges_and_dismisses_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        the_epci_merges_and_dismisses(app(test).await).await;
    }
}
