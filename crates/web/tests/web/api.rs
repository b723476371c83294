//! The JSON API: bearer tokens (valid, unknown, revoked), problem documents, the same reach as
//! the pages, the audit log, and the OpenAPI document — snapshot-tested, naming every API route
//! of the router with its body, its success and the refusals its requirement implies.

use crate::support::{api_get, api_post, api_token, app, login_of, send, text};
use axum::http::{Method, StatusCode, header};
use logis_access::Role;
use logis_store::access::{self as register, tokens};
use logis_web::guard::Access;
use logis_web::session;

#[tokio::test]
async fn a_request_without_a_valid_token_gets_a_problem_document() {
    let app = app(logis_testkit::sqlite().await).await;
    for token in [None, Some("inconnu")] {
        let response = send(&app, api_get("/api/demandes", token)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
        let problem: serde_json::Value = serde_json::from_str(&text(response).await).expect("JSON");
        assert_eq!(problem["status"], 401);
        assert_eq!(problem["title"], "Connexion nécessaire");
    }
    let token = api_token(&app, Role::Bailleur).await;
    assert_eq!(send(&app, api_get("/api/demandes", Some(&token))).await.status(), StatusCode::OK);
    register::write(&*app.test.store, tokens::revoke(&session::hash(&token), 1))
        .await
        .expect("revoke");
    let revoked = send(&app, api_get("/api/demandes", Some(&token))).await;
    assert_eq!(revoked.status(), StatusCode::UNAUTHORIZED, "a revoked token opens nothing");
    app.test.finish().await;
}

#[tokio::test]
async fn the_api_serves_lists_and_files_under_the_pages_rules() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let landlord = api_token(&app, Role::Bailleur).await;
        let response =
            send(&app, api_get("/api/demandes?taille=3&tri=anciennete", Some(&landlord))).await;
        assert_eq!(response.status(), StatusCode::OK);
        let list: serde_json::Value = serde_json::from_str(&text(response).await).expect("JSON");
        assert_eq!(list["demandes"].as_array().expect("array").len(), 3);
        assert_eq!(list["taille"], 3);
        let dates: Vec<&str> = list["demandes"]
            .as_array()
            .expect("array")
            .iter()
            .map(|d| d["date_depot"].as_str().expect("date"))
            .collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "oldest first: {dates:?}");
        let file =
            send(&app, api_get(&format!("/api/demandes/{}", app.followed), Some(&landlord))).await;
        assert_eq!(file.status(), StatusCode::OK);
        let file: serde_json::Value = serde_json::from_str(&text(file).await).expect("JSON");
        assert_eq!(file["numero_unique"], app.followed.as_str());
        assert!(file["cotation"]["score"].is_i64());
        assert!(!file["membres"].as_array().expect("members").is_empty());
        let log = logis_store::access::audit::latest(&*app.test.store, 1).await.expect("audit");
        assert_eq!(
            (log[0].login.as_str(), log[0].action.code()),
            (login_of(Role::Bailleur).as_str(), "consultation")
        );
        assert_eq!(log[0].target, format!("API : {}", app.followed));

        let worker = api_token(&app, Role::TravailleurSocial).await;
        let mine = send(&app, api_get("/api/demandes", Some(&worker))).await;
        let mine: serde_json::Value = serde_json::from_str(&text(mine).await).expect("JSON");
        assert_eq!(mine["total"], 1, "a social worker's token reaches followed households only");
        let other =
            send(&app, api_get(&format!("/api/demandes/{}", app.not_followed), Some(&worker)))
                .await;
        assert_eq!(other.status(), StatusCode::FORBIDDEN);
        assert_eq!(other.headers()[header::CONTENT_TYPE], "application/problem+json");

        let observer = api_token(&app, Role::Observateur).await;
        assert_eq!(
            send(&app, api_get("/api/demandes", Some(&observer))).await.status(),
            StatusCode::FORBIDDEN
        );
        let figures = send(&app, api_get("/api/statistiques", Some(&observer))).await;
        assert_eq!(figures.status(), StatusCode::OK);
        let figures: serde_json::Value = serde_json::from_str(&text(figures).await).expect("JSON");
        assert!(figures["demandes_actives"].as_u64().expect("count") > 0);
        app.test.finish().await;
    }
}

#[tokio::test]
async fn a_bad_page_size_is_a_problem_not_a_crash() {
    let app = app(logis_testkit::sqlite().await).await;
    let token = api_token(&app, Role::Guichet).await;
    let response = send(&app, api_get("/api/demandes?taille=beaucoup", Some(&token))).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(text(response).await.contains("taille « beaucoup »"));
    app.test.finish().await;
}

