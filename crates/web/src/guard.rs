//! The one place where access is decided. Every route of [`crate::routes::table`] names what it
//! requires ([`Access`]); before its handler runs, [`guard`] finds who is asking (a session
//! cookie still open and used recently, or a bearer token on `/api/` neither expired nor
//! revoked, of an active account), refuses what their role — and a token's scope — does not
//! allow, checks the CSRF token of every form, and hands the handler a [`Principal`]. Reaching
//! one application (a social worker reaches only the households they follow) is decided by
//! [`may_reach`]. The applicants' space ([`Access::Applicant`]) has a guard of its own: the
//! applicant's session opens their application alone ([`Applicant`]). The client's address comes from the connection, or from `X-Forwarded-For`
//! when the connection comes from a proxy the settings trust ([`client_address`]).

use crate::render::{self, Refusal};
use crate::session;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use logis_access::{Permissions, Reach, Role, TokenScope, TokenUse};
use logis_store::access::accounts;
use logis_store::access::{self as register, sessions};
use std::net::{IpAddr, SocketAddr};

/// Who is asking, as the handlers see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub login: String,
    pub role: Role,
    pub organisme: Option<String>,
    pub commune: Option<String>,
    /// The CSRF token forms must carry (empty for API tokens, which forms never use).
    pub csrf: String,
    /// The scope of the API token used (`None` for a session).
    pub scope: Option<TokenScope>,
}

impl Principal {
    pub fn permissions(&self) -> Permissions {
        self.role.permissions()
    }

    /// The landlords' allocation work the account reaches.
    pub fn perimeter(&self) -> logis_access::Perimeter {
        logis_access::Perimeter::of(self.role, self.organisme.as_deref())
    }
}

/// The applicant signed in to their own space: their application, nothing else (never a
/// partner's [`Principal`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub numero: logis_domain::NumeroUnique,
    /// The CSRF token the space's forms carry.
    pub csrf: String,
}

/// Where a request comes from, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(pub String);

/// Whether a request came through a trusted proxy (its `X-Forwarded-Host` then names the
/// address the browser used).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proxied(pub bool);

/// What a route requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (login page, style sheets).
    Public,
    /// Any signed-in account.
    Connected,
    /// Statistics and the evaluation (every role).
    Statistics,
    /// Applications with personal data (every role but observateur; a social worker only
    /// the households they follow, see [`may_reach`]).
    Applications,
    /// Registering and updating applications (guichet, administrateur).
    Register,
    /// Labelling a household priority, or proposing a label (social worker).
    LabelPriority,
    /// Withdrawing a recognised priority (bailleur, réservataire, administrateur).
    RecognisePriority,
    /// Writing a note on an application.
    Annotate,
    /// Linking a social worker to a household that consented (guichet, administrateur).
    FollowUps,
    /// Importing a file set (administrateur).
    Import,
    /// Settings, accounts, API tokens, the audit log (administrateur).
    Administer,
    /// Vacant dwellings and their candidates (bailleur, réservataire, administrateur; each
    /// within its perimeter, see `logis_access::Perimeter`).
    Vacancies,
    /// Declaring vacancies, commissions, decisions, offers and leases (bailleur for its own
    /// dwellings, administrateur).
    Allocate,
    /// The applicants' space: an applicant signed in with their code, on their own application
    /// only; no partner's session opens it.
    Applicant,
}

impl Access {
    /// Whether a role with `p` may use a route that requires `self`.
    pub fn allows(self, p: &Permissions) -> bool {
        match self {
            Access::Public | Access::Connected => true,
            Access::Statistics => p.statistics,
            Access::Applications => p.reach != Reach::None && p.personal_data,
            Access::Register | Access::FollowUps => p.register_applications,
            Access::LabelPriority => p.label_priority || p.propose_priority,
            Access::RecognisePriority => p.label_priority,
            Access::Annotate => p.annotate,
            Access::Import => p.import,
            Access::Administer => p.administer,
            Access::Vacancies => p.follow_vacancies,
            Access::Allocate => p.allocate,
            Access::Applicant => false,
        }
    }

