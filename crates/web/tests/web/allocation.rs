//! Allocation through the pages, on SQLite and PostgreSQL: the landlord sees the vacancy's
//! ranked candidates and asks « pourquoi pas ? », the reservation holder follows without
//! deciding, the commission's decisions are checked (three candidates, the score order), the
//! offer, the answer and the lease close the application; the procès-verbal and the letters
//! are PDF files; every step is in the audit log.

use crate::support::{App, app, candidate_numeros, get, post, presented, send, session, text};
use axum::http::{StatusCode, header};
use http_body_util::BodyExt;
use logis_access::Role;
use logis_domain::{Demande, Statut};
use logis_store::allocation::{offers, vacancies};
use logis_store::lookup_all;

async fn body(response: axum::http::Response<axum::body::Body>) -> Vec<u8> {
    response.into_body().collect().await.expect("body").to_bytes().to_vec()
}

async fn from_vacancy_to_lease(app: App) {
    let landlord = session(&app, Role::Bailleur).await;
    let holder = session(&app, Role::Reservataire).await;
    let v = app.vacancy;
    let list = text(send(&app, get("/vacances", Some(&landlord))).await).await;
    assert!(list.contains(&format!("href=\"/vacances/{v}\"")), "the landlord's vacancy is listed");
    let followed = text(send(&app, get("/vacances", Some(&holder))).await).await;
    assert!(followed.contains(&format!("href=\"/vacances/{v}\"")), "and the holder's");

    let page = send(&app, get(&format!("/vacances/{v}"), Some(&landlord))).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = text(page).await;
    let ranked = candidate_numeros(&page);
    assert!(ranked.len() >= 3, "Castelsarrasin has candidates for a T3: {}", ranked.len());
    assert!(page.contains("reste à vivre"), "beside each candidate");
    assert!(page.contains("objectif de 25"), "with the objectives it helps");
    let why = text(
        send(&app, get(&format!("/vacances/{v}?pourquoi={}", ranked[0]), Some(&landlord))).await,
    )
    .await;
    assert!(why.contains("est candidate</strong>"), "the first candidate is one");
    let unknown =
        text(send(&app, get(&format!("/vacances/{v}?pourquoi=INCONNUE"), Some(&holder))).await)
            .await;
    assert!(unknown.contains("Aucune demande n'a le numéro INCONNUE"));
    let offer_path = format!("/vacances/{v}/proposition");
    let refused =
        send(&app, post(&offer_path, Some(&holder), &format!("_csrf={}", holder.csrf))).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "the holder follows, the landlord decides");

    // The commission: two candidates without an exception, then three in the score order.
    let c = app.commission;
    let form = format!("/commissions/{c}/logements/{v}");
    assert_eq!(send(&app, get(&form, Some(&landlord))).await.status(), StatusCode::OK);
    let two = presented(&[(&ranked[0], "attribution", ""), (&ranked[1], "attribution_rang", "")]);
    let answer =
        send(&app, post(&form, Some(&landlord), &format!("_csrf={}&{two}", landlord.csrf))).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(answer).await.contains("au moins trois candidats"));
    let three = presented(&[
        (&ranked[0], "attribution", ""),
        (&ranked[1], "attribution_rang", ""),
        (&ranked[2], "non_attribution", "&motif_2=ressources+insuffisantes+pour+ce+loyer"),
    ]);
    // The first candidate's income is unknown: Logis cannot check it against the ceiling, and
    // allocating needs the officer's word, kept with the decision and in its history.
    let unknown_income = logis_store::Statement::new(
        "UPDATE demandes SET revenu_fiscal_reference = NULL WHERE numero_unique = $1",
        vec![logis_store::statement::text(ranked[0].clone())],
    );
    app.test.store.execute(&[unknown_income]).await.expect("no income");
    let answer =
        send(&app, post(&form, Some(&landlord), &format!("_csrf={}&{three}", landlord.csrf))).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(answer).await.contains("cochez « revenu vérifié au regard du plafond publié »"));
    let answer = send(
        &app,
        post(&form, Some(&landlord), &format!("_csrf={}&{three}&plafond_0=oui", landlord.csrf)),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let recorded = logis_store::allocation::commissions::decisions_on(&*app.test.store, v)
        .await
        .expect("decisions");
    let first = recorded.iter().find(|d| d.numero_unique == *ranked[0]).expect("decided");
    assert!(first.plafond_verifie, "the officer's word kept with the decision");
    let history = logis_store::dossiers::notes::events_of(&*app.test.store, &ranked[0])
        .await
        .expect("history");
    assert!(
        history.iter().any(|e| e.detail.contains("revenu vérifié au regard du plafond publié"))
    );
    let session_page =
        text(send(&app, get(&format!("/commissions/{c}"), Some(&landlord))).await).await;
    assert!(session_page.contains("non-attribution"), "the decisions are on the session's page");

    // The offer goes to rank 1, who accepts and signs.
    let made =
        send(&app, post(&offer_path, Some(&landlord), &format!("_csrf={}", landlord.csrf))).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let offer = offers::of_vacancy(&*app.test.store, v).await.expect("offers").remove(0);
    assert_eq!(offer.numero_unique.as_str(), ranked[0]);
    let today = logis_testkit::TODAY;
    let reply = format!("/vacances/{v}/propositions/{}/reponse", offer.ligne);
    let fields = format!("_csrf={}&reponse=acceptee&date={today}", landlord.csrf);
    assert_eq!(
        send(&app, post(&reply, Some(&landlord), &fields)).await.status(),
        StatusCode::SEE_OTHER
    );
    let lease = format!("/vacances/{v}/propositions/{}/bail", offer.ligne);
    let early = format!("_csrf={}&date_bail=2000-01-01", landlord.csrf);
    let refused = send(&app, post(&lease, Some(&landlord), &early)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("ne peut pas précéder la proposition"));
    let fields = format!("_csrf={}&date_bail={today}", landlord.csrf);
    assert_eq!(
        send(&app, post(&lease, Some(&landlord), &fields)).await.status(),
        StatusCode::SEE_OTHER
    );
    let closed =
        &lookup_all::<Demande>(&*app.test.store, &[ranked[0].as_str()]).await.expect("read")[0];
    assert_eq!((closed.statut, closed.date_radiation), (Statut::Attribuee, Some(today)));
    let vacancy = vacancies::one(&*app.test.store, v).await.expect("read").expect("found");
    assert_eq!(vacancy.statut, logis_domain::allocation::VacancyStatus::Let);
    let file =
        text(send(&app, get(&format!("/demandes/{}", ranked[0]), Some(&landlord))).await).await;
    assert!(file.contains("Bail signé le"), "the lease is in the application's history");

    // The documents, and the audit log of every step.
    for (document, name) in [("proces-verbal.pdf", "proces-verbal"), ("courriers.pdf", "courriers")]
    {
        let response =
            send(&app, get(&format!("/commissions/{c}/{document}"), Some(&landlord))).await;
        assert_eq!(response.status(), StatusCode::OK);
        let disposition =
            response.headers()[header::CONTENT_DISPOSITION].to_str().expect("ascii").to_owned();
        assert_eq!(disposition, format!("attachment; filename=\"{name}-commission-{c}.pdf\""));
        assert!(body(response).await.starts_with(b"%PDF-"));
    }
    let audit = logis_store::access::audit::latest(&*app.test.store, 100).await.expect("audit");
    let targets: Vec<&str> = audit.iter().map(|a| a.target.as_str()).collect();
    for expected in [
        format!("vacance {v} : candidats"),
        format!(
            "commission {c} : décisions sur la vacance {v} ; revenu vérifié au regard du plafond publié, selon l'agent : {}",
            ranked[0]
        ),
        format!("vacance {v} : proposition à {}", ranked[0]),
        format!("vacance {v} : bail signé, {} attribuée", ranked[0]),
        format!("commission {c} : procès-verbal"),
        format!("commission {c} : courriers"),
    ] {
        assert!(targets.contains(&expected.as_str()), "audit: {expected}");
    }
    app.test.finish().await;
}

