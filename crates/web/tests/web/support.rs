//! A demo territory in a throw-away store, one account and session per role, and requests
//! sent to the router as a browser would.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, header};
use http_body_util::BodyExt;
use logis_access::{Role, password};
use logis_store::access::{self as register, accounts, sessions, tokens};
use logis_store::dossiers::followups::{self, FollowUp};
use logis_store::dossiers::search::{ApplicationFilter, Sort, search};
use logis_store::{StoredAccount, StoredSession};
use logis_testkit::TestStore;
use logis_web::{AppState, router, session};
use tower::ServiceExt;

pub const PASSWORD: &str = "mot-de-passe-de-test";

/// A served territory and what a test needs to know of it.
pub struct App {
    pub test: TestStore,
    pub state: AppState,
    /// An application the social worker follows, and one they do not.
    pub followed: String,
    pub not_followed: String,
    /// A dwelling of the landlord's account, declared vacant and oriented to the reservation
    /// holder's account; a session of that landlord's commission.
    pub dwelling: String,
    pub vacancy: logis_domain::allocation::VacancyId,
    pub commission: logis_domain::allocation::CommissionId,
}

/// The organismes of the landlord's and the reservation holder's accounts.
pub const LANDLORD: &str = "tgh";
pub const HOLDER: &str = "commune_82033";

/// The login of the test account of `role`, as the store keeps it.
pub fn account_login(role: Role) -> logis_access::Login {
    logis_access::Login::parse(&login_of(role)).expect("a login")
}

pub fn login_of(role: Role) -> String {
    format!("compte-{}", role.code())
}

/// The CCTC territory (seed 5) scored with the default grid, an account per role, and the
/// social worker following one household.
pub async fn app(test: TestStore) -> App {
    let files = logis_testkit::cctc_files(5);
    let outcome = logis_testkit::import(&*test.store, files.path()).await;
    assert!(outcome.written, "the generated territory imports");
    let today = logis_testkit::TODAY;
    let grid = logis_cotation::default_grid();
    logis_cotation::stored::register_grid(&*test.store, &grid, today).await.expect("grid");
    logis_cotation::stored::refresh(&*test.store, today, 1).await.expect("scores");
    let hash = password::hash(PASSWORD).expect("hash");
    for role in Role::ALL {
        let account = StoredAccount {
            organisme: match role {
                Role::Bailleur => Some(LANDLORD.to_owned()),
                Role::Reservataire => Some(HOLDER.to_owned()),
                _ => None,
            },
            commune: (role == Role::Guichet).then(|| "82112".to_owned()),
            ..StoredAccount::new(account_login(role), role, hash.clone(), 0)
        };
        register::write(&*test.store, accounts::save(&account)).await.expect("account");
    }
    let active = ApplicationFilter { statut: Some("active".into()), ..Default::default() };
    let found = search(&*test.store, &active, Sort::Score, 0, 2, 0).await.expect("search");
    let [followed, not_followed] = [0, 1].map(|i| found.lines[i].numero_unique.clone());
    let link = FollowUp {
        numero_unique: logis_domain::NumeroUnique::parse(&followed).expect("a numéro"),
        login: account_login(Role::TravailleurSocial),
        consentement_le: today,
        cree_par: login_of(Role::Guichet),
        cree_le: 0,
    };
    test.store.execute(&[followups::create(&link)]).await.expect("follow-up");
    let (dwelling, vacancy, commission) = allocation_under_way(&*test.store, today).await;
    let state = AppState::load(test.store.clone(), "Territoire de test", logis_testkit::clock())
        .await
        .expect("state");
    App { test, state, followed, not_followed, dwelling, vacancy, commission }
}

