//! The home page of each role, on SQLite and PostgreSQL: the reception desk's applications to
//! complete, to renew and registered this week; the landlord's vacancy, where it stands and its
//! next session; the reservation holder's dwelling oriented to it and what it is owed; the
//! social worker's household with what changed since its previous sign-in (and the audit line
//! of the list shown); the EPCI's alerts and imports; the observer's last evaluation without a
//! name.

use crate::support::{App, app, get, home_computed, login_of, send, session, text};
use axum::http::StatusCode;
use logis_access::Role;
use logis_store::access::{self as register, audit};
use logis_store::dossiers::search::{ApplicationFilter, Sort, search};
use logis_store::statement::{self, Statement};

async fn home(app: &App, role: Role) -> String {
    let opened = session(app, role).await;
    let answer = send(app, get("/", Some(&opened))).await;
    let status = answer.status();
    let page = text(answer).await;
    assert_eq!(status, StatusCode::OK, "{role:?}: {page}");
    page
}

async fn each_role_finds_its_first_answer(app: App) {
    let store = &*app.test.store;
    // An application of Moissac registered today, with no way to reach the household.
    let moissac = ApplicationFilter {
        commune: Some("82112".to_owned()),
        statut: Some("active".to_owned()),
        ..Default::default()
    };
    let found = search(store, &moissac, Sort::Score, 0, 1, 1).await.expect("search");
    let incomplete = found.lines[0].numero_unique.clone();
    let update = Statement::new(
        "UPDATE demandes SET date_depot = $1, email = NULL, telephone = NULL WHERE numero_unique = $2",
        vec![statement::date(logis_testkit::TODAY), statement::text(&incomplete)],
    );
    store.execute(&[update]).await.expect("update");
    let desk = home(&app, Role::Guichet).await;
    assert!(desk.contains(&format!("/demandes/{incomplete}")), "to complete: {desk}");
    assert!(desk.contains("ni courriel ni téléphone"));
    assert!(desk.contains("Demandes à compléter"), "{desk}");
    assert!(desk.contains("demandes à renouveler dans le mois"));
    assert!(desk.contains("/demandes?renouveler=1&#38;commune=Moissac"), "the list's filter");
    assert!(desk.contains(
        "<span class=\"valeur\">1</span><span class=\"libelle\">demandes enregistrées cette semaine"
    ));
    let lines = audit::latest(store, 5).await.expect("audit");
    assert!(
        lines.iter().any(|l| l.target.contains("demandes à compléter de Moissac, 1 noms affichés")),
        "the names shown are in the audit log: {lines:?}"
    );
    assert!(desk.contains("Retrouver une demande"), "the quick search stays");

    let landlord = home(&app, Role::Bailleur).await;
    assert!(landlord.contains(&format!("/vacances/{}", app.vacancy)), "its vacancy");
    assert!(landlord.contains("candidats à choisir pour la commission"), "where it stands");
    assert!(landlord.contains(&format!("/commissions/{}", app.commission)), "its next session");
    assert!(landlord.contains("Objectifs"), "its objectives so far");
    assert!(landlord.contains("<svg"), "with a chart");
    assert!(landlord.contains("role=\"img\" aria-label=\"Où en sont les logements vacants"));

    let holder = home(&app, Role::Reservataire).await;
    assert!(holder.contains(&format!("/vacances/{}", app.vacancy)), "the dwelling oriented to it");
    assert!(holder.contains("Candidats à présenter"));
    assert!(holder.contains("proposez vos candidats au bailleur au plus tard le"));
    assert!(holder.contains("logements dus en"), "what it is owed");

    let epci = home(&app, Role::Administrateur).await;
    for said in ["Alertes", "Derniers imports", "Objectifs", "Attributions par année"] {
        assert!(epci.contains(said), "{said}");
    }

    // The evaluation is computed in the background the first time, never in the request.
    let observer = home_computed(&app, &session(&app, Role::Observateur).await).await;
    assert!(observer.contains("Le bilan 2025 complet"), "the last complete evaluation");
    let section = observer.split("Dernier bilan complet").nth(1).unwrap_or_default();
    assert!(section.contains("<table"), "its objectives, once computed: {section}");
    assert!(observer.contains("demandes actives"));
    let numero = ApplicationFilter { numero: Some(app.followed.clone()), ..Default::default() };
    let named = search(store, &numero, Sort::Score, 0, 1, 1).await.expect("search");
    let name = named.lines[0].nom.clone().expect("a surname");
    assert!(!observer.contains(&name), "never a name");
    assert!(!observer.contains(&app.followed), "never a numéro");
    app.test.finish().await;
}

async fn the_social_worker_sees_what_changed_since_its_last_visit(app: App) {
    let store = &*app.test.store;
    let now = logis_testkit::now();
    let login = login_of(Role::TravailleurSocial);
    for at in [now - 3 * 86_400, now] {
        let entry = audit::AuditEntry {
            at,
            login: login.clone(),
            action: audit::AuditAction::SignIn,
            target: String::new(),
            origin: "test".to_owned(),
        };
        register::write(store, audit::record(&entry)).await.expect("sign-in");
    }
    let numero = logis_domain::NumeroUnique::parse(&app.followed).expect("a numéro");
    for (moment, detail) in
        [(now - 5 * 86_400, "avant la visite"), (now - 86_400, "depuis la visite")]
    {
        let event = logis_store::dossiers::notes::Event {
            numero_unique: numero.clone(),
            moment,
            auteur: "compte-guichet".to_owned(),
            nature: logis_domain::work::EventNature::Modification,
            detail: format!("changement {detail}"),
        };
        store.execute(&[logis_store::dossiers::notes::write_event(&event)]).await.expect("event");
    }
    let page = home(&app, Role::TravailleurSocial).await;
    assert!(page.contains(&app.followed), "its household");
    assert!(!page.contains(&app.not_followed), "no other");
    assert!(page.contains("changement depuis la visite"), "the change since");
    assert!(!page.contains("changement avant la visite"), "not what it saw before");
    assert!(page.contains("depuis votre dernière visite"));
    let lines = audit::latest(store, 5).await.expect("audit");
    assert!(
        lines
            .iter()
            .any(|l| l.login == login && l.target.contains("ménages suivis, 1 noms affichés")),
        "the list shown is in the audit log: {lines:?}"
    );
    app.test.finish().await;
}

#[tokio::test]
async fn each_role_finds_its_first_answer_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        each_role_finds_its_first_answer(app).await;
    }
}

#[tokio::test]
async fn the_social_worker_sees_what_changed_since_its_last_visit_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        the_social_worker_sees_what_changed_since_its_last_visit(app).await;
    }
}