#[tokio::test]
async fn from_a_vacancy_to_a_lease_through_the_pages_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        from_vacancy_to_lease(app(test).await).await;
    }
}

async fn json(response: axum::http::Response<axum::body::Body>) -> serde_json::Value {
    serde_json::from_slice(&body(response).await).expect("JSON")
}

#[tokio::test]
async fn partners_software_allocates_through_the_api() {
    use crate::support::{api_get, api_post, api_token};
    let app = app(logis_testkit::sqlite().await).await;
    let landlord = api_token(&app, Role::Bailleur).await;
    let holder = api_token(&app, Role::Reservataire).await;
    let v = app.vacancy;
    let listed = json(send(&app, api_get("/api/vacances", Some(&holder))).await).await;
    assert_eq!(
        listed[0]["numero_vacance"],
        v.get(),
        "the holder follows the vacancy oriented to it"
    );
    let found = send(&app, api_get(&format!("/api/vacances/{v}?nombre=4"), Some(&holder))).await;
    assert_eq!(found.status(), StatusCode::OK);
    let found = json(found).await;
    let ranked: Vec<String> = found["candidats"]
        .as_array()
        .expect("candidates")
        .iter()
        .map(|c| c["numero_unique"].as_str().expect("numéro").to_owned())
        .collect();
    assert_eq!(ranked.len(), 4);
    assert!(found["candidats"][0]["budget"]["reste_a_vivre"].is_number());
    assert_eq!(found["candidats"][0]["position"], 1);
    let why = json(
        send(
            &app,
            api_get(&format!("/api/vacances/{v}/pourquoi-pas/{}", ranked[3]), Some(&holder)),
        )
        .await,
    )
    .await;
    assert_eq!(why["candidat"], true);
    let refused =
        send(&app, api_post(&format!("/api/vacances/{v}/proposition"), Some(&holder), "")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let decisions = serde_json::json!({ "decisions": [
        { "numero_unique": ranked[0], "nature": "attribution" },
        { "numero_unique": ranked[2], "nature": "attribution_rang", "rang": 2 },
        { "numero_unique": ranked[1], "nature": "irrecevable", "motif": "dossier incomplet après relance" },
    ]});
    let path = format!("/api/commissions/{}/logements/{v}", app.commission);
    let decided = send(&app, api_post(&path, Some(&landlord), &decisions.to_string())).await;
    assert_eq!(
        decided.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "rank 2 passes a better score without a reason"
    );
    assert!(json(decided).await["detail"].as_str().expect("detail").contains("motif de l'écart"));
    let mut decisions = decisions;
    decisions["decisions"][1]["motif_ecart"] = "handicap : logement en rez-de-chaussée".into();
    let decided = send(&app, api_post(&path, Some(&landlord), &decisions.to_string())).await;
    assert_eq!(decided.status(), StatusCode::CREATED);

    // The first ranked gave up their application since the commission: passed over.
    let gave_up = logis_store::Statement::new(
        "UPDATE demandes SET statut = 'radiee', date_radiation = $2, motif_radiation = 'abandon'
WHERE numero_unique = $1",
        vec![
            logis_store::statement::text(&ranked[0]),
            logis_store::statement::date(logis_testkit::TODAY),
        ],
    );
    app.test.store.execute(&[gave_up]).await.expect("struck off");
    let offer =
        send(&app, api_post(&format!("/api/vacances/{v}/proposition"), Some(&landlord), "")).await;
    assert_eq!(offer.status(), StatusCode::CREATED);
    let offer = json(offer).await;
    assert_eq!(offer["numero_unique"], ranked[2].as_str(), "rank 2: rank 1 is no longer active");
    let o = offer["numero_proposition"].as_i64().expect("number");
    let today = logis_testkit::TODAY;
    let reply = serde_json::json!({ "reponse": "acceptee", "date": today.to_string() });
    let answered = send(
        &app,
        api_post(
            &format!("/api/vacances/{v}/propositions/{o}/reponse"),
            Some(&landlord),
            &reply.to_string(),
        ),
    )
    .await;
    assert_eq!(answered.status(), StatusCode::OK);
    assert_eq!(json(answered).await["reponse"], "acceptee");
    let lease = serde_json::json!({ "date_bail": today.to_string() });
    let signed = send(
        &app,
        api_post(
            &format!("/api/vacances/{v}/propositions/{o}/bail"),
            Some(&landlord),
            &lease.to_string(),
        ),
    )
    .await;
    assert_eq!(signed.status(), StatusCode::CREATED);
    let signed = json(signed).await;
    assert_eq!(
        (signed["numero_unique"].as_str(), signed["reservataire"].as_str()),
        (Some(ranked[2].as_str()), Some(crate::support::HOLDER))
    );
    let admin = api_token(&app, Role::Administrateur).await;
    let live = json(send(&app, api_get("/api/objectifs", Some(&admin))).await).await;
    assert!(
        live["reservataires"][crate::support::HOLDER]["attributions"].as_u64().expect("count") >= 1
    );
    let observer = api_token(&app, Role::Observateur).await;
    let open = json(send(&app, api_get("/api/objectifs", Some(&observer))).await).await;
    assert!(
        open["reservataires"].get(crate::support::HOLDER).is_none(),
        "a single allocation is not on its own line for the observer (statistical secrecy)"
    );
    app.test.finish().await;
}

async fn a_landlord_writes_the_contact_its_letters_print(app: App) {
    let landlord = session(&app, Role::Bailleur).await;
    let form = |text: &str| {
        format!("_csrf={}&coordonnees={}", landlord.csrf, logis_web::format::url_encoded(text))
    };
    let long = "05 63 00 00 00 ".repeat(40);
    let refused = send(&app, post("/commissions/coordonnees", Some(&landlord), &form(&long))).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(refused).await;
    assert!(page.contains("400 caractères au plus"), "said in French");
    assert!(page.contains("05 63 00 00 00 05 63"), "what was typed is shown again");
    let store = &*app.test.store;
    let landlord_id = crate::support::LANDLORD;
    assert_eq!(logis_allocation::contacts::of(store, landlord_id).await.expect("read"), None);

    let written = "2 rue de la Paix, 82000 Montauban — 05 63 00 00 00";
    let saved = send(&app, post("/commissions/coordonnees", Some(&landlord), &form(written))).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER, "a redirect after the save");
    let back = saved.headers()[header::LOCATION].to_str().expect("location").to_owned();
    let page = text(send(&app, get(&back, Some(&landlord))).await).await;
    assert!(page.contains("Les coordonnées sont enregistrées"));
    assert!(page.contains(written), "the form shows the saved contact");
    let kept = logis_allocation::contacts::of(store, landlord_id).await.expect("read");
    assert_eq!(kept.as_deref(), Some(written));

    let epci = session(&app, Role::Administrateur).await;
    let stranger = format!("_csrf={}&bailleur=etat&coordonnees=ailleurs", epci.csrf);
    let refused = send(&app, post("/commissions/coordonnees", Some(&epci), &stranger)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "the State is no landlord");
    assert!(text(refused).await.contains("choisissez le bailleur dans la liste"));
    app.test.finish().await;
}

