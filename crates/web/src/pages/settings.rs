//! The settings page (« paramètres »), for the administrateur: the targets of the allocation
//! objectives read by the bilan (TOML of docs/parametres-territoire.toml), the territory's
//! priorities printed in the bilan (Markdown), the cotation grid with its « délai anormalement
//! long » per typology (TOML of docs/cotation.md), the yearly income ceilings read for each
//! candidate (TOML of docs/plafonds-ressources.toml, or the official CSV imported, checked
//! first if asked), the protection of personal data (TOML of
//! docs/parametres-donnees-personnelles.toml: sessions, import limits, retention, statistical
//! secrecy), and the income-quartile thresholds loaded by imports. Each text is checked before
//! it is saved, with errors located by line; a saved text is in the audit log, the bilans are
//! recomputed, a new grid rescores every application.

use crate::audit;
use crate::bilans::territory_settings;
use crate::format;
use crate::guard::{Origin, Principal};
use crate::render::{self, Done, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_cotation::Grid;
use logis_cotation::grid::in_force;
use logis_cotation::stored::{register_grid, registered_grids};
use logis_domain::{Date, Seuils};
use logis_evaluation::Settings;
use logis_privacy::PrivacySettings;
use logis_store::access::audit::Actor;
use logis_store::export_all;
use logis_store::settings::{self, BILAN, CEILINGS, PRIORITIES, PRIVACY, StoredSetting};
use serde::Deserialize;

/// The documented settings file, offered when none was saved.
const DEFAULT_SETTINGS: &str = include_str!("../../../../docs/parametres-territoire.toml");
/// The documented settings of personal data, offered when none were saved.
const DEFAULT_PRIVACY: &str = include_str!("../../../../docs/parametres-donnees-personnelles.toml");

pub struct ThresholdView {
    pub annee: i32,
    pub q1: String,
    pub q2: String,
    pub q3: String,
}

/// What a save on the page says once it is done.
const DONE: &[(&str, &str)] = &[
    (
        "objectifs",
        "Les paramètres du bilan sont enregistrés ; le bilan les applique dès maintenant.",
    ),
    ("priorites", "Les priorités du territoire sont enregistrées."),
    ("grille", "La grille est enregistrée ; les scores sont recalculés en arrière-plan."),
    (
        "delais",
        "Les délais anormalement longs sont enregistrés dans une nouvelle version de la grille, en vigueur aujourd'hui ; les scores sont recalculés en arrière-plan.",
    ),
    (
        "plafonds",
        "Les plafonds de ressources sont enregistrés ; les candidats sont examinés avec eux dès maintenant.",
    ),
    (
        "donnees",
        "Les réglages des données personnelles sont enregistrés et s'appliquent dès maintenant.",
    ),
    ("courriel", "Le courriel d'essai est parti : vérifiez qu'il est bien arrivé."),
];

#[derive(Template)]
#[template(path = "parametres.html")]
pub(super) struct SettingsPage {
    layout: Layout,
    done: Option<&'static str>,
    targets: Vec<(&'static str, String)>,
    /// The same settings as a form.
    targets_form: super::targets_form::TargetsForm,
    territoire: String,
    settings_text: String,
    settings_error: Option<String>,
    settings_changed: String,
    priorities_text: String,
    grid_name: String,
    grid_since: String,
    grid_criteria: usize,
    grid_text: String,
    grid_error: Option<String>,
    /// The grid's « délais anormalement longs » as a form.
    pub(super) delays_form: super::delays_form::DelaysForm,
    ceilings_text: String,
    ceilings_error: Option<String>,
    /// The report of the yearly file just read (and saved, unless checked only).
    ceilings_report: Option<(bool, Vec<String>)>,
    ceilings_changed: String,
    privacy: Vec<(&'static str, String)>,
    privacy_text: String,
    privacy_error: Option<String>,
    privacy_changed: String,
    /// The latest purges: when, by whom, and what they erased.
    purges: Vec<(String, Vec<String>)>,
    thresholds: Vec<ThresholdView>,
    /// The SMTP server applicants get e-mail through, in words (none configured: `None`).
    courriel: Option<String>,
}

/// The settings of personal data in force, as sentences.
fn privacy_lines(p: &PrivacySettings) -> Vec<(&'static str, String)> {
    let months = |n: u32| format!("{n} mois");
    vec![
        ("Fin d'une session inutilisée", format!("{} minutes", p.sessions.idle_minutes)),
        ("Durée la plus longue d'une session", format!("{} heures", p.sessions.lifetime_hours)),
        ("Taille d'un envoi d'import", format!("{} Mo", format::int(p.imports.upload_mib))),
        (
            "Longueur d'une ligne de CSV",
            format!("{} Ko", format::int(p.imports.limits.record_bytes >> 10)),
        ),
        (
            "Archive .zip décompressée",
            format!(
                "{} Mo au plus, {} fois sa taille au plus",
                format::int(p.imports.limits.archive_bytes >> 20),
                p.imports.limits.archive_ratio
            ),
        ),
        ("Données d'une demande sortie du registre", months(p.retention.closed_application_months)),
        ("Lignes du journal d'audit", months(p.retention.audit_months)),
        ("Secret statistique", format!("cases de moins de {} ménages masquées", p.secret_below)),
    ]
}

fn changed(setting: Option<&StoredSetting>) -> String {
    setting.map_or_else(
        || "jamais modifiés : valeurs par défaut".to_owned(),
        |s| format!("modifiés le {} par {}", format::moment(s.changed_at), s.changed_by),
    )
}

fn percent(share: f64) -> String {
    format::percent(share, 0)
}

/// The grid in force on `today`, or the latest one when none is yet.
pub(super) async fn grid_in_force(state: &AppState, today: Date) -> Result<Option<Grid>, Refusal> {
    let grids = registered_grids(&*state.store).await.map_err(|e| Refusal::Store(e.to_string()))?;
    let grid = in_force(&grids, today).or_else(|| grids.iter().max_by_key(|g| g.en_vigueur));
    Ok(grid.cloned())
}

pub(super) async fn page(state: &AppState, principal: &Principal) -> Result<SettingsPage, Refusal> {
    let store = &*state.store;
    let stored = settings::get(store, BILAN).await?;
    let (current, _) = territory_settings(store).await?;
    let t = &current.targets;
    let grid = grid_in_force(state, state.clock.today()).await?;
    let grid = grid.as_ref();
    let mut thresholds = Vec::new();
    export_all::<Seuils>(store, &mut |s| {
        thresholds.push(ThresholdView {
            annee: s.annee,
            q1: format::euros(s.q1.cents()),
            q2: format::euros(s.q2.cents()),
            q3: format::euros(s.q3.cents()),
        });
        Ok(())
    })
    .await?;
    thresholds.reverse();
    let saved_ceilings = settings::get(store, CEILINGS).await?;
    let saved_privacy = settings::get(store, PRIVACY).await?;
    Ok(SettingsPage {
        layout: Layout::new(state, principal, "Paramètres", "/parametres"),
        done: None,
        targets: vec![
            (
                "Attributions hors QPV aux ménages du 1er quartile (ou relogés ANRU)",
                percent(t.q1_hors_qpv),
            ),
            ("Attributions en QPV aux ménages des quartiles 2 à 4", percent(t.q234_en_qpv)),
            ("Attributions aux ménages prioritaires, tous contingents", percent(t.prioritaires)),
            ("La même part, pour chaque réservataire", percent(t.prioritaires_reservataire)),
        ],
        targets_form: super::targets_form::TargetsForm::of(&current),
        territoire: format!("{} (SIREN {})", current.nom, current.code),
        settings_text: stored
            .as_ref()
            .map_or_else(|| DEFAULT_SETTINGS.to_owned(), |s| s.text.clone()),
        settings_error: None,
        settings_changed: changed(stored.as_ref()),
        priorities_text: settings::get(store, PRIORITIES)
            .await?
            .map(|s| s.text)
            .unwrap_or_default(),
        grid_name: grid
            .map(|g| g.nom.clone())
            .unwrap_or_else(|| "aucune grille enregistrée".into()),
        grid_since: grid.map(|g| format::date(g.en_vigueur)).unwrap_or_default(),
        grid_criteria: grid.map_or(0, |g| g.criteria().count()),
        grid_text: grid.map(|g| g.texte.clone()).unwrap_or_default(),
        grid_error: None,
        delays_form: super::delays_form::DelaysForm::of(
            &grid.map(|g| g.delays.clone()).unwrap_or_default(),
        ),
        ceilings_text: saved_ceilings
            .as_ref()
            .map_or_else(|| logis_eligibility::ceilings::PUBLISHED.to_owned(), |s| s.text.clone()),
        ceilings_error: None,
        ceilings_report: None,
        ceilings_changed: match &saved_ceilings {
            None => "les barèmes publiés livrés avec Logis".to_owned(),
            Some(s) => {
                format!("barèmes modifiés le {} par {}", format::moment(s.changed_at), s.changed_by)
            }
        },
        privacy: privacy_lines(&state.privacy()),
        privacy_text: saved_privacy
            .as_ref()
            .map_or_else(|| DEFAULT_PRIVACY.to_owned(), |s| s.text.clone()),
        privacy_error: None,
        privacy_changed: changed(saved_privacy.as_ref()),
        purges: logis_store::retention::reports(store, 5)
            .await?
            .iter()
            .map(|r| {
                let head = format!("{} ({})", format::moment(r.moment), r.author);
                (head, logis_privacy::purge::described(&r.limits, &r.counts))
            })
            .collect(),
        thresholds,
        courriel: crate::pages::mail_check::described(state),
    })
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(done): Query<Done>,
) -> Result<Response, Refusal> {
    let mut view = page(&state, &principal).await?;
    view.done = done.said(DONE);
    Ok(render::page(&view))
}

#[derive(Deserialize)]
pub struct TextForm {
    #[serde(default)]
    texte: String,
}

async fn save(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    key: &str,
    text: &str,
) -> Result<(), Refusal> {
    let actor = Actor { login: &principal.login, origin: &origin.0, at: state.clock.unix() };
    let changed = settings::change(&*state.store, key, text, &actor).await;
    // Saved even when its audit line failed: the bilans read it from now on.
    state.bilans.forget();
    Ok(changed?)
}

pub async fn save_settings(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<TextForm>,
) -> Result<Response, Refusal> {
    if let Err(why) = Settings::parse(&form.texte) {
        let mut view = page(&state, &principal).await?;
        view.settings_text = form.texte;
        view.settings_error = Some(why);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response());
    }
    save(&state, &principal, &origin, BILAN, &form.texte).await?;
    Ok(Redirect::to("/parametres?fait=objectifs").into_response())
}

/// The territory's settings saved from their form (the same checks as the text).
pub async fn save_targets_form(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    match super::targets_form::read(&pairs) {
        Ok(settings) => {
            save(&state, &principal, &origin, BILAN, &settings.to_toml()).await?;
            Ok(Redirect::to("/parametres?fait=objectifs#objectifs").into_response())
        }
        Err(form) => {
            let mut view = page(&state, &principal).await?;
            view.targets_form = form;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
        }
    }
}

pub async fn save_priorities(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<TextForm>,
) -> Result<Response, Refusal> {
    save(&state, &principal, &origin, PRIORITIES, form.texte.trim()).await?;
    Ok(Redirect::to("/parametres?fait=priorites#priorites").into_response())
}

/// The settings page with a refused grid's text and why it was refused.
pub async fn with_grid_error(
    state: &AppState,
    principal: &Principal,
    text: String,
    why: String,
) -> Result<Response, Refusal> {
    let mut view = page(state, principal).await?;
    view.grid_text = text;
    view.grid_error = Some(why);
    Ok(render::page(&view))
}

pub async fn save_grid(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<TextForm>,
) -> Result<Response, Refusal> {
    let grid = match Grid::parse(&form.texte) {
        Ok(grid) => grid,
        Err(errors) => {
            let view = with_grid_error(&state, &principal, form.texte, errors.to_string()).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response());
        }
    };
    register(&state, &principal, &origin, &grid).await?;
    Ok(Redirect::to("/parametres?fait=grille#grille").into_response())
}

/// A new version of the grid registered, in the audit log, and every application rescored in
/// the background.
pub(super) async fn register(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    grid: &Grid,
) -> Result<(), Refusal> {
    register_grid(&*state.store, grid, state.clock.today()).await?;
    state.grids.forget();
    let what = format!(
        "grille de cotation « {} » en vigueur le {}",
        grid.nom,
        format::date(grid.en_vigueur)
    );
    audit::by(state, principal, origin, audit::Action::Administration, &what).await?;
    state.rescorer.request(state.store.clone(), state.clock.clone());
    Ok(())
}

pub async fn save_ceilings(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<TextForm>,
) -> Result<Response, Refusal> {
    if let Err(why) = logis_eligibility::CeilingTables::parse(&form.texte) {
        let mut view = page(&state, &principal).await?;
        view.ceilings_text = form.texte;
        view.ceilings_error = Some(why);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response());
    }
    save(&state, &principal, &origin, CEILINGS, &form.texte).await?;
    Ok(Redirect::to("/parametres?fait=plafonds#plafonds").into_response())
}