    /// What a request of `method` to a route that requires `self` does, for a token's scope.
    pub fn token_use(self, method: &Method) -> TokenUse {
        if matches!(*method, Method::GET | Method::HEAD) {
            return TokenUse::Read;
        }
        match self {
            Access::Allocate | Access::Vacancies => TokenUse::Allocate,
            Access::Import => TokenUse::Import,
            _ => TokenUse::Write,
        }
    }
}

/// Whether `principal` may open application `numero` (their role's reach).
pub async fn may_reach(
    state: &AppState,
    principal: &Principal,
    numero: &str,
) -> Result<(), Refusal> {
    let reached =
        logis_casework::reach::reaches(&*state.store, &principal.login, principal.role, numero)
            .await?;
    if reached { Ok(()) } else { Err(Refusal::Forbidden) }
}

/// A session's last use is written at most this often (seconds): reading a page does not
/// write at every request, and the idle timeout is still kept within a minute.
const TOUCH_EVERY: i64 = 60;

/// The account behind a session cookie or (on the API) a bearer token.
async fn principal_of(
    state: &AppState,
    headers: &HeaderMap,
    api: bool,
) -> Result<Option<Principal>, Refusal> {
    let store = &*state.store;
    let now = state.clock.unix();
    let (account, csrf, scope) = if api {
        let Some(token) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return Ok(None);
        };
        let hash = session::hash(token.trim());
        let Some((account, scope)) = accounts::of_token(store, &hash, now).await? else {
            return Ok(None);
        };
        (account, String::new(), Some(scope))
    } else {
        let Some(token) = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(session::token_in)
        else {
            return Ok(None);
        };
        let hash = session::hash(token);
        let idle_since = now - state.privacy().sessions.idle_seconds();
        let Some(found) = accounts::of_session(store, &hash, now, idle_since).await? else {
            return Ok(None);
        };
        if now - found.last_seen >= TOUCH_EVERY {
            register::write(store, sessions::touch(&hash, now)).await?;
        }
        (found.account, session::csrf_of(token), None)
    };
    Ok(Some(Principal {
        login: account.login.to_string(),
        role: account.role,
        organisme: account.organisme,
        commune: account.commune,
        csrf,
        scope,
    }))
}

/// The address of the client: the connection's peer, or — when the peer is a trusted proxy
/// — the last address of `X-Forwarded-For` that is not itself a trusted proxy (the one the
/// proxy saw; earlier ones are the client's word). Read from the right, an entry that is not
/// an address stops the walk at the proxy itself: what lies left of it cannot be trusted.
pub fn client_address(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else { return "inconnue".to_owned() };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let mut entries: Vec<&str> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let Ok(value) = value.to_str() else { return peer.to_string() };
        entries.extend(value.split(',').map(str::trim));
    }
    for entry in entries.into_iter().rev() {
        match entry.parse::<IpAddr>() {
            Ok(address) if trusted.contains(&address) => continue,
            Ok(address) => return address.to_string(),
            Err(_) => break,
        }
    }
    peer.to_string()
}

fn peer_of(request: &Request) -> Option<IpAddr> {
    request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip())
}

/// Whether the connection comes from a proxy the settings trust.
pub fn from_trusted_proxy(request: &Request, trusted: &[IpAddr]) -> bool {
    peer_of(request).is_some_and(|peer| trusted.contains(&peer))
}

/// How the server's log names an account: the first 12 hex digits of the SHA-256 of its login,
/// stable from one request to the next, and not the login itself (which is often a person's
/// name); the audit log, readable by the administrator, keeps the login.
pub fn account_pseudonym(login: &str) -> String {
    let mut hash = crate::session::hash(&format!("logis-compte:{login}"));
    hash.truncate(12);
    hash
}

