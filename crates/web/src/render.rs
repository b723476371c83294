//! Turning pages and refusals into responses: why a request is not answered ([`Refusal`], with
//! its status, French title and explanation), HTML pages with the common layout and the menu of
//! the reader's role, downloads, the French error pages, and RFC 9457 problem documents on the
//! API. No personal data reaches an error page; a store's or a template's failure is logged
//! with its message (tables and SQL, never a personal value), the page saying only what to do.

use crate::guard::Principal;
use crate::state::AppState;
use askama::Template;
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

/// Why a request is not answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No valid session or token.
    Unauthenticated,
    /// The role does not allow it, or the application is out of reach.
    Forbidden,
    /// A form without the session's CSRF token.
    Csrf,
    NotFound,
    TooLarge,
    /// A request that cannot be understood, with a French explanation.
    BadRequest(String),
    /// Data that breaks a rule (a form or an API body), with what is wrong, in French.
    Invalid(String),
    /// An API token used beyond its scope.
    OutOfScope(logis_access::TokenScope),
    /// A write that waited too long for an import or a recalculation of the cotation.
    Busy,
    /// A write that met another's change (the key it writes was taken meanwhile, or the row it
    /// refers to is gone).
    Conflict,
    /// Figures (the bilan, the objectives so far) that waited too long for an import, or for
    /// the bilan's data being prepared after one.
    Recounting,
    /// The store failed (detail for the server's log only).
    Store(String),
    /// A page's template could not be filled (detail for the server's log only).
    Template(String),
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::Unauthenticated => StatusCode::UNAUTHORIZED,
            Refusal::Forbidden | Refusal::Csrf | Refusal::OutOfScope(_) => StatusCode::FORBIDDEN,
            Refusal::Busy | Refusal::Recounting => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::NotFound => StatusCode::NOT_FOUND,
            Refusal::Conflict => StatusCode::CONFLICT,
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::BadRequest(_) => StatusCode::BAD_REQUEST,
            Refusal::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::Store(_) | Refusal::Template(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Refusal::Unauthenticated => "Connexion nécessaire",
            Refusal::Forbidden => "Accès refusé",
            Refusal::Csrf => "Formulaire expiré",
            Refusal::NotFound => "Page introuvable",
            Refusal::TooLarge => "Envoi trop volumineux",
            Refusal::BadRequest(_) => "Demande incorrecte",
            Refusal::Invalid(_) => "Données refusées",
            Refusal::OutOfScope(_) => "Jeton limité",
            Refusal::Busy => "Import en cours",
            Refusal::Conflict => "Modification en conflit",
            Refusal::Recounting => "Chiffres en cours de mise à jour",
            Refusal::Store(_) | Refusal::Template(_) => "Service momentanément indisponible",
        }
    }

    fn explanation(&self) -> String {
        match self {
            Refusal::Unauthenticated => {
                "Connectez-vous, ou fournissez un jeton d'accès valide (en-tête Authorization: Bearer).".into()
            }
            Refusal::Forbidden => "Votre rôle ne donne pas accès à cette page ou à ce dossier. Si vous pensez en avoir besoin, adressez-vous à l'administrateur de Logis de votre intercommunalité.".into(),
            Refusal::Csrf => "Ce formulaire n'a pas pu être vérifié (session expirée ou page ouverte depuis longtemps). Rechargez la page et recommencez.".into(),
            Refusal::NotFound => "Cette adresse ne correspond à aucune page ni à aucun dossier. Vérifiez le lien, ou repartez du tableau de bord.".into(),
            Refusal::TooLarge => "Le contenu envoyé dépasse la taille acceptée.".into(),
            Refusal::Conflict => "Ces données ont été modifiées entre-temps, par quelqu'un d'autre ou dans un autre onglet : rien n'a été enregistré. Rechargez la page pour voir leur état actuel, puis recommencez si c'est encore nécessaire.".into(),
            Refusal::BadRequest(why) | Refusal::Invalid(why) => why.clone(),
            Refusal::OutOfScope(scope) => format!(
                "Ce jeton d'accès est limité à « {} » : il ne permet pas cette opération. Demandez à l'administrateur un jeton de la portée voulue.",
                scope.label()
            ),
            Refusal::Busy => "Un import ou un recalcul de la cotation est en cours : rien n'a été enregistré. La consultation reste possible ; recommencez cette modification dans quelques minutes.".into(),
            Refusal::Recounting => RECOUNTING.into(),
            Refusal::Store(_) => "La base de données n'a pas répondu. Réessayez dans un instant ; si cela persiste, prévenez l'administrateur.".into(),
            Refusal::Template(_) => "Cette page n'a pas pu être affichée. Réessayez dans un instant ; si cela persiste, prévenez l'administrateur.".into(),
        }
    }
}

/// What a reader of figures is told while they are being brought up to date.
pub const RECOUNTING: &str = "Les chiffres sont en cours de mise à jour après un import (une minute environ pour un grand territoire). Rechargez la page dans un instant.";

impl Refusal {
    /// The refusal of a count of figures: waiting for an import, they are being recounted.
    pub fn of_figures(e: logis_store::StoreError) -> Refusal {
        match e {
            logis_store::StoreError::Busy(_) => Refusal::Recounting,
            e => Refusal::from(e),
        }
    }
}