#[tokio::test]
async fn a_landlord_writes_the_contact_its_letters_print_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        a_landlord_writes_the_contact_its_letters_print(app(test).await).await;
    }
}

/// A vacancy, session or offer number is a number: anything else typed in the address (text,
/// a number too large, a path) is refused in French before any handler runs; an unknown one is
/// « introuvable ».
#[tokio::test]
async fn a_record_number_in_the_address_is_checked_before_anything_is_read() {
    let app = app(logis_testkit::sqlite().await).await;
    let landlord = session(&app, Role::Bailleur).await;
    for address in [
        "/vacances/abc",
        "/vacances/99999999999999999999999",
        "/vacances/..%2F..%2Fetc",
        "/commissions/1e9",
    ] {
        let response = send(&app, get(address, Some(&landlord))).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{address}");
        let page = text(response).await;
        assert!(page.contains("adresse mal formée"), "{address}: {page}");
    }
    let unknown = send(&app, get("/vacances/987654321", Some(&landlord))).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    app.test.finish().await;
}

/// The candidates as a comparison table: sorted on the server by the column the address names
/// (the sorted heading says so), each row's detail in place, the selection for the commission
/// made from the table and carried to the session's decisions, a refusal shown on its line.
#[tokio::test]
async fn candidates_are_compared_sorted_and_chosen_for_the_commission() {
    let app = app(logis_testkit::sqlite().await).await;
    let landlord = session(&app, Role::Bailleur).await;
    let holder = session(&app, Role::Reservataire).await;
    let (v, c) = (app.vacancy, app.commission);
    let page = text(send(&app, get(&format!("/vacances/{v}"), Some(&landlord))).await).await;
    let ranked = candidate_numeros(&page);
    assert!(ranked.len() >= 4, "candidates: {}", ranked.len());
    assert!(
        page.contains(
            "<th scope=\"col\" aria-sort=\"ascending\" class=\"nombre\"><a href=\"/vacances/"
        ),
        "rank order by default"
    );
    assert!(
        page.contains("<details class=\"detail-candidat\">"),
        "each row's detail opens in place"
    );
    assert!(page.contains("reste à vivre") && page.contains("objectif de 25"), "in the detail");
    assert!(page.contains("name=\"choisi\""), "the landlord chooses from the table");

    let reversed =
        text(send(&app, get(&format!("/vacances/{v}?tri=-rang"), Some(&landlord))).await).await;
    let mut expected = ranked.clone();
    expected.reverse();
    assert_eq!(candidate_numeros(&reversed), expected, "sorted on the server");
    assert!(reversed.contains("aria-sort=\"descending\""));
    let by_score =
        text(send(&app, get(&format!("/vacances/{v}?tri=score"), Some(&landlord))).await).await;
    assert!(by_score.contains("triés par score, décroissant"));
    assert!(by_score.contains(&format!("href=\"/vacances/{v}?tri=-score#t-candidats\"")));

    let followed = text(send(&app, get(&format!("/vacances/{v}"), Some(&holder))).await).await;
    assert_eq!(candidate_numeros(&followed), ranked, "the holder compares too");
    assert!(!followed.contains("name=\"choisi\""), "but does not choose");

    // Three candidates chosen, one of them beyond the first five the form offers.
    let last = ranked.last().expect("a candidate");
    let choice =
        format!("_csrf={}&choisi={}&choisi={}&choisi={last}", landlord.csrf, ranked[0], ranked[1]);
    let selection = format!("/commissions/{c}/logements/{v}/selection");
    let refused = send(
        &app,
        post(&selection, Some(&holder), &format!("_csrf={}&choisi={}", holder.csrf, ranked[0])),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "the holder does not choose");
    let form = send(&app, post(&selection, Some(&landlord), &choice)).await;
    assert_eq!(form.status(), StatusCode::OK);
    let form = text(form).await;
    let checked = |numero: &str| {
        let at = form
            .find(&format!("<a href=\"/demandes/{numero}\" class=\"numero\">"))
            .expect("a line");
        form[..at].rsplit("<tr id=\"ligne-").next().expect("its row").contains(" checked")
    };
    assert!(
        checked(&ranked[0]) && checked(&ranked[1]) && checked(last),
        "the chosen are presented"
    );
    assert!(!checked(&ranked[2]), "the others are not");
    assert!(
        form.contains("class=\"raison pour-non_attribution pour-irrecevable"),
        "the reason is asked where the commission's check asks for it"
    );

    // A non-attribution without its reason: refused, said on its line.
    let decided = format!(
        "_csrf={}&{}",
        landlord.csrf,
        presented(&[
            (&ranked[0], "attribution", "&fixe_0=oui&plafond_0=oui"),
            (&ranked[1], "attribution_rang", "&fixe_1=oui&plafond_1=oui"),
            (last, "non_attribution", "&fixe_2=oui"),
        ])
    );
    let path = format!("/commissions/{c}/logements/{v}");
    let answer = send(&app, post(&path, Some(&landlord), &decided)).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer = text(answer).await;
    let row = answer
        .split("<tr id=\"ligne-2\"")
        .nth(1)
        .expect("the third line")
        .split("</tr>")
        .next()
        .expect("row");
    assert!(row.contains(last.as_str()), "the line keeps its application");
    assert!(
        row.contains("une décision de non-attribution est motivée"),
        "the refusal beside its field: {row}"
    );
    let motif = row.split("id=\"motif_2\"").nth(1).expect("its reason field");
    assert!(
        motif.split('>').next().expect("the field").contains("aria-invalid=\"true\""),
        "the empty reason is marked"
    );
    let fixed = format!("{decided}&motif_2=ressources+insuffisantes+pour+ce+loyer");
    let answer = send(&app, post(&path, Some(&landlord), &fixed)).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let recorded = logis_store::allocation::commissions::decisions_on(&*app.test.store, v)
        .await
        .expect("decisions");
    assert_eq!(recorded.len(), 3);
    let agenda =
        logis_store::allocation::commissions::agenda(&*app.test.store, c).await.expect("agenda");
    assert!(agenda.iter().any(|a| a.vacance == v), "the dwelling is on the session's agenda");
    app.test.finish().await;
}