pub async fn save_privacy(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<TextForm>,
) -> Result<Response, Refusal> {
    let parsed = match PrivacySettings::parse(&form.texte) {
        Ok(parsed) => parsed,
        Err(why) => {
            let mut view = page(&state, &principal).await?;
            view.privacy_text = form.texte;
            view.privacy_error = Some(why);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response());
        }
    };
    save(&state, &principal, &origin, PRIVACY, &form.texte).await?;
    *state.privacy.write().expect("settings lock") = parsed;
    Ok(Redirect::to("/parametres?fait=donnees#donnees").into_response())
}

/// Reads the official file of the year's ceilings (`fichier`, CSV in its columns; `verifier`
/// to check only) and merges its whole tables into the settings; the page shows what changed.
pub async fn import_ceilings(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, Refusal> {
    let limit = logis_eligibility::yearly::MOST_BYTES;
    let (mut text, mut check_only) = (Vec::new(), false);
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| Refusal::BadRequest(format!("Envoi interrompu : {e}. Recommencez.")))?
    {
        match field.name() {
            Some("verifier") => check_only = true,
            Some("fichier") => {
                while let Some(chunk) = field.chunk().await.map_err(|e| {
                    Refusal::BadRequest(format!("Envoi interrompu : {e}. Recommencez."))
                })? {
                    if text.len() + chunk.len() > limit {
                        return Err(Refusal::BadRequest(
                            "Ce fichier est bien plus grand que celui des plafonds (quelques kilo-octets) : rien n'est lu.".to_owned(),
                        ));
                    }
                    text.extend_from_slice(&chunk);
                }
            }
            _ => {}
        }
    }
    let text = String::from_utf8(text).map_err(|_| {
        Refusal::BadRequest(
            "Le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 ».".to_owned(),
        )
    })?;
    let now = state.clock.unix();
    let outcome = logis_allocation::examination::update_ceilings(
        &*state.store,
        text.trim_start_matches('\u{feff}'),
        &principal.login,
        now,
        check_only,
    )
    .await;
    let mut view = page(&state, &principal).await?;
    match outcome {
        Ok(report) => {
            if !check_only {
                audit::by(
                    &state,
                    &principal,
                    &origin,
                    audit::Action::Administration,
                    "paramètres : plafonds de l'année importés",
                )
                .await?;
                view = page(&state, &principal).await?;
            }
            view.ceilings_report = Some((check_only, report.lines()));
            Ok(render::page(&view))
        }
        Err(logis_allocation::examination::CeilingUpdateRefused::Unreadable(why)) => {
            view.ceilings_error = Some(format!("le fichier n'a pas été lu : {why}"));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
        }
        Err(logis_allocation::examination::CeilingUpdateRefused::Store(e)) => Err(e.into()),
    }
}
