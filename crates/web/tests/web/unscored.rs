//! Nothing disappears: an application committed by an import that was killed before its
//! cotation has no score, and still appears in the list, the search and the API, marked
//! « non cotée »; the server recomputes the stale scores when it starts.

use crate::support::{api_get, api_token, app, get, send, session, text};
use logis_access::Role;
use logis_domain::{Lien, NumeroUnique, Statut};
use logis_store::codec::Stored;
use logis_store::conformance::{demande, membre};
use logis_store::{Table, lookup_all};
use std::time::Duration;

#[tokio::test]
async fn an_application_without_a_score_is_listed_non_cotee_until_the_start_rescores() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let name = app.test.name;
        let today = logis_testkit::TODAY;
        let mut late = demande(777_001);
        late.numero_unique = NumeroUnique::parse("0821125000777G0001").expect("valid");
        late.statut = Statut::Active;
        late.date_radiation = None;
        late.motif_radiation = None;
        late.nom = Some("Sanscote".into());
        // Committed, and the process killed before its cotation.
        let mut tx = app.test.store.begin_import().await.expect("begin");
        tx.write(Table::Demandes, &[late.to_row()]).await.expect("write");
        let member = (late.numero_unique.clone(), membre(1, Lien::Titulaire));
        tx.write(Table::Membres, &[member.to_row()]).await.expect("write");
        tx.commit().await.expect("commit");
        let numero = late.numero_unique.as_str();
        let stale = logis_cotation::stored::staleness(&*app.test.store, today).await.expect("read");
        assert_eq!(stale, Some(logis_cotation::stored::Stale::Unscored(1)), "{name}");

        let desk = session(&app, Role::Guichet).await;
        let by_name = text(send(&app, get("/demandes?nom=sanscote", Some(&desk))).await).await;
        assert!(by_name.contains(numero) && by_name.contains("non cotée"), "{name}: the search");
        let mut found = false;
        for page in 1..=20 {
            if found {
                break;
            }
            let page =
                text(send(&app, get(&format!("/demandes?page={page}"), Some(&desk))).await).await;
            found = page.contains(numero);
            if found {
                assert!(page.contains("non cotée"), "{name}: marked in the list");
            }
        }
        assert!(found, "{name}: listed by score, after the scored applications");
        let token = api_token(&app, Role::Guichet).await;
        let api = text(send(&app, api_get("/api/demandes?nom=sanscote", Some(&token))).await).await;
        let json: serde_json::Value = serde_json::from_str(&api).expect("JSON");
        assert_eq!(json["demandes"][0]["numero_unique"], numero, "{name}: {api}");
        assert_eq!(json["demandes"][0]["non_cotee"], true, "{name}");

        logis_web::warm_up(&app.state);
        for _ in 0..600 {
            let scored = lookup_all::<logis_store::StoredScore>(&*app.test.store, &[numero])
                .await
                .expect("score");
            if !scored.is_empty() && !app.state.rescorer.busy() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let scored = lookup_all::<logis_store::StoredScore>(&*app.test.store, &[numero])
            .await
            .expect("score");
        assert_eq!(scored.len(), 1, "{name}: scored at start-up");
        let stale = logis_cotation::stored::staleness(&*app.test.store, today).await.expect("read");
        assert_eq!(stale, None, "{name}");
        app.test.finish().await;
    }
}
