//! Registering and updating an application from the form: the import's checks, nothing written
//! on a refusal, the fields the form does not edit kept, the timeline and audit log, the score.

use crate::support::{App, app, get, post, send, session, text};
use axum::http::{StatusCode, header};
use logis_access::Role;
use logis_domain::{Demande, Membre, NumeroUnique};
use logis_store::lookup_all;

const NEW: &str = "0822611000999G0001";

fn form(csrf: &str, numero: &str, depot: &str, birth: &str) -> String {
    format!(
        "_csrf={csrf}&numero_unique={numero}&date_depot={depot}&statut=active&nom=Nouvelle&prenom=Claire\
&situation_logement=heberge_famille&ressources_mensuelles=1+234%2C50&communes_souhaitees=Moissac%2C+82033\
&typologies_souhaitees=T2&typologies_souhaitees=T3&motifs=decohabitation\
&membre_lien_0=titulaire&membre_naissance_0={birth}&membre_lien_1=enfant&membre_naissance_1=2019-05-04&membre_lien_2=&membre_naissance_2="
    )
}

async fn stored(app: &App, numero: &str) -> Option<(Demande, Vec<Membre>)> {
    let d = lookup_all::<Demande>(&*app.test.store, &[numero])
        .await
        .expect("lookup")
        .into_iter()
        .next()?;
    let members =
        lookup_all::<(NumeroUnique, Membre)>(&*app.test.store, &[numero]).await.expect("lookup");
    Some((d, members.into_iter().map(|(_, m)| m).collect()))
}

#[tokio::test]
async fn a_reception_desk_registers_an_application_with_the_imports_checks() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let desk = session(&app, Role::Guichet).await;
        let blank = text(send(&app, get("/demandes/nouvelle", Some(&desk))).await).await;
        assert!(blank.contains("Enregistrer une demande"));

        let wrong = send(
            &app,
            post(
                "/demandes/nouvelle",
                Some(&desk),
                &form(&desk.csrf, NEW, "2024-02-30", "1990-13-01"),
            ),
        )
        .await;
        assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = text(wrong).await;
        assert!(
            page.contains("La demande n&#39;est pas enregistrée")
                || page.contains("La demande n'est pas enregistrée")
        );
        assert!(page.contains("id=\"f-date_depot-erreur\""), "the error is beside its field");
        assert!(
            page.contains("une date qui existe dans le calendrier"),
            "the import's own message"
        );
        assert!(page.contains("value=\"Nouvelle\""), "what was typed is kept");
        assert!(stored(&app, NEW).await.is_none(), "nothing written");

        let good = send(
            &app,
            post(
                "/demandes/nouvelle",
                Some(&desk),
                &form(&desk.csrf, NEW, "2024-02-28", "1990-11-01"),
            ),
        )
        .await;
        assert_eq!(good.status(), StatusCode::SEE_OTHER, "{}", text(good).await);
        let (d, members) = stored(&app, NEW).await.expect("written");
        assert_eq!(d.nom.as_deref(), Some("Nouvelle"));
        assert_eq!(d.ressources_mensuelles.cents(), 123_450);
        let communes: Vec<&str> = d.communes_souhaitees.iter().map(|c| c.as_str()).collect();
        assert_eq!(communes, ["82112", "82033"], "names turned into codes, in order");
        assert_eq!(d.typologies_souhaitees.len(), 2);
        assert_eq!(members.len(), 2);

        let again = send(
            &app,
            post(
                "/demandes/nouvelle",
                Some(&desk),
                &form(&desk.csrf, NEW, "2024-02-28", "1990-11-01"),
            ),
        )
        .await;
        assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(again).await.contains("existe déjà"));

        while app.state.rescorer.busy() {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let file = text(send(&app, get(&format!("/demandes/{NEW}"), Some(&desk))).await).await;
        assert!(file.contains("Demande enregistrée dans Logis"), "in the timeline");
        assert!(file.contains("points"), "scored in the background");
        let log = logis_store::access::audit::latest(&*app.test.store, 3).await.expect("audit");
        assert!(log.iter().any(|l| l.action.code() == "creation" && l.target == NEW));
        app.test.finish().await;
    }
}

#[tokio::test]
async fn an_update_changes_the_form_fields_and_keeps_the_others() {
    let app = app(logis_testkit::sqlite().await).await;
    let desk = session(&app, Role::Administrateur).await;
    let numero = app.followed.clone();
    let (before, members) = stored(&app, &numero).await.expect("stored");
    let edit =
        text(send(&app, get(&format!("/demandes/{numero}/modifier"), Some(&desk))).await).await;
    assert!(edit.contains(&format!("Modifier la demande {numero}")));
    // The form as the browser sends it back, with one change: the first name.
    let mut fields: Vec<(String, String)> = edit
        .split("<input ")
        .skip(1)
        .filter_map(|tag| {
            let name = tag.split("name=\"").nth(1)?.split('"').next()?.to_owned();
            let value = tag
                .split("value=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .unwrap_or("")
                .to_owned();
            let checkbox = tag.contains("type=\"checkbox\"");
            (!checkbox || tag.contains(" checked")).then_some((name, value))
        })
        .collect();
    for select in edit.split("<select ").skip(1) {
        let name = select
            .split("name=\"")
            .nth(1)
            .and_then(|n| n.split('"').next())
            .expect("name")
            .to_owned();
        let chosen = select
            .split("<option value=\"")
            .skip(1)
            .find(|o| o.contains("selected"))
            .and_then(|o| o.split('"').next())
            .unwrap_or("");
        fields.push((name, chosen.to_owned()));
    }
    for (name, value) in &mut fields {
        if name == "prenom" {
            *value = "Changé".to_owned();
        }
        *value = value.replace("&#39;", "'").replace("&amp;", "&");
    }
    let body: String = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", logis_web::format::url_encoded(v).replace("%2F", "/")))
        .collect::<Vec<_>>()
        .join("&");
    let saved = send(&app, post(&format!("/demandes/{numero}/modifier"), Some(&desk), &body)).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER, "{}", text(saved).await);
    assert_eq!(saved.headers()[header::LOCATION], format!("/demandes/{numero}?fait=modification"));
    let (after, members_after) = stored(&app, &numero).await.expect("stored");
    assert_eq!(after.prenom.as_deref(), Some("Changé"));
    assert_eq!(
        Demande { prenom: before.prenom.clone(), ..after.clone() },
        before,
        "every other field as it was"
    );
    assert_eq!(members_after, members);
    app.test.finish().await;
}