/// A T3 of [`LANDLORD`] in Castelsarrasin (where most applicants wish to live) declared
/// vacant for [`HOLDER`], the commune, and a session of the landlord's commission next week.
async fn allocation_under_way(
    store: &dyn logis_store::Store,
    today: time::Date,
) -> (String, logis_domain::allocation::VacancyId, logis_domain::allocation::CommissionId) {
    use logis_allocation::workflow::Author;
    use logis_allocation::workflow::vacancy::{Declaration, declare};
    use logis_store::allocation::commissions::{self, Commission};
    let dwellings: Vec<logis_domain::Logement> = logis_store::select::select(
        store,
        "bailleur = $1 AND commune = '82033' AND typologie = 'T3'",
        &[logis_store::statement::text(LANDLORD)],
        1,
    )
    .await
    .expect("dwellings");
    let dwelling = dwellings[0].logement_id.as_str().to_owned();
    let declaration = Declaration {
        logement_id: dwelling.clone(),
        disponible_le: Some(today),
        reservataire: HOLDER.to_owned(),
        motif_orientation: "logement réservé par la commune de Castelsarrasin".to_owned(),
        mis_de_cote: None,
        propose_vu: String::new(),
    };
    let perimeter = logis_access::Perimeter::Landlord(LANDLORD.to_owned());
    let author =
        Author { login: login_of(Role::Bailleur), perimeter, moment: logis_testkit::now() };
    let vacancy = declare(store, &declaration, &author).await.expect("vacancy");
    let session = Commission {
        ligne: logis_domain::allocation::CommissionId::new(0),
        bailleur: logis_domain::OrganismeId::parse(LANDLORD).expect("a landlord"),
        date_seance: today + time::Duration::days(7),
        lieu: "Castelsarrasin".to_owned(),
        membres: vec!["Présidente — Mme A".to_owned(), "Représentant du préfet — M. B".to_owned()],
        maire: "M. C".to_owned(),
        creee_par: author.login,
        creee_le: 0,
    };
    let commission = commissions::create(store, &session).await.expect("session");
    (dwelling, vacancy, commission)
}

/// A session opened for `role`: its cookie header and CSRF token.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub async fn session(app: &App, role: Role) -> Session {
    let token = session::new_token();
    let now = logis_testkit::now();
    let stored = StoredSession {
        token_hash: session::hash(&token),
        login: account_login(role),
        created_at: now,
        expires_at: now + 3600,
        last_seen: now,
    };
    register::write(&*app.test.store, sessions::open(&stored, 0)).await.expect("session");
    Session { cookie: format!("{}={token}", session::COOKIE), csrf: session::csrf_of(&token) }
}

/// An API token issued for `role`'s account.
pub async fn api_token(app: &App, role: Role) -> String {
    let token = session::new_token();
    let issued = tokens::ApiToken {
        token_hash: session::hash(&token),
        nom: format!("logiciel de test ({})", role.code()),
        login: account_login(role),
        scope: logis_access::TokenScope::Administration,
        cree_le: 0,
        expire_le: logis_testkit::now() + 3600,
        revoque_le: None,
    };
    register::write(&*app.test.store, tokens::issue(&issued)).await.expect("token");
    token
}

/// A request of the API, with a bearer token when given.
pub fn api_get(path: &str, token: Option<&str>) -> Request<Body> {
    let mut builder = Request::get(path);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.body(Body::empty()).expect("request")
}

/// A JSON body posted to the API with a bearer token when given.
pub fn api_post(path: &str, token: Option<&str>, json: &str) -> Request<Body> {
    let mut builder = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.body(Body::from(json.to_owned())).expect("request")
}

/// Sends a request to a fresh router.
pub async fn send(app: &App, request: Request<Body>) -> Response<Body> {
    let router: Router = router(app.state.clone());
    router.oneshot(request).await.expect("the router answers")
}

pub fn get(path: &str, session: Option<&Session>) -> Request<Body> {
    let mut builder = Request::get(path);
    if let Some(s) = session {
        builder = builder.header(header::COOKIE, &s.cookie);
    }
    builder.body(Body::empty()).expect("request")
}

/// The address the tests' browser uses.
pub const HOST: &str = "logis.test";

