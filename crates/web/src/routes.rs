//! Every route of the application, declared once with what it requires: the router is built
//! from [`table`], and the test that tries every route with every role walks the same table, so
//! a new route cannot escape the access check.

use crate::guard::{Access, guard};
use crate::render::{Refusal, refusal};
use crate::state::AppState;
use crate::{api, pages};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::{MatchedPath, Request};
use axum::http::Uri;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post, put};
use logis_access::Permissions;

/// One route: method, path (axum syntax, `{numero}` for a parameter), requirement, handler.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub handler: MethodRouter<AppState>,
}

fn route(
    method: Method,
    path: &'static str,
    access: Access,
    handler: MethodRouter<AppState>,
) -> Route {
    Route { method, path, access, handler }
}

/// The largest upload the router lets through to the import's handler, which stops a smaller
/// one at the settings' limit (« envoi_max_mo », at most this) while it streams it to disk.
pub const UPLOAD_LIMIT: usize = 64 << 30;

/// The application's routes.
pub fn table() -> Vec<Route> {
    use Access::*;
    use Method as M;
    use pages::*;
    vec![
        route(M::GET, "/static/{fichier}", Public, get(statics::file)),
        route(M::GET, "/connexion", Public, get(login::form)),
        route(M::POST, "/connexion", Public, post(login::submit)),
        route(M::POST, "/deconnexion", Connected, post(login::logout)),
        route(M::GET, "/informations", Public, get(information::show)),
        route(M::GET, "/glossaire", Public, get(glossary::show)),
        route(M::GET, "/parametres/information", Administer, get(information::edit)),
        route(M::POST, "/parametres/information", Administer, post(information::save)),
        route(M::GET, "/demandeur", Public, get(applicant::sign_in::home)),
        route(M::GET, "/demandeur/connexion", Public, get(applicant::sign_in::form)),
        route(M::POST, "/demandeur/connexion", Public, post(applicant::sign_in::ask_code)),
        route(M::POST, "/demandeur/code", Public, post(applicant::sign_in::check_code)),
        route(M::GET, "/demandeur/espace", Applicant, get(applicant::space::show)),
        route(M::GET, "/demandeur/renouvellement", Applicant, get(applicant::renewal::form)),
        route(M::POST, "/demandeur/renouvellement", Applicant, post(applicant::renewal::submit)),
        route(M::GET, "/demandeur/renouvellement/fait", Applicant, get(applicant::renewal::done)),
        route(
            M::GET,
            "/demandeur/renouvellement/attestation.pdf",
            Applicant,
            get(applicant::renewal::receipt),
        ),
        route(
            M::POST,
            "/demandeur/justificatifs",
            Applicant,
            post(applicant::documents::deposit)
                .layer(DefaultBodyLimit::max(applicant::documents::DEPOSIT_LIMIT)),
        ),
        route(
            M::GET,
            "/demandeur/justificatifs/{piece}",
            Applicant,
            get(applicant::documents::download),
        ),
        route(M::POST, "/demandeur/deconnexion", Applicant, post(applicant::sign_in::sign_out)),
        route(M::GET, "/", Statistics, get(home::show)),
        route(M::GET, "/demandes", Applications, get(applications::list)),
        route(M::GET, "/demandes/export.csv", Applications, get(applications::export_csv)),
        route(M::GET, "/demandes/export.xlsx", Applications, get(applications::export_xlsx)),
        route(M::GET, "/demandes/nouvelle", Register, get(registration::new_form)),
        route(M::POST, "/demandes/nouvelle", Register, post(registration::create)),
        route(M::GET, "/demandes/{numero}", Applications, get(file::show)),
        route(M::GET, "/demandes/{numero}/modifier", Register, get(registration::edit_form)),
        route(M::GET, "/demandes/{numero}/donnees.json", Administer, get(file::rights::json)),
        route(M::GET, "/demandes/{numero}/donnees.pdf", Administer, get(file::rights::pdf)),
        route(M::POST, "/demandes/{numero}/modifier", Register, post(registration::update)),
        route(M::GET, "/demandes/{numero}/priorite", LabelPriority, get(labelling::form)),
        route(M::POST, "/demandes/{numero}/priorite", LabelPriority, post(labelling::submit)),
        route(
            M::POST,
            "/demandes/{numero}/priorite/retrait",
            RecognisePriority,
            post(labelling::withdraw),
        ),
        route(M::POST, "/demandes/{numero}/notes", Annotate, post(file::add_note)),
        route(M::POST, "/demandes/{numero}/suivis", FollowUps, post(file::add_follow_up)),
        route(M::POST, "/demandes/{numero}/reinscription", Administer, post(file::reinstate)),
        route(
            M::GET,
            "/demandes/{numero}/justificatifs/{piece}",
            Applications,
            get(file::download_evidence),
        ),
        route(
            M::POST,
            "/demandes/{numero}/justificatifs/{piece}/validation",
            Register,
            post(file::validate_evidence),
        ),
        route(
            M::POST,
            "/demandes/{numero}/justificatifs/{piece}/refus",
            Register,
            post(file::refuse_evidence),
        ),
        route(
            M::POST,
            "/demandes/{numero}/courrier-code.pdf",
            Register,
            post(applicant::letter::pdf),
        ),
        route(M::GET, "/import", Import, get(import::form)),
        route(
            M::POST,
            "/import",
            Import,
            post(import::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        ),
        route(M::GET, "/import/{numero_import}", Import, get(import::status)),
        route(M::GET, "/import/{numero_import}/rapport.csv", Import, get(import::report_csv)),
        route(M::GET, "/logements", Allocate, get(allocation::dwellings::list)),
        route(M::GET, "/logements/{logement}", Allocate, get(allocation::dwellings::show)),
        route(M::POST, "/logements/{logement}", Allocate, post(allocation::dwellings::update)),
        route(
            M::POST,
            "/logements/{logement}/vacance",
            Allocate,
            post(allocation::dwellings::declare_vacancy),
        ),
        route(M::GET, "/vacances", Vacancies, get(allocation::vacancies::list)),
        route(M::GET, "/vacances/{vacance}", Vacancies, get(allocation::vacancies::show)),
        route(
            M::POST,
            "/vacances/{vacance}/retrait",
            Allocate,
            post(allocation::offers::withdraw_vacancy),
        ),
        route(
            M::POST,
            "/vacances/{vacance}/remise",
            Allocate,
            post(allocation::offers::return_to_landlord),
        ),
        route(
            M::POST,
            "/vacances/{vacance}/proposition",
            Allocate,
            post(allocation::offers::make_offer),
        ),
        route(
            M::POST,
            "/vacances/{vacance}/propositions/{offre}/reponse",
            Allocate,
            post(allocation::offers::record_answer),
        ),
        route(
            M::POST,
            "/vacances/{vacance}/propositions/{offre}/bail",
            Allocate,
            post(allocation::offers::record_lease),
        ),
        route(M::GET, "/commissions", Allocate, get(allocation::commissions::list)),
        route(M::POST, "/commissions", Allocate, post(allocation::commissions::create)),
        route(
            M::POST,
            "/commissions/coordonnees",
            Allocate,
            post(allocation::commissions::save_contact),
        ),
        route(M::GET, "/commissions/{commission}", Allocate, get(allocation::commissions::show)),
        route(
            M::GET,
            "/commissions/{commission}/logements/{vacance}",
            Allocate,
            get(allocation::decisions::decisions_form),
        ),
        route(
            M::POST,
            "/commissions/{commission}/logements/{vacance}",
            Allocate,
            post(allocation::decisions::record_decisions),
        ),
        route(
            M::POST,
            "/commissions/{commission}/logements/{vacance}/selection",
            Allocate,
            post(allocation::decisions::select),
        ),
        route(
            M::GET,
            "/commissions/{commission}/proces-verbal.pdf",
            Allocate,
            get(allocation::documents::minutes_pdf),
        ),
        route(
            M::GET,
            "/commissions/{commission}/courriers.pdf",
            Allocate,
            get(allocation::documents::letters_pdf),
        ),
        route(M::GET, "/flux", Vacancies, get(flux::show)),
        route(M::GET, "/flux/bailleurs/{bailleur}", Allocate, get(flux::landlord::show)),
        route(
            M::GET,
            "/flux/bailleurs/{bailleur}/conventions/{annee}",
            Allocate,
            get(flux::conventions::form),
        ),
        route(
            M::POST,
            "/flux/bailleurs/{bailleur}/conventions/{annee}",
            Allocate,
            post(flux::conventions::save),
        ),
        route(
            M::POST,
            "/flux/bailleurs/{bailleur}/bilans/{annee}/prevision",
            Allocate,
            post(flux::landlord::save_forecast),
        ),
        route(
            M::POST,
            "/flux/bailleurs/{bailleur}/bilans/{annee}/envoi",
            Allocate,
            post(flux::landlord::send),
        ),
        route(
            M::GET,
            "/flux/bailleurs/{bailleur}/bilans/{annee}/{format}",
            Allocate,
            get(flux::documents::landlord_bilan),
        ),
        route(
            M::GET,
            "/flux/bailleurs/{bailleur}/inventaires/{annee}/{format}",
            Allocate,
            get(flux::documents::landlord_inventory),
        ),
        route(
            M::GET,
            "/flux/bilans/{annee}/{format}",
            Administer,
            get(flux::documents::all_bilans),
        ),
        route(M::GET, "/bilan", Statistics, get(bilan::show)),
        route(M::GET, "/bilan/{annee}/{format}", Statistics, get(bilan::file)),
        route(M::GET, "/parametres", Administer, get(settings::show)),
        route(M::GET, "/delais", Administer, get(overdue::show)),
        route(M::GET, "/doublons", Administer, get(duplicates::show)),
        route(M::POST, "/doublons/{ancien}/{recent}/fusion", Administer, post(duplicates::merge)),
        route(M::POST, "/doublons/{ancien}/{recent}/ecart", Administer, post(duplicates::dismiss)),
        route(M::GET, "/delais.csv", Administer, get(overdue::export_csv)),
        route(M::GET, "/delais.xlsx", Administer, get(overdue::export_xlsx)),
        route(M::POST, "/parametres/objectifs", Administer, post(settings::save_settings)),
        route(
            M::POST,
            "/parametres/objectifs/formulaire",
            Administer,
            post(settings::save_targets_form),
        ),
        route(M::POST, "/parametres/priorites", Administer, post(settings::save_priorities)),
        route(M::POST, "/parametres/grille", Administer, post(settings::save_grid)),
        route(M::POST, "/parametres/grille/apercu", Administer, post(grid_preview::preview)),
        route(M::POST, "/parametres/grille/delais", Administer, post(delays_form::save)),
        route(M::POST, "/parametres/courriel-essai", Administer, post(mail_check::send_test)),
        route(M::POST, "/parametres/plafonds", Administer, post(settings::save_ceilings)),
        route(M::POST, "/parametres/plafonds/import", Administer, post(settings::import_ceilings)),
        route(
            M::POST,
            "/parametres/donnees-personnelles",
            Administer,
            post(settings::save_privacy),
        ),
        route(M::GET, "/utilisateurs", Administer, get(users::show)),
        route(M::POST, "/utilisateurs", Administer, post(users::create)),
        route(M::POST, "/utilisateurs/comptes", Administer, post(users::change)),
        route(M::POST, "/utilisateurs/jetons", Administer, post(users::issue_token)),
        route(
            M::POST,
            "/utilisateurs/jetons/{empreinte}/revoquer",
            Administer,
            post(users::revoke_token),
        ),
        route(M::GET, "/journal", Administer, get(journal::show)),
        route(M::GET, "/journal/export.csv", Administer, get(journal::export_csv)),
        route(M::GET, "/avis-renouvellement", Administer, get(notices::show)),
        route(
            M::GET,
            "/avis-renouvellement/{jour}/courriers.pdf",
            Administer,
            get(notices::letters_pdf),
        ),
        route(M::GET, "/api/openapi.json", Public, get(api::openapi)),
        route(M::GET, "/api/statistiques", Statistics, get(api::statistics)),
        route(M::GET, "/api/demandes", Applications, get(api::applications)),
        route(M::GET, "/api/demandes/{numero}", Applications, get(api::application)),
        route(M::POST, "/api/demandes/{numero}/etiquettes", LabelPriority, post(api::add_label)),
        route(M::POST, "/api/demandes/{numero}/notes", Annotate, post(api::add_note)),
        route(M::GET, "/api/objectifs", Statistics, get(api::allocation::objectives)),
        route(
            M::POST,
            "/api/import",
            Import,
            post(api::imports::start).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        ),
        route(M::GET, "/api/import/{numero_import}", Import, get(api::imports::status)),
        route(M::GET, "/api/vacances", Vacancies, get(api::allocation::vacancies)),
        route(M::GET, "/api/vacances/{vacance}", Vacancies, get(api::allocation::candidates)),
        route(
            M::GET,
            "/api/vacances/{vacance}/pourquoi-pas/{numero}",
            Vacancies,
            get(api::allocation::why_not),
        ),
        route(
            M::POST,
            "/api/logements/{logement}/vacance",
            Allocate,
            post(api::allocation_writes::declare_vacancy),
        ),
        route(M::POST, "/api/commissions", Allocate, post(api::allocation_writes::create_session)),
        route(M::GET, "/api/flux/conventions/{bailleur}", Vacancies, get(api::flux::conventions)),
        route(
            M::PUT,
            "/api/flux/conventions/{bailleur}/{annee}",
            Allocate,
            put(api::flux::amend_conventions),
        ),
        route(M::GET, "/api/logements/{logement}/orientation", Allocate, get(api::flux::proposal)),
        route(M::GET, "/api/flux/bilans/{annee}", Allocate, get(api::flux::bilan)),
        route(M::GET, "/api/flux/inventaires/{annee}", Allocate, get(api::flux::inventory)),
        route(
            M::PUT,
            "/api/flux/bilans/{annee}/{bailleur}/prevision",
            Allocate,
            put(api::flux::forecast),
        ),
        route(
            M::POST,
            "/api/flux/bilans/{annee}/{bailleur}/envoi",
            Allocate,
            post(api::flux::send),
        ),
        route(M::POST, "/api/vacances/{vacance}/remise", Allocate, post(api::flux::give_back)),
        route(
            M::POST,
            "/api/commissions/{commission}/logements/{vacance}",
            Allocate,
            post(api::allocation_writes::record_decisions),
        ),
        route(
            M::POST,
            "/api/vacances/{vacance}/retrait",
            Allocate,
            post(api::allocation_writes::withdraw_vacancy),
        ),
        route(
            M::POST,
            "/api/vacances/{vacance}/proposition",
            Allocate,
            post(api::allocation_writes::make_offer),
        ),
        route(
            M::POST,
            "/api/vacances/{vacance}/propositions/{offre}/reponse",
            Allocate,
            post(api::allocation_writes::record_answer),
        ),
        route(
            M::POST,
            "/api/vacances/{vacance}/propositions/{offre}/bail",
            Allocate,
            post(api::allocation_writes::record_lease),
        ),
    ]
}

/// The main menu: the pages a role with `p` may open, in order.
pub fn menu(p: &Permissions) -> Vec<(&'static str, &'static str)> {
    [
        ("/", "Tableau de bord", Access::Statistics),
        ("/demandes", "Demandes", Access::Applications),
        ("/delais", "Délais longs", Access::Administer),
        ("/doublons", "Doublons", Access::Administer),
        ("/logements", "Logements", Access::Allocate),
        ("/vacances", "Vacants", Access::Vacancies),
        ("/commissions", "Commissions", Access::Allocate),
        ("/flux", "Flux", Access::Vacancies),
        ("/bilan", "Bilan", Access::Statistics),
        ("/import", "Import", Access::Import),
        ("/parametres", "Paramètres", Access::Administer),
        ("/utilisateurs", "Utilisateurs", Access::Administer),
        ("/journal", "Journal", Access::Administer),
    ]
    .into_iter()
    .filter(|(_, _, access)| access.allows(p))
    .map(|(href, label, _)| (href, label))
    .collect()
}

/// The application: every route of [`table`] behind [`guard`], the security headers, the log
/// of requests (route pattern only: no numéro, no name, no query), a French 404.
pub fn router(state: AppState) -> Router {
    let mut router = Router::new();
    let routes = table();
    let pages: Vec<&'static str> =
        routes.iter().filter(|r| r.method == Method::GET).map(|r| r.path).collect();
    for r in routes {
        let guarded = r.handler.route_layer(from_fn_with_state((state.clone(), r.access), guard));
        router = router.route(r.path, guarded);
    }
    router
        .method_not_allowed_fallback(move |method: Method, uri: Uri| {
            let target = page_above(&pages, uri.path());
            async move { not_a_page(&method, uri.path(), target) }
        })
        .route_layer(from_fn(request_log))
        .fallback(|| async { refusal(Refusal::NotFound, false) })
        .layer(from_fn(french_rejections))
        .layer(from_fn(security_headers))
        .with_state(state)
}

/// The nearest page above `path` (an address that only takes a form): the path without its
/// last segments, up to one that some GET route of `pages` matches; `/` at worst.
fn page_above(pages: &[&str], path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let matches = |pattern: &str, segments: &[&str]| {
        let parts: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
        parts.len() == segments.len()
            && parts.iter().zip(segments).all(|(p, s)| p.starts_with('{') || p == s)
    };
    (0..segments.len())
        .rev()
        .map(|n| &segments[..n])
        .find(|above| pages.iter().any(|p| matches(p, above)))
        .map_or_else(|| "/".to_owned(), |above| format!("/{}", above.join("/")))
}

/// What an address that only takes a form answers to another method: a GET (a page reloaded
/// after a refused form, an address typed) goes to the page above it; anything else is a
/// French refusal (405).
fn not_a_page(method: &Method, path: &str, above: String) -> Response {
    if (method == Method::GET || method == Method::HEAD) && !path.starts_with("/api/") {
        return Redirect::to(&above).into_response();
    }
    let mut response = refusal(
        Refusal::BadRequest(
            "Cette adresse reçoit un formulaire ; elle ne s'ouvre pas directement. Revenez à la page depuis le menu.".to_owned(),
        ),
        path.starts_with("/api/"),
    );
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    response
}

/// The extractors' own refusals (a form or a parameter that cannot be read) are short English
/// texts: every one becomes the French page, or problem document on the API, of the same kind.
async fn french_rejections(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !plain || !response.status().is_client_error() {
        return response;
    }
    let why = if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Refusal::TooLarge
    } else {
        Refusal::BadRequest(
            "Ce qui a été envoyé n'a pas pu être lu (formulaire incomplet ou adresse mal formée). Rechargez la page et recommencez ; si cela persiste, prévenez l'administrateur."
                .to_owned(),
        )
    };
    refusal(why, api)
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::CACHE_CONTROL, "no-store");
    response
}