#[tokio::test]
async fn the_openapi_document_is_served_and_names_every_api_route() {
    let app = app(logis_testkit::sqlite().await).await;
    let response = send(&app, api_get("/api/openapi.json", None)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let document: serde_json::Value = serde_json::from_str(&text(response).await).expect("JSON");
    insta::assert_json_snapshot!("openapi", document);
    let paths = document["paths"].as_object().expect("paths");
    let routes: Vec<_> =
        logis_web::routes::table().into_iter().filter(|r| r.path.starts_with("/api/")).collect();
    for route in &routes {
        let what = format!("{} {}", route.method, route.path);
        let operation = paths
            .get(route.path)
            .and_then(|p| p.get(route.method.as_str().to_lowercase()))
            .unwrap_or_else(|| panic!("{what} is documented"));
        let responses = operation["responses"].as_object().expect("responses");
        let successes: Vec<_> = responses.iter().filter(|(s, _)| s.starts_with('2')).collect();
        assert!(!successes.is_empty(), "{what} documents its success");
        for (status, response) in successes {
            let description = response["description"].as_str().unwrap_or_default();
            assert!(description.chars().count() >= 5, "{what} {status} is described");
            let schemas = response["content"]
                .as_object()
                .map_or(0, |c| c.values().filter(|media| media.get("schema").is_some()).count());
            // The document itself is described, not given a schema.
            assert!(schemas > 0 || route.path == "/api/openapi.json", "{what} {status}: schema");
        }
        // Every POST and PUT reads a JSON (or multipart) body but those made from the path
        // alone: the offer (`make_offer`), a flux bilan's sending, a dwelling's return.
        let from_the_path = [
            "/api/vacances/{vacance}/proposition",
            "/api/flux/bilans/{annee}/{bailleur}/envoi",
            "/api/vacances/{vacance}/remise",
        ];
        let takes_a_body = (route.method == Method::POST || route.method == Method::PUT)
            && !from_the_path.contains(&route.path);
        match operation.get("requestBody") {
            Some(body) if takes_a_body => {
                assert_eq!(body["required"], true, "{what}: its body is required");
                let content = body["content"].as_object().expect("content");
                assert!(
                    !content.is_empty() && content.values().all(|m| m.get("schema").is_some()),
                    "{what}: its body's schema is documented"
                );
            }
            None if !takes_a_body => {}
            _ => panic!("{what}: a request body is documented if and only if it reads one"),
        }
        // The refusals the guard gives, from the requirement the route table holds.
        if route.access != Access::Public {
            assert!(responses.contains_key("401"), "{what} documents 401");
        }
        let some_role_refused = Role::ALL.iter().any(|r| !route.access.allows(&r.permissions()));
        if some_role_refused || route.method != Method::GET {
            assert!(responses.contains_key("403"), "{what} documents 403");
        }
    }
    let operations: Vec<&serde_json::Value> =
        paths.values().flat_map(|p| p.as_object().expect("path").values()).collect();
    assert_eq!(operations.len(), routes.len(), "no documented operation without a route");
    let ids: std::collections::BTreeSet<&str> =
        operations.iter().map(|o| o["operationId"].as_str().expect("operationId")).collect();
    assert_eq!(ids.len(), operations.len(), "every operation has its own identifier");
    let mut references = Vec::new();
    references_in(&document, &mut references);
    assert!(!references.is_empty());
    for reference in references {
        let pointer = reference.strip_prefix('#').expect("a reference inside the document");
        assert!(document.pointer(pointer).is_some(), "{reference} is defined");
    }
    app.test.finish().await;
}

/// Every `$ref` of `value`.
fn references_in(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(reference)) = map.get("$ref") {
                found.push(reference.clone());
            }
            map.values().for_each(|v| references_in(v, found));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| references_in(v, found)),
        _ => {}
    }
}

#[tokio::test]
async fn partners_software_labels_and_annotates_through_the_api() {
    let app = app(logis_testkit::sqlite().await).await;
    let landlord = api_token(&app, Role::Reservataire).await;
    let path = format!("/api/demandes/{}/etiquettes", app.followed);
    let refused = send(
        &app,
        api_post(&path, Some(&landlord), r#"{"critere": "inconnu", "justificatif": ""}"#),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = serde_json::from_str(&text(refused).await).expect("JSON");
    assert!(problem["detail"].as_str().expect("detail").contains("Choisissez le critère"));
    let garbled = send(&app, api_post(&path, Some(&landlord), "critere=handicap")).await;
    assert_eq!(garbled.status(), StatusCode::BAD_REQUEST);
    let body =
        r#"{"critere": "handicap", "justificatif": "Carte mobilité inclusion vue le 02/11/2026"}"#;
    let created = send(&app, api_post(&path, Some(&landlord), body)).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let label: serde_json::Value = serde_json::from_str(&text(created).await).expect("JSON");
    assert_eq!(
        (label["statut"].as_str(), label["auteur"].as_str()),
        (Some("reconnue"), Some(login_of(Role::Reservataire).as_str()))
    );
    let file =
        send(&app, api_get(&format!("/api/demandes/{}", app.followed), Some(&landlord))).await;
    let file: serde_json::Value = serde_json::from_str(&text(file).await).expect("JSON");
    assert!(
        file["criteres_prioritaires"].as_array().expect("criteria").iter().any(|c| c == "handicap")
    );

    let worker = api_token(&app, Role::TravailleurSocial).await;
    let note = send(
        &app,
        api_post(
            &format!("/api/demandes/{}/notes", app.followed),
            Some(&worker),
            r#"{"texte": "Visite à domicile faite"}"#,
        ),
    )
    .await;
    assert_eq!(note.status(), StatusCode::CREATED);
    let elsewhere = send(
        &app,
        api_post(
            &format!("/api/demandes/{}/notes", app.not_followed),
            Some(&worker),
            r#"{"texte": "x"}"#,
        ),
    )
    .await;
    assert_eq!(elsewhere.status(), StatusCode::FORBIDDEN, "only followed households");
    let empty = send(
        &app,
        api_post(
            &format!("/api/demandes/{}/notes", app.followed),
            Some(&worker),
            r#"{"texte": "  "}"#,
        ),
    )
    .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let log = logis_store::access::audit::latest(&*app.test.store, 10).await.expect("audit");
    assert!(log.iter().any(|l| l.target == format!("{} : note", app.followed)));
    app.test.finish().await;
}

/// The API is an adapter over the same capabilities as the pages, never over the pages
/// themselves: no module of `api/` reaches into `pages/`.
#[test]
fn the_api_does_not_import_the_pages() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/api");
    for entry in std::fs::read_dir(dir).expect("api folder") {
        let path = entry.expect("entry").path();
        let code = std::fs::read_to_string(&path).expect("source");
        assert!(!code.contains("crate::pages"), "{} uses the pages", path.display());
    }
}
