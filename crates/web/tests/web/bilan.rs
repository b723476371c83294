//! The bilan page and its downloads: the report of bilan.md for every role, files that are
//! what they say they are, and French answers for a year without data.

use crate::support::{app, get, send, session, text};
use axum::http::{StatusCode, header};
use http_body_util::BodyExt;
use logis_access::Role;

async fn bytes(response: axum::http::Response<axum::body::Body>) -> Vec<u8> {
    response.into_body().collect().await.expect("body").to_bytes().to_vec()
}

#[tokio::test]
async fn every_role_reads_the_bilan_and_downloads_it() {
    let app = app(logis_testkit::sqlite().await).await;
    let observer = session(&app, Role::Observateur).await;
    let page = send(&app, get("/bilan", Some(&observer))).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = text(page).await;
    assert!(page.contains("<h1>Bilan 2025</h1>"), "the latest year by default");
    assert!(page.contains("<svg"), "with its charts");
    assert!(page.contains("Clé de lecture"));
    assert!(page.contains("<a href=\"#partie-1\">"), "a table of contents");
    assert!(page.contains("<section id=\"partie-1\">"), "towards the report's parts");
    let earlier = text(send(&app, get("/bilan?annee=2023", Some(&observer))).await).await;
    assert!(earlier.contains("<h1>Bilan 2023</h1>"));

    let json = send(&app, get("/bilan/2024/json", Some(&observer))).await;
    assert_eq!(json.status(), StatusCode::OK);
    assert_eq!(
        json.headers()[header::CONTENT_DISPOSITION],
        "attachment; filename=\"bilan-2024.json\""
    );
    let document: serde_json::Value = serde_json::from_slice(&bytes(json).await).expect("JSON");
    assert_eq!(document["annee"], 2024);
    let expected = logis_transfer::bilan::several(&*app.test.store, &[2024], &Default::default())
        .await
        .expect("bilan");
    assert_eq!(
        document,
        serde_json::from_str::<serde_json::Value>(&expected[0].with_secrecy(5).to_json())
            .expect("JSON"),
        "the command line's document, under statistical secrecy for the observer"
    );
    let admin = session(&app, Role::Administrateur).await;
    let whole = send(&app, get("/bilan/2024/json", Some(&admin))).await;
    let whole: serde_json::Value = serde_json::from_slice(&bytes(whole).await).expect("JSON");
    assert_eq!(
        whole,
        serde_json::from_str::<serde_json::Value>(&expected[0].to_json()).expect("JSON"),
        "the command line's document, whole, for the EPCI"
    );

    let xlsx = bytes(send(&app, get("/bilan/2024/xlsx", Some(&observer))).await).await;
    assert_eq!(&xlsx[..2], b"PK", "a workbook (zip)");
    let csv =
        String::from_utf8(bytes(send(&app, get("/bilan/2024/csv", Some(&observer))).await).await)
            .expect("UTF-8");
    assert!(csv.starts_with("\u{feff}tableau;ligne;indicateur;valeur"));
    let pdf = send(&app, get("/bilan/2025/pdf", Some(&observer))).await;
    assert_eq!(pdf.headers()[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(&bytes(pdf).await[..5], b"%PDF-");

    let missing = send(&app, get("/bilan?annee=1990", Some(&observer))).await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert!(text(missing).await.contains("les données couvrent 2019 à 2025"));
    let unknown = send(&app, get("/bilan/2024/docx", Some(&observer))).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    app.test.finish().await;
}

/// Every count of the observer's document: none under the threshold but zero.
fn counts_of(document: &serde_json::Value) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for (dimension, list) in document["segments"].as_object().expect("segments") {
        for s in list.as_array().into_iter().flatten() {
            for key in ["demandes", "attributions"] {
                out.push((
                    format!("{dimension}/{}/{key}", s["modalite"]),
                    s[key].as_u64().expect("count"),
                ));
            }
        }
    }
    for o in document["objectifs"].as_array().expect("objectives") {
        out.extend(objective_counts(o, &o["code"].to_string()));
    }
    out
}

/// The counts an objective publishes: its denominator, its numerator and what the denominator
/// counts beside it.
fn objective_counts(o: &serde_json::Value, name: &str) -> Vec<(String, u64)> {
    let denominator = o["denominateur"].as_u64().expect("count");
    let mut out = vec![(format!("{name}/denominateur"), denominator)];
    if let Some(n) = o["numerateur"].as_u64() {
        out.push((format!("{name}/numerateur"), n));
        out.push((format!("{name}/reste"), denominator - n));
    }
    out
}

#[tokio::test]
async fn the_observer_reads_no_cell_of_fewer_households_than_the_threshold() {
    let app = app(logis_testkit::sqlite().await).await;
    let (admin, observer) =
        (session(&app, Role::Administrateur).await, session(&app, Role::Observateur).await);
    let json = |who| {
        let app = &app;
        async move {
            let response = send(app, get("/bilan/2024/json", Some(who))).await;
            serde_json::from_slice::<serde_json::Value>(&bytes(response).await).expect("JSON")
        }
    };
    let whole = json(&admin).await;
    assert!(whole.get("secret_statistique").is_none());
    assert!(
        counts_of(&whole).iter().any(|(_, n)| (1..5).contains(n)),
        "the territory has small cells (a commune with few applications)"
    );
    for threshold in [5, 11] {
        app.state.privacy.write().expect("settings").secret_below = threshold;
        let open = json(&observer).await;
        let small: Vec<_> = counts_of(&open)
            .into_iter()
            .filter(|(_, n)| *n > 0 && *n < u64::from(threshold))
            .collect();
        assert!(small.is_empty(), "threshold {threshold}: {small:?}");
        assert_eq!(open["secret_statistique"]["seuil"], threshold);
        assert!(open["secret_statistique"]["modalites_regroupees"].as_u64().expect("count") > 0);
        let masked = |d: &serde_json::Value| -> Vec<bool> {
            let objectives = d["objectifs"].as_array().expect("objectives");
            objectives.iter().map(|o| o["numerateur"].is_null()).collect()
        };
        let hidden = masked(&open).iter().zip(masked(&whole)).filter(|(o, w)| **o && !w).count();
        assert!(hidden > 0, "threshold {threshold}: a rate of few households is not published");
        for dimension in ["age", "composition", "commune"] {
            let total = |d: &serde_json::Value| -> u64 {
                d["segments"][dimension]
                    .as_array()
                    .expect("list")
                    .iter()
                    .map(|s| s["demandes"].as_u64().expect("n"))
                    .sum()
            };
            assert_eq!(total(&open), total(&whole), "{dimension}: merged, not removed");
        }
    }
    app.state.privacy.write().expect("settings").secret_below = 5;
    let page = text(send(&app, get("/bilan?annee=2024", Some(&observer))).await).await;
    assert!(page.contains("Secret statistique : aucune case ne compte moins de 5 ménages"));
    assert!(page.contains("autres modalités, regroupées"));
    let theirs = text(send(&app, get("/bilan?annee=2024", Some(&admin))).await).await;
    assert!(!theirs.contains("Secret statistique"), "the EPCI reads every figure");

    let token = crate::support::api_token(&app, Role::Observateur).await;
    let live = send(&app, crate::support::api_get("/api/objectifs", Some(&token))).await;
    let live: serde_json::Value = serde_json::from_slice(&bytes(live).await).expect("JSON");
    // The demo holds no allocation of the current year: the browser test signs a lease and
    // reads the observer's masked lines; here the observer reads the territory's count as the
    // EPCI does (a count of allocations is never hidden), and no line of few households.
    let epci = crate::support::api_token(&app, Role::Administrateur).await;
    let whole = send(&app, crate::support::api_get("/api/objectifs", Some(&epci))).await;
    let whole: serde_json::Value = serde_json::from_slice(&bytes(whole).await).expect("JSON");
    assert_eq!(live["annee"], whole["annee"]);
    assert_eq!(
        live["territoire"]["attributions"].as_u64().expect("count"),
        whole["territoire"]["attributions"].as_u64().expect("count"),
    );
    for group in ["bailleurs", "reservataires", "communes"] {
        for (name, line) in live[group].as_object().expect("lines") {
            let n = line["attributions"].as_u64().expect("count");
            assert!(n == 0 || n >= 5, "{group} {name}: {n} allocations on its own line");
            for o in line["objectifs"].as_array().expect("objectives") {
                let counts = objective_counts(o, &format!("{group} {name} {}", o["code"]));
                let small: Vec<_> = counts.iter().filter(|(_, n)| (1..5).contains(n)).collect();
                assert!(small.is_empty(), "{small:?}");
            }
        }
    }
    app.test.finish().await;
}
