//! The applicants' space, end to end on both backends: the code asked with the numéro and the
//! date of birth, sent through a real SMTP server (aiosmtpd) and typed back; the applicant's own
//! session, which opens their application and nothing else; the letter a desk prints for an
//! applicant without e-mail; every step in the audit log.

use crate::support::{App, app, get, post, send, session, text};
use axum::http::{StatusCode, header};
use logis_access::Role;
use logis_domain::{Lien, Membre, NumeroUnique};
use logis_store::access::audit::{self, AuditAction};
use logis_store::statement::{Statement, text as value};
use logis_testkit::smtp::{TestSmtp, decoded};
use std::sync::Arc;

const EMAIL: &str = "heloise.martin@exemple.fr";

/// The date of birth of application `numero`'s titulaire, as a date field sends it.
async fn born(app: &App, numero: &str) -> String {
    let members: Vec<(NumeroUnique, Membre)> = logis_testkit::all(&*app.test.store).await;
    let (_, titulaire) = members
        .iter()
        .find(|(n, m)| n.as_str() == numero && m.lien == Lien::Titulaire)
        .expect("a titulaire");
    titulaire.date_naissance.to_string()
}

async fn with_email(app: &App, numero: &str, email: Option<&str>) {
    let sql = match email {
        Some(_) => "UPDATE demandes SET email = $2 WHERE numero_unique = $1",
        None => "UPDATE demandes SET email = NULL WHERE numero_unique = $1 AND $2 = $2",
    };
    let change = Statement::new(sql, vec![value(numero), value(email.unwrap_or(""))]);
    app.test.store.execute(&[change]).await.expect("e-mail");
}

/// The value of the form field `name` in `page`.
fn field(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).unwrap_or_else(|| panic!("no {name} in {page}")) + marker.len();
    page[start..].split('"').next().expect("a value").to_owned()
}

/// The applicant's session cookie set by `response`, as a `Cookie` header.
fn applicant_cookie(response: &axum::http::Response<axum::body::Body>) -> String {
    let set = response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("a cookie")
        .to_owned();
    assert!(set.contains("Path=/demandeur;") && set.contains("HttpOnly"), "{set}");
    set.split(';').next().expect("name=value").to_owned()
}

fn with_cookie(path: &str, cookie: &str) -> axum::http::Request<axum::body::Body> {
    let mut request = get(path, None);
    request.headers_mut().insert(header::COOKIE, cookie.parse().expect("cookie"));
    request
}

fn form_with_cookie(
    path: &str,
    cookie: &str,
    fields: &str,
) -> axum::http::Request<axum::body::Body> {
    let mut request = post(path, None, fields);
    request.headers_mut().insert(header::COOKIE, cookie.parse().expect("cookie"));
    request
}

async fn actions_on(app: &App, target: &str) -> Vec<AuditAction> {
    let lines = audit::latest(&*app.test.store, 1000).await.expect("audit");
    lines.into_iter().filter(|l| l.target.starts_with(target)).map(|l| l.action).collect()
}