impl From<logis_store::StoreError> for Refusal {
    fn from(e: logis_store::StoreError) -> Self {
        match e {
            logis_store::StoreError::Busy(_) => Refusal::Busy,
            logis_store::StoreError::NotFound(_) => Refusal::NotFound,
            logis_store::StoreError::Conflict(cause) => {
                // The driver's message names the constraint, never a personal value.
                tracing::warn!("écriture en conflit : {cause}");
                Refusal::Conflict
            }
            e => Refusal::Store(e.to_string()),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        refusal(self, false)
    }
}

/// A refusal answered as a problem document (the API's handlers return this).
#[derive(Debug)]
pub struct Problem(pub Refusal);

impl From<Refusal> for Problem {
    fn from(r: Refusal) -> Self {
        Problem(r)
    }
}

impl From<logis_store::StoreError> for Problem {
    fn from(e: logis_store::StoreError) -> Self {
        Problem(e.into())
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        refusal(self.0, true)
    }
}

/// A refusal's words as a sentence: its first letter upper case, a full stop at its end.
pub fn sentence(words: &str) -> String {
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => {
            let end = if words.ends_with(['.', '!', '?']) { "" } else { "." };
            format!("{}{}{end}", first.to_uppercase(), chars.as_str())
        }
        None => String::new(),
    }
}

/// Media types of the downloads.
pub const CSV: &str = "text/csv; charset=utf-8";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file to download under `name`.
pub fn download(bytes: Vec<u8>, kind: &'static str, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, kind.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response()
}

/// `document` typeset as a PDF (off the request threads: tens of milliseconds to seconds), to
/// download under `name`.
pub async fn pdf(
    document: logis_report::document::Document,
    name: &str,
) -> Result<Response, Refusal> {
    let bytes = tokio::task::spawn_blocking(move || logis_report::to_pdf(&document))
        .await
        .map_err(|e| Refusal::Store(format!("mise en page interrompue : {e}")))?
        .map_err(|e| Refusal::Store(format!("PDF : {e}")))?;
    Ok(download(bytes, "application/pdf", name))
}

/// The `?fait=…` of a page reached after a save: what was just done, said once.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Done {
    pub fait: Option<String>,
}

impl Done {
    /// The page's sentence for what was done, among its `known` ones (`fait` code, sentence).
    pub fn said(&self, known: &[(&str, &'static str)]) -> Option<&'static str> {
        let fait = self.fait.as_deref()?;
        known.iter().find(|(code, _)| *code == fait).map(|(_, sentence)| *sentence)
    }
}

/// One entry of the main menu.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// What the common layout shows around every page.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub title: String,
    pub territoire: String,
    pub login: Option<String>,
    pub role: String,
    pub nav: Vec<NavItem>,
    pub csrf: String,
}

impl Layout {
    /// Whether the menu of this page's reader holds `href`: a page links to a menu page only
    /// when its reader may open it.
    pub fn has(&self, href: &str) -> bool {
        self.nav.iter().any(|item| item.href == href)
    }

    /// The layout of a page of `principal`, with the menu their role may use.
    pub fn new(
        state: &AppState,
        principal: &Principal,
        title: impl Into<String>,
        current: &str,
    ) -> Self {
        let nav = crate::routes::menu(&principal.permissions())
            .into_iter()
            .map(|(href, label)| NavItem { href, label, current: href == current })
            .collect();
        Layout {
            title: title.into(),
            territoire: state.territoire.to_string(),
            login: Some(principal.login.clone()),
            role: match (&principal.organisme, &principal.commune) {
                (Some(o), _) => {
                    format!("{} · {}", principal.role.label(), state.organismes.name(o))
                }
                (None, Some(c)) => {
                    format!("{} · {}", principal.role.label(), state.communes.name(c))
                }
                (None, None) => principal.role.label().to_owned(),
            },
            nav,
            csrf: principal.csrf.clone(),
        }
    }
}

/// A rendered page.
/// A rendered page, every abbreviation of its text explained where it appears (the
/// glossary's `<abbr>`, [`crate::glossary::explained_html`]).
pub fn page(template: &impl Template) -> Response {
    match template.render() {
        Ok(body) => Html(crate::glossary::explained_html(&body)).into_response(),
        Err(e) => refusal(Refusal::Template(e.to_string()), false),
    }
}

#[derive(Template)]
#[template(path = "erreur.html")]
struct ErrorPage {
    layout: Layout,
    explanation: String,
}

/// The response to a refusal: a French page, or a problem document on the API.
pub fn refusal(refusal: Refusal, api: bool) -> Response {
    match &refusal {
        // The store's message names tables and SQL, never personal values.
        Refusal::Store(detail) => tracing::error!("erreur de la base : {detail}"),
        // A template's error names the template and the field, never a value.
        Refusal::Template(detail) => tracing::error!("erreur de gabarit : {detail}"),
        _ => {}
    }
    let status = refusal.status();
    if api {
        let body = serde_json::json!({
            "type": "about:blank",
            "title": refusal.title(),
            "status": status.as_u16(),
            "detail": refusal.explanation(),
        });
        let mut response = (status, body.to_string()).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, "application/problem+json".parse().expect("valid"));
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, "Bearer".parse().expect("valid"));
        }
        return response;
    }
    let layout = Layout { title: refusal.title().to_owned(), ..Layout::default() };
    let page = ErrorPage { layout, explanation: refusal.explanation() };
    let body = page.render().unwrap_or_else(|_| refusal.title().to_owned());
    (status, Html(body)).into_response()
}

/// The login page, coming back to `uri` after signing in — without a searched name, which
/// would otherwise travel in the login page's address (and the logs of proxies).
pub fn to_login(uri: &Uri) -> Response {
    let back = match uri.query() {
        Some(query) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|pair| pair.split('=').next() != Some("nom") && !pair.is_empty())
                .collect();
            if kept.is_empty() {
                uri.path().to_owned()
            } else {
                format!("{}?{}", uri.path(), kept.join("&"))
            }
        }
        None => uri.path().to_owned(),
    };
    let target = format!("/connexion?suite={}", crate::format::url_encoded(&back));
    Redirect::to(&target).into_response()
}