/// Runs each request in a span `requete` (method, route pattern, then the account's
/// pseudonym once the guard knows it, the status and the duration), closed by one log line.
/// Nothing personal: the route's pattern, never the address with its numéro or query, and the
/// account as [`crate::guard::account_pseudonym`], never its login.
async fn request_log(request: Request, next: Next) -> Response {
    use tracing::Instrument;
    let pattern = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(inconnue)".to_owned(), |p| p.as_str().to_owned());
    let span = tracing::info_span!(
        target: "logis::requetes",
        "requete",
        methode = %request.method(),
        route = %pattern,
        compte = tracing::field::Empty,
        statut = tracing::field::Empty,
        duree_ms = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    let response = next.run(request).instrument(span.clone()).await;
    span.record("statut", response.status().as_u16());
    span.record("duree_ms", started.elapsed().as_millis() as u64);
    span.in_scope(|| tracing::info!(target: "logis::requetes", "réponse envoyée"));
    response
}

#[cfg(test)]
mod tests {
    use super::page_above;

    #[test]
    fn an_address_that_takes_a_form_leads_to_the_page_above_it() {
        let pages = ["/", "/commissions", "/vacances/{vacance}", "/utilisateurs"];
        assert_eq!(page_above(&pages, "/commissions/coordonnees"), "/commissions");
        assert_eq!(page_above(&pages, "/vacances/12/propositions/3/reponse"), "/vacances/12");
        assert_eq!(page_above(&pages, "/utilisateurs/comptes"), "/utilisateurs");
        assert_eq!(page_above(&pages, "/deconnexion"), "/");
        assert_eq!(page_above(&pages, "//evil.example/x"), "/", "never another host");
    }
}
