//! What examining a vacancy's dwelling needs besides the applications: the published income
//! ceilings, the typology setting, the public of the reservation holder it is oriented to, the
//! commune's name, the year's quartile thresholds and the objectives' targets.

use crate::render::Refusal;
use crate::state::AppState;
use logis_allocation::Context;
use logis_allocation::public::HolderPublic;
use logis_allocation::sizes::SizeFit;
use logis_allocation::workflow::vacancy::organisme;
use logis_domain::{Date, Logement, Seuils};
use logis_eligibility::CeilingTables;
use logis_evaluation::Targets;
use logis_store::allocation::vacancies::Vacancy;
use std::sync::LazyLock;

/// The published ceilings, read once.
static CEILINGS: LazyLock<CeilingTables> = LazyLock::new(CeilingTables::published);
/// The typologies that fit each household size (rules.md's default).
static SIZES: LazyLock<SizeFit> = LazyLock::new(SizeFit::default);

/// The examination of one vacancy's dwelling on one day.
pub struct Examination {
    pub public: HolderPublic,
    pub holder_name: String,
    pub commune_name: String,
    pub on: Date,
    pub seuils: Option<Seuils>,
    pub targets: Targets,
    pub in_qpv: bool,
}

impl Examination {
    /// The examination of `vacancy` (its dwelling `dwelling`) today.
    pub async fn of(
        state: &AppState,
        vacancy: &Vacancy,
        dwelling: &Logement,
    ) -> Result<Self, Refusal> {
        let store = &*state.store;
        let on = time::OffsetDateTime::now_utc().date();
        let step = super::step_refusal;
        let holder = organisme(store, &vacancy.reservataire).await.map_err(step)?;
        let (public, holder_name) = match &holder {
            Some(h) => (HolderPublic::of_holder(h), h.nom.clone()),
            None => (HolderPublic::Any, vacancy.reservataire.clone()),
        };
        let seuils = logis_store::territory::thresholds_up_to(store, on.year()).await?;
        let (settings, _) = crate::bilans::territory_settings(store).await?;
        Ok(Examination {
            public,
            holder_name,
            commune_name: state.communes.name(dwelling.commune.as_str()),
            on,
            seuils,
            targets: settings.targets,
            in_qpv: dwelling.qpv.as_deref().is_some_and(|q| !q.is_empty()),
        })
    }

    /// The context the rules read.
    pub fn context(&self) -> Context<'_> {
        Context {
            ceilings: &CEILINGS,
            sizes: &SIZES,
            public: self.public,
            on: self.on,
            commune_name: &self.commune_name,
        }
    }
}