/// The guard of the applicants' space: the applicant's own session (its cookie, never a
/// partner's), the CSRF token of its forms; without a session, the space's sign-in page.
async fn applicant_guard(
    state: &AppState,
    mut request: Request,
    next: Next,
    origin: Origin,
) -> Response {
    let token = session::cookie_in(request.headers(), session::APPLICANT_COOKIE).map(str::to_owned);
    let found = match &token {
        Some(token) => {
            logis_applicants::session::application_of(&*state.store, token, state.clock.unix())
                .await
        }
        None => Ok(None),
    };
    let (token, numero) = match (token, found) {
        (Some(token), Ok(Some(numero))) => (token, numero),
        (_, Ok(_)) => return axum::response::Redirect::to("/demandeur/connexion").into_response(),
        (_, Err(e)) => return render::refusal(Refusal::from(e), false),
    };
    tracing::Span::current().record("compte", "demandeur");
    let csrf = session::csrf_of(&token);
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let (sent, rebuilt) = match crate::csrf::sent(request).await {
            Ok(found) => found,
            Err(refusal) => return render::refusal(refusal, false),
        };
        request = rebuilt;
        if !sent.is_some_and(|s| session::same_secret(&s, &csrf)) {
            return render::refusal(Refusal::Csrf, false);
        }
    }
    request.extensions_mut().insert(origin);
    request.extensions_mut().insert(Applicant { numero, csrf });
    next.run(request).await.into_response()
}

/// The middleware in front of every route: see the module's documentation.
pub async fn guard(
    State((state, access)): State<(AppState, Access)>,
    mut request: Request,
    next: Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let origin =
        Origin(client_address(peer_of(&request), request.headers(), &state.trusted_proxies));
    let proxied = from_trusted_proxy(&request, &state.trusted_proxies);
    if access == Access::Applicant {
        return applicant_guard(&state, request, next, origin).await;
    }
    let principal = match principal_of(&state, request.headers(), api).await {
        Ok(p) => p,
        Err(refusal) => return render::refusal(refusal, api),
    };
    if let Some(principal) = &principal {
        tracing::Span::current().record("compte", account_pseudonym(&principal.login).as_str());
    }
    if access != Access::Public {
        let Some(principal) = &principal else {
            return if api {
                render::refusal(Refusal::Unauthenticated, true)
            } else {
                render::to_login(request.uri())
            };
        };
        if !access.allows(&principal.permissions()) {
            return render::refusal(Refusal::Forbidden, api);
        }
        if let Some(scope) = principal.scope
            && !scope.permits(access.token_use(request.method()))
        {
            return render::refusal(Refusal::OutOfScope(scope), api);
        }
        let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD);
        if unsafe_method && !api {
            let (sent, rebuilt) = match crate::csrf::sent(request).await {
                Ok(found) => found,
                Err(refusal) => return render::refusal(refusal, api),
            };
            request = rebuilt;
            if !sent.is_some_and(|s| session::same_secret(&s, &principal.csrf)) {
                return render::refusal(Refusal::Csrf, api);
            }
        }
    }
    request.extensions_mut().insert(origin);
    request.extensions_mut().insert(Proxied(proxied));
    if let Some(principal) = principal {
        request.extensions_mut().insert(principal);
    }
    next.run(request).await.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(peer: &str, forwarded: &[&str], trusted: &[&str]) -> String {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().expect("header"));
        }
        let trusted: Vec<IpAddr> = trusted.iter().map(|a| a.parse().expect("address")).collect();
        client_address(Some(peer.parse().expect("address")), &headers, &trusted)
    }

    #[test]
    fn the_address_is_the_one_the_trusted_proxy_saw() {
        let proxy = "10.0.0.1";
        assert_eq!(address("192.0.2.7", &["203.0.113.9"], &[proxy]), "192.0.2.7", "not a proxy");
        assert_eq!(address(proxy, &["203.0.113.9, 192.0.2.7"], &[proxy]), "192.0.2.7");
        assert_eq!(address(proxy, &["203.0.113.9", "192.0.2.7, 10.0.0.1"], &[proxy]), "192.0.2.7");
        assert_eq!(address(proxy, &[], &[proxy]), proxy, "nothing forwarded");
    }

    #[test]
    fn a_forwarded_entry_that_is_no_address_stops_the_walk() {
        let proxy = "10.0.0.1";
        // What the client wrote left of a garbled entry is never believed.
        assert_eq!(address(proxy, &["203.0.113.9, unknown"], &[proxy]), proxy);
        assert_eq!(address(proxy, &["203.0.113.9, 192.0.2.7:5000"], &[proxy]), proxy);
        assert_eq!(address(proxy, &["203.0.113.9,, 192.0.2.7"], &[proxy]), "192.0.2.7");
    }
}