async fn signs_in_and_reads_only_their_own(mut app: App) {
    let numero = app.not_followed.clone();
    let other = app.followed.clone();
    with_email(&app, &numero, Some(EMAIL)).await;
    let smtp = TestSmtp::start();
    let settings = logis_mail::MailSettings::parse(&smtp.settings_toml()).expect("settings");
    app.state.mailer = Some(Arc::new(logis_mail::Mailer::new(&settings, None).expect("mailer")));
    let naissance = born(&app, &numero).await;

    let page = text(send(&app, get("/demandeur/connexion", None)).await).await;
    assert!(page.contains("Numéro unique de votre demande"), "{page}");

    // A wrong date of birth: the one refusal that does not say which is wrong.
    let wrong = format!("numero={numero}&naissance=1900-01-01&action=courriel");
    let refused = send(&app, post("/demandeur/connexion", None, &wrong)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("ne correspondent à aucune demande"));
    assert!(smtp.received().is_empty(), "nothing sent");

    let right = format!("numero={numero}&naissance={naissance}&action=courriel");
    let asked = send(&app, post("/demandeur/connexion", None, &right)).await;
    assert_eq!(asked.status(), StatusCode::OK);
    let code_page = text(asked).await;
    assert!(code_page.contains("h•••@exemple.fr"), "the address half hidden: {code_page}");
    assert!(!code_page.contains(EMAIL));
    let messages = smtp.wait_for(1).await;
    assert_eq!(messages.len(), 1, "one message");
    assert!(messages[0].contains(&format!("To: {EMAIL}")));
    let (subject, body) = decoded(&messages[0]);
    let code: String = subject.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 6, "{subject}");
    assert!(body.contains(&code) && body.contains("15 minutes"), "{body}");

    let typo = if code == "000000" { "111111" } else { "000000" };
    let wrong_code = send(
        &app,
        post(
            "/demandeur/code",
            None,
            &format!("numero={}&code={typo}", field(&code_page, "numero")),
        ),
    )
    .await;
    assert_eq!(wrong_code.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(wrong_code).await.contains("il vous reste 4 essai(s)"));

    let signed_in =
        send(&app, post("/demandeur/code", None, &format!("numero={numero}&code={code}"))).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookie = applicant_cookie(&signed_in);
    let own = send(&app, with_cookie("/demandeur/espace", &cookie)).await;
    assert_eq!(own.status(), StatusCode::OK);
    let own = text(own).await;
    assert!(own.contains(&numero) && own.contains("Ma cotation"), "{own}");
    assert!(own.contains("Ma place parmi les demandes comparables"));
    assert!(!own.contains(&other), "another application is never shown");

    // The applicant's session opens nothing of the partners', even as their cookie.
    let token = cookie.split_once('=').expect("a token").1;
    let as_partner = format!("logis_session={token}");
    for path in [format!("/demandes/{numero}"), format!("/demandes/{other}"), "/".into()] {
        let response = send(&app, with_cookie(&path, &as_partner)).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        let response = send(&app, with_cookie(&path, &cookie)).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
    }
    // Nor the API, by the cookie or by the token as a bearer.
    for path in [format!("/api/demandes/{numero}"), format!("/api/demandes/{other}")] {
        let by_cookie = send(&app, with_cookie(&path, &cookie)).await;
        assert_eq!(by_cookie.status(), StatusCode::UNAUTHORIZED, "{path}");
        let bearer = crate::support::api_get(&path, Some(token));
        assert_eq!(send(&app, bearer).await.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    // A partner's session does not open the space.
    let partner = session(&app, Role::Administrateur).await;
    let response = send(&app, get("/demandeur/espace", Some(&partner))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let actions = actions_on(&app, &numero).await;
    for expected in [
        AuditAction::ApplicantCode,
        AuditAction::ApplicantRefused,
        AuditAction::ApplicantSignIn,
        AuditAction::ApplicantView,
    ] {
        assert!(actions.contains(&expected), "{expected:?} in {actions:?}");
    }

    // Signing out needs the space's CSRF token, then closes the session.
    let csrf = field(&own, "_csrf");
    let forged = send(&app, form_with_cookie("/demandeur/deconnexion", &cookie, "_csrf=0")).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let out =
        send(&app, form_with_cookie("/demandeur/deconnexion", &cookie, &format!("_csrf={csrf}")))
            .await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let after = send(&app, with_cookie("/demandeur/espace", &cookie)).await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER, "closed");
    app.test.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicant_signs_in_with_the_mailed_code_and_reads_only_their_own_application() {
    for test in logis_testkit::every_backend().await {
        signs_in_and_reads_only_their_own(app(test).await).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_e_mail_a_desk_prints_the_code_in_a_letter() {
    let mut app = app(logis_testkit::sqlite().await).await;
    app.state.public_address = Some("https://logis.cctc.test".into());
    let numero = app.not_followed.clone();
    with_email(&app, &numero, None).await;
    let naissance = born(&app, &numero).await;
    let asked = format!("numero={numero}&naissance={naissance}&action=courriel");
    let refused = send(&app, post("/demandeur/connexion", None, &asked)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("peut vous remettre votre code dans un courrier"));

    let words = letter_of(&app, &numero).await;
    assert!(words.contains(&numero), "{words}");
    assert!(words.contains("https://logis.cctc.test/demandeur"), "the space's address: {words}");
    let code = code_in(&words);
    let actions = actions_on(&app, &numero).await;
    assert!(actions.contains(&AuditAction::ApplicantCode), "{actions:?}");

    // « J'ai déjà un code »: the identity checked, no new code issued, the letter's code works.
    let holds = format!("numero={numero}&naissance={naissance}&action=code");
    let code_page = send(&app, post("/demandeur/connexion", None, &holds)).await;
    assert_eq!(code_page.status(), StatusCode::OK);
    let signed_in =
        send(&app, post("/demandeur/code", None, &format!("numero={numero}&code={code}"))).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookie = applicant_cookie(&signed_in);
    let own = send(&app, with_cookie("/demandeur/espace", &cookie)).await;
    assert_eq!(own.status(), StatusCode::OK);
    app.test.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_an_smtp_server_the_applicant_is_sent_to_a_desk() {
    let app = app(logis_testkit::sqlite().await).await;
    let numero = app.not_followed.clone();
    with_email(&app, &numero, Some(EMAIL)).await;
    let naissance = born(&app, &numero).await;
    let asked = format!("numero={numero}&naissance={naissance}&action=courriel");
    let answer = send(&app, post("/demandeur/connexion", None, &asked)).await;
    assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(text(answer).await.contains("pas encore en service"));
    app.test.finish().await;
}

/// The text of the letter a reception desk prints for the applicant of `numero`.
async fn letter_of(app: &App, numero: &str) -> String {
    let desk = session(app, Role::Guichet).await;
    let path = format!("/demandes/{numero}/courrier-code.pdf");
    let letter = send(app, post(&path, Some(&desk), &format!("_csrf={}", desk.csrf))).await;
    assert_eq!(letter.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(letter.into_body(), 10 << 20).await.expect("PDF");
    logis_testkit::documents::pdf_text(&bytes)
}

/// The six-digit code a letter's text holds.
fn code_in(words: &str) -> String {
    words
        .split_whitespace()
        .find(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit()))
        .expect("a six-digit code in the letter")
        .to_owned()
}

/// Signs the applicant of `numero` in with a code a desk printed in a letter: their cookie and
/// the space's CSRF token.
async fn signed_in_by_letter(app: &App, numero: &str) -> (String, String) {
    let code = code_in(&letter_of(app, numero).await);
    let signed_in =
        send(app, post("/demandeur/code", None, &format!("numero={numero}&code={code}"))).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookie = applicant_cookie(&signed_in);
    let own = text(send(app, with_cookie("/demandeur/espace", &cookie)).await).await;
    (cookie, field(&own, "_csrf"))
}

/// A deposit from the applicant's space: the piece chosen and one file.
fn deposit(
    cookie: &str,
    csrf: &str,
    piece: &str,
    name: &str,
    bytes: &[u8],
) -> axum::http::Request<axum::body::Body> {
    const B: &str = "----limite-du-test";
    let mut body = format!(
        "--{B}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n\
         --{B}\r\nContent-Disposition: form-data; name=\"piece\"\r\n\r\n{piece}\r\n\
         --{B}\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"{name}\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend(format!("\r\n--{B}--\r\n").as_bytes());
    axum::http::Request::post("/demandeur/justificatifs")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={B}"))
        .body(axum::body::Body::from(body))
        .expect("request")
}

async fn documents_deposited_validated_and_kept_apart(app: App) {
    let (numero, other) = (app.not_followed.clone(), app.followed.clone());
    let (cookie, csrf) = signed_in_by_letter(&app, &numero).await;
    let (their_cookie, their_csrf) = signed_in_by_letter(&app, &other).await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-une-image-de-test".to_vec();

    // A program renamed .pdf is refused whatever its name; nothing is kept.
    let exe =
        send(&app, deposit(&cookie, &csrf, "ressources", "avis.pdf", b"MZ\x90\0programme")).await;
    assert_eq!(exe.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(exe).await.contains("Seuls les fichiers PDF, JPEG et PNG sont acceptés."));
    // Without the space's CSRF token, nothing is deposited.
    let forged = send(&app, deposit(&cookie, "0", "ressources", "avis.png", &png)).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    let sent =
        send(&app, deposit(&cookie, &csrf, "ressources", "../../avis impôts.png", &png)).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER, "{}", text(sent).await);
    let theirs =
        send(&app, deposit(&their_cookie, &their_csrf, "motifs", "lettre.png", &png)).await;
    assert_eq!(theirs.status(), StatusCode::SEE_OTHER);
    let store = &*app.test.store;
    let mine = logis_applicants::documents::of_application(
        store,
        &NumeroUnique::parse(&numero).expect("numéro"),
    )
    .await
    .expect("documents");
    let their = logis_applicants::documents::of_application(
        store,
        &NumeroUnique::parse(&other).expect("numéro"),
    )
    .await
    .expect("documents");
    let (mine, their) = (mine[0].id.get(), their[0].id.get());
    let own = text(send(&app, with_cookie("/demandeur/espace", &cookie)).await).await;
    assert!(own.contains("avis impôts.png") && own.contains("en attente d"), "{own}");

    // Their own document comes back, byte for byte; another's id gives nothing, by any route.
    let back = send(&app, with_cookie(&format!("/demandeur/justificatifs/{mine}"), &cookie)).await;
    assert_eq!(back.status(), StatusCode::OK);
    assert_eq!(back.headers()[header::CONTENT_TYPE], "image/png");
    let bytes = axum::body::to_bytes(back.into_body(), 1 << 20).await.expect("bytes");
    assert_eq!(bytes.as_ref(), png.as_slice());
    let stolen =
        send(&app, with_cookie(&format!("/demandeur/justificatifs/{their}"), &cookie)).await;
    assert_eq!(stolen.status(), StatusCode::NOT_FOUND, "another application's document");
    let by_partner_route =
        send(&app, with_cookie(&format!("/demandes/{other}/justificatifs/{their}"), &cookie)).await;
    assert_eq!(
        by_partner_route.status(),
        StatusCode::SEE_OTHER,
        "a partners' route asks a partner's sign-in"
    );

    // A desk sees it on the file, downloads it and validates it: the piece is verified.
    let desk = session(&app, Role::Guichet).await;
    let file = text(send(&app, get(&format!("/demandes/{numero}"), Some(&desk))).await).await;
    assert!(
        file.contains("Justificatifs déposés par le demandeur") && file.contains("avis impôts.png")
    );
    let wrong_pair =
        send(&app, get(&format!("/demandes/{numero}/justificatifs/{their}"), Some(&desk))).await;
    assert_eq!(
        wrong_pair.status(),
        StatusCode::NOT_FOUND,
        "an id read through another application"
    );
    let seen =
        send(&app, get(&format!("/demandes/{numero}/justificatifs/{mine}"), Some(&desk))).await;
    assert_eq!(seen.status(), StatusCode::OK);
    let validate = format!("/demandes/{numero}/justificatifs/{mine}/validation");
    let validated = send(&app, post(&validate, Some(&desk), &format!("_csrf={}", desk.csrf))).await;
    assert_eq!(validated.status(), StatusCode::SEE_OTHER);
    let demande: Vec<logis_domain::Demande> =
        logis_store::lookup_all(store, &[numero.as_str()]).await.expect("demande");
    assert!(demande[0].pieces_verifiees.contains(&logis_domain::Piece::Ressources));
    let refuse = format!("/demandes/{other}/justificatifs/{their}/refus");
    let refused = send(
        &app,
        post(&refuse, Some(&desk), &format!("_csrf={}&motif=Document+illisible", desk.csrf)),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    let their_space = text(send(&app, with_cookie("/demandeur/espace", &their_cookie)).await).await;
    assert!(their_space.contains("Document illisible"), "the applicant reads why");

    let actions = actions_on(&app, &numero).await;
    for expected in
        [AuditAction::DocumentUploaded, AuditAction::DocumentViewed, AuditAction::DocumentValidated]
    {
        assert!(actions.contains(&expected), "{expected:?} in {actions:?}");
    }
    app.test.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicant_deposits_evidence_a_desk_validates_it_and_no_one_reaches_another_s() {
    for test in logis_testkit::every_backend().await {
        documents_deposited_validated_and_kept_apart(app(test).await).await;
    }
}

/// The form's fields for the stored household of `numero`, as the renewal page offers them.
async fn household_fields(app: &App, numero: &str) -> String {
    let members: Vec<(NumeroUnique, Membre)> = logis_testkit::all(&*app.test.store).await;
    members
        .iter()
        .filter(|(n, _)| n.as_str() == numero)
        .enumerate()
        .map(|(i, (_, m))| {
            format!("&membre_lien_{i}={}&membre_naissance_{i}={}", m.lien.code(), m.date_naissance)
        })
        .collect()
}

async fn renewed_online_with_its_receipt(app: App) {
    let numero = app.not_followed.clone();
    let today = logis_testkit::TODAY;
    // Registered eleven and a half months ago: its deadline is in a fortnight.
    let renewed = today - time::Duration::days(350);
    let change = Statement::new(
        "UPDATE demandes SET date_renouvellement = $2 WHERE numero_unique = $1",
        vec![value(&numero), logis_store::statement::date(renewed)],
    );
    app.test.store.execute(&[change]).await.expect("renewal date");
    let (cookie, csrf) = signed_in_by_letter(&app, &numero).await;
    let space = text(send(&app, with_cookie("/demandeur/espace", &cookie)).await).await;
    assert!(space.contains("Renouveler ma demande en ligne"), "{space}");
    let form = text(send(&app, with_cookie("/demandeur/renouvellement", &cookie)).await).await;
    assert!(form.contains("Ressources mensuelles de tout le foyer"), "{form}");
    let household = household_fields(&app, &numero).await;

    let uncertified = format!("_csrf={csrf}&ressources_mensuelles=1450,50{household}");
    let refused =
        send(&app, form_with_cookie("/demandeur/renouvellement", &cookie, &uncertified)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("Cochez la case pour certifier"));
    let wrong = format!("_csrf={csrf}&ressources_mensuelles=beaucoup&certifie=oui{household}");
    let refused = send(&app, form_with_cookie("/demandeur/renouvellement", &cookie, &wrong)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(refused).await;
    assert!(page.contains("value=\"beaucoup\""), "what was typed is kept: {page}");
    let unchanged: Vec<logis_domain::Demande> =
        logis_store::lookup_all(&*app.test.store, &[numero.as_str()]).await.expect("demande");
    assert_eq!(unchanged[0].date_renouvellement, Some(renewed), "nothing written");

    let right = format!("_csrf={csrf}&ressources_mensuelles=1450,50&certifie=oui{household}");
    let done = send(&app, form_with_cookie("/demandeur/renouvellement", &cookie, &right)).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER, "{}", text(done).await);
    let saved: Vec<logis_domain::Demande> =
        logis_store::lookup_all(&*app.test.store, &[numero.as_str()]).await.expect("demande");
    assert_eq!(saved[0].date_renouvellement, Some(today));
    assert_eq!(saved[0].ressources_mensuelles.cents(), 145_050);
    let receipt =
        send(&app, with_cookie("/demandeur/renouvellement/attestation.pdf", &cookie)).await;
    assert_eq!(receipt.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(receipt.into_body(), 10 << 20).await.expect("PDF");
    let words = logis_testkit::documents::pdf_text(&bytes);
    let deadline =
        logis_domain::french::date(logis_applicants::renewal::deadline_after_renewal(today));
    assert!(words.contains(&numero) && words.contains(&deadline), "{words}");

    // Renewed today, it cannot be renewed again before next year's window.
    let again = send(&app, form_with_cookie("/demandeur/renouvellement", &cookie, &right)).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(again).await.contains("Vous pourrez la renouveler en ligne à partir du"));
    let actions = actions_on(&app, &numero).await;
    assert!(actions.contains(&AuditAction::Renewal), "{actions:?}");
    app.test.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicant_renews_online_within_the_month_and_gets_a_receipt() {
    for test in logis_testkit::every_backend().await {
        renewed_online_with_its_receipt(app(test).await).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicant_reads_the_commission_s_decision_with_its_rank() {
    use crate::support::{candidate_numeros, presented};
    let app = app(logis_testkit::sqlite().await).await;
    let landlord = session(&app, Role::Bailleur).await;
    let (v, c) = (app.vacancy, app.commission);
    let page = text(send(&app, get(&format!("/vacances/{v}"), Some(&landlord))).await).await;
    let ranked = candidate_numeros(&page);
    let three = presented(&[
        (&ranked[0], "attribution", ""),
        (&ranked[1], "attribution_rang", ""),
        (&ranked[2], "attribution_rang", ""),
    ]);
    let form = format!("_csrf={}&{three}", landlord.csrf);
    let path = format!("/commissions/{c}/logements/{v}");
    let decided = send(&app, post(&path, Some(&landlord), &form)).await;
    assert_eq!(decided.status(), StatusCode::SEE_OTHER, "{}", text(decided).await);

    let (cookie, _) = signed_in_by_letter(&app, &ranked[1]).await;
    let space = text(send(&app, with_cookie("/demandeur/espace", &cookie)).await).await;
    assert!(space.contains("Commission du "), "{space}");
    assert!(space.contains("en 2e rang"), "{space}");
    assert!(space.contains("T3 à Castelsarrasin"), "the dwelling in words: {space}");
    assert!(
        space.contains("dans l&#39;ordre de la cotation")
            || space.contains("dans l'ordre de la cotation")
    );
    assert!(!space.contains(&ranked[0]), "the other candidate is never named");
    app.test.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrator_sees_the_smtp_server_and_sends_a_test_message() {
    let mut app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let page = text(send(&app, get("/parametres", Some(&admin))).await).await;
    assert!(page.contains("Aucun serveur de courriel n"), "{page}");
    let test = format!("_csrf={}&adresse=service.logement%40cctc.test", admin.csrf);
    let refused = send(&app, post("/parametres/courriel-essai", Some(&admin), &test)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let smtp = TestSmtp::start();
    let settings = logis_mail::MailSettings::parse(&smtp.settings_toml()).expect("settings");
    app.state.mailer = Some(Arc::new(logis_mail::Mailer::new(&settings, None).expect("mailer")));
    let page = text(send(&app, get("/parametres", Some(&admin))).await).await;
    assert!(page.contains(&format!("127.0.0.1:{}", smtp.port)), "the server named: {page}");
    let sent = send(&app, post("/parametres/courriel-essai", Some(&admin), &test)).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let messages = smtp.wait_for(1).await;
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("To: service.logement@cctc.test"));
    let (subject, _) = decoded(&messages[0]);
    assert_eq!(subject, "Logis : courriel d'essai");
    let lines = audit::latest(&*app.test.store, 10).await.expect("audit");
    assert!(lines.iter().any(|l| l.target.starts_with("courriel d'essai envoyé")));
    let wrong = format!("_csrf={}&adresse=pas+une+adresse", admin.csrf);
    let refused = send(&app, post("/parametres/courriel-essai", Some(&admin), &wrong)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.test.finish().await;
}