/// A form posted with `fields` (URL-encoded as given), from a page of the application (its
/// `Origin`, as browsers send it).
pub fn post(path: &str, session: Option<&Session>, fields: &str) -> Request<Body> {
    let mut builder = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"));
    if let Some(s) = session {
        builder = builder.header(header::COOKIE, &s.cookie);
    }
    builder.body(Body::from(fields.to_owned())).expect("request")
}

pub async fn text(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    String::from_utf8(bytes.to_vec()).expect("UTF-8 body")
}

/// The home page of `opened` once the last complete evaluation, computed in the background at
/// the first visit, is there (the page asked again until it no longer says « en cours de
/// calcul », for a minute at most).
pub async fn home_computed(app: &App, opened: &Session) -> String {
    let mut page = text(send(app, get("/", Some(opened))).await).await;
    for _ in 0..600 {
        if !page.contains("en cours de calcul") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        page = text(send(app, get("/", Some(opened))).await).await;
    }
    page
}

/// A page's HTML without the glossary's `<abbr>` elements around its abbreviations (their text
/// kept), to look for a sentence as the user reads it.
pub fn unabbreviated(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<abbr") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let open_end = after.find('>').map_or(after.len(), |i| i + 1);
        let inner = &after[open_end..];
        let close = inner.find("</abbr>").unwrap_or(inner.len());
        out.push_str(&inner[..close]);
        rest = inner.get(close + "</abbr>".len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// The concrete path of a route pattern, for an application `numero` and the territory's
/// records.
pub fn concrete(app: &App, pattern: &str, numero: &str) -> String {
    pattern
        .replace("{numero}", numero)
        .replace("{logement}", &app.dwelling)
        .replace("{vacance}", &app.vacancy.to_string())
        .replace("{commission}", &app.commission.to_string())
        .replace("{offre}", "1")
        .replace("{bailleur}", LANDLORD)
        .replace("{fichier}", "logis.css")
        .replace("{annee}", "2024")
        .replace("{format}", "json")
        .replace("{empreinte}", "inconnue")
        .replace("{numero_import}", "1")
        .replace("{piece}", "1")
}

/// The candidates' numéros in the order of the vacancy's page (its table's rows, one
/// `<tbody class="candidat">` each).
pub fn candidate_numeros(page: &str) -> Vec<String> {
    page.split("<tbody class=\"candidat\">")
        .skip(1)
        .filter_map(|item| {
            let start = item.find("href=\"/demandes/")? + "href=\"/demandes/".len();
            let end = start + item[start..].find('"')?;
            Some(item[start..end].to_owned())
        })
        .collect()
}

/// The decisions form's fields for `rows` (numéro, nature, extra fields), in this order.
pub fn presented(rows: &[(&str, &str, &str)]) -> String {
    rows.iter()
        .enumerate()
        .map(|(i, (numero, nature, extra))| {
            format!(
                "presente_{i}=oui&numero_{i}={numero}&nature_{i}={nature}&rang_{i}={}{extra}",
                i + 1
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub const BOUNDARY: &str = "----logis-test-frontiere";

/// A multipart form posted to `path`: the CSRF token first (as the pages' hidden field), the
/// `files` (name, bytes) in the field `field`, and the "check only" box when asked.
pub fn multipart(
    path: &str,
    csrf: &str,
    cookie: &str,
    field: &str,
    files: &[(&str, Vec<u8>)],
    check_only: bool,
) -> Request<Body> {
    let boxes: &[&str] = if check_only { &["verifier"] } else { &[] };
    multipart_with(path, csrf, cookie, field, files, boxes)
}

/// A form of `files` under `field`, with the boxes named in `boxes` checked.
pub fn multipart_with(
    path: &str,
    csrf: &str,
    cookie: &str,
    field: &str,
    files: &[(&str, Vec<u8>)],
    boxes: &[&str],
) -> Request<Body> {
    let mut body =
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n")
            .into_bytes();
    for (name, bytes) in files {
        body.extend(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    for checked in boxes {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{checked}\"\r\n\r\noui\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend(format!("--{BOUNDARY}--\r\n").as_bytes());
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .expect("request")
}
