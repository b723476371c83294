//! What examining a vacancy's dwelling needs besides the applications: the income ceilings (the
//! settings' or the published ones), the typologies that fit each household size (rules.md's
//! default), the public of the reservation holder it is oriented to, the commune's name, the
//! year's quartile thresholds and the objectives' targets — the same for the pages, the API and
//! the command line. Also the yearly update of the saved income ceilings from the official CSV
//! ([`update_ceilings`], for `logis plafonds` and the settings page).

use crate::Context;
use crate::budget::{Budget, budget};
use crate::objectives::{Impact, impacts};
use crate::public::HolderPublic;
use crate::sizes::SizeFit;
use logis_domain::{Date, Demande, Dossier, Logement, Membre, Organisme, Seuils};
use logis_eligibility::CeilingTables;
use logis_evaluation::Targets;
use logis_store::{Store, StoreError, lookup_all};
use std::sync::LazyLock;

/// The typologies that fit each household size (rules.md's default).
static SIZES: LazyLock<SizeFit> = LazyLock::new(SizeFit::default);

/// The examination of one dwelling, oriented to one holder, on one day.
pub struct Examination {
    /// The territory's income ceilings (the published ones unless saved in the settings).
    pub ceilings: CeilingTables,
    pub public: HolderPublic,
    pub holder_name: String,
    pub commune_name: String,
    pub on: Date,
    /// The quartile thresholds of `on`'s year (none when that year's are not loaded).
    pub seuils: Option<Seuils>,
    pub targets: Targets,
    pub in_qpv: bool,
}

impl Examination {
    /// The examination of `dwelling` oriented to `holder` (an organisme's identifier) on `on`.
    pub async fn of(
        store: &dyn Store,
        holder: &str,
        dwelling: &Logement,
        commune_name: String,
        on: Date,
    ) -> Result<Self, StoreError> {
        let found = lookup_all::<Organisme>(store, &[holder]).await?.into_iter().next();
        let (public, holder_name) = match &found {
            Some(h) => (HolderPublic::of_holder(h), h.nom.clone()),
            None => (HolderPublic::Any, holder.to_owned()),
        };
        let seuils = logis_store::territory::thresholds_up_to(store, on.year())
            .await?
            .filter(|s| s.annee == on.year());
        let (settings, _) = logis_evaluation::stored_settings(store).await?;
        Ok(Examination {
            ceilings: stored_ceilings(store).await?,
            public,
            holder_name,
            commune_name,
            on,
            seuils,
            targets: settings.targets,
            in_qpv: dwelling.qpv.as_deref().is_some_and(|q| !q.is_empty()),
        })
    }

    /// What the dwelling would cost the household of `demande` and `members` (before housing
    /// benefit), and which objectives they would help if it went to them.
    pub fn assess(
        &self,
        dwelling: &Logement,
        demande: &Demande,
        members: &[Membre],
    ) -> (Budget, Vec<Impact>) {
        let dossier = Dossier { demande, membres: members };
        let costs = budget(
            dwelling.loyer,
            dwelling.charges,
            None,
            demande.ressources_mensuelles,
            dossier.consumption_units(self.on),
        );
        // The quartile as the year's objectives count it: the year's thresholds, the household
        // on 31 December (bilan.md).
        let year_end = Date::from_calendar_date(self.on.year(), time::Month::December, 31)
            .expect("31 December");
        let quartile = self.seuils.as_ref().map(|s| dossier.quartile(s, year_end));
        let helped =
            impacts(self.in_qpv, quartile, demande.is_priority(), &self.holder_name, &self.targets);
        (costs, helped)
    }

    /// The context the rules read.
    pub fn context(&self) -> Context<'_> {
        Context {
            ceilings: &self.ceilings,
            sizes: &SIZES,
            public: self.public,
            on: self.on,
            commune_name: &self.commune_name,
        }
    }
}

/// The income ceilings saved in the settings (page Paramètres), or the published ones when none
/// were saved; a saved text was checked when it was saved, and one that no longer reads (after
/// an upgrade, say) gives the published tables rather than no check at all.
pub async fn stored_ceilings(store: &dyn Store) -> Result<CeilingTables, StoreError> {
    let saved = logis_store::settings::get(store, logis_store::settings::CEILINGS).await?;
    Ok(saved
        .and_then(|s| CeilingTables::parse(&s.text).ok())
        .unwrap_or_else(CeilingTables::published))
}

/// Why the yearly ceilings could not be updated.
#[derive(Debug, thiserror::Error)]
pub enum CeilingUpdateRefused {
    /// The file is not the official file's columns, in French.
    #[error("{0}")]
    Unreadable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Merges the tables of `csv` (the official file's columns) into the saved ceilings and, unless
/// `check_only`, saves them by `by` at `at` (seconds since 1970); what changed, in French.
pub async fn update_ceilings(
    store: &dyn Store,
    csv: &str,
    by: &str,
    at: i64,
    check_only: bool,
) -> Result<logis_eligibility::yearly::UpdateReport, CeilingUpdateRefused> {
    let (incoming, set_aside) =
        logis_eligibility::yearly::read(csv).map_err(CeilingUpdateRefused::Unreadable)?;
    let (tables, report) = stored_ceilings(store).await?.updated(incoming, set_aside);
    let changes = !report.added.is_empty() || !report.changed.is_empty();
    if changes && !check_only {
        let setting = logis_store::settings::StoredSetting {
            key: logis_store::settings::CEILINGS.to_owned(),
            text: tables.to_toml(),
            changed_at: at,
            changed_by: by.to_owned(),
        };
        store.execute(&[logis_store::settings::save(&setting)]).await?;
    }
    Ok(report)
}
