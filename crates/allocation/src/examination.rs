//! What examining a vacancy's dwelling needs besides the applications: the published income
//! ceilings, the typology setting, the public of the reservation holder it is oriented to, the
//! commune's name, the year's quartile thresholds and the objectives' targets — the same for
//! the pages, the API and the command line.

use crate::Context;
use crate::public::HolderPublic;
use crate::sizes::SizeFit;
use logis_domain::{Date, Logement, Organisme, Seuils};
use logis_eligibility::CeilingTables;
use logis_evaluation::Targets;
use logis_store::{Store, StoreError, lookup_all};
use std::sync::LazyLock;

/// The published ceilings, read once.
static CEILINGS: LazyLock<CeilingTables> = LazyLock::new(CeilingTables::published);
/// The typologies that fit each household size (rules.md's default).
static SIZES: LazyLock<SizeFit> = LazyLock::new(SizeFit::default);

/// The examination of one dwelling, oriented to one holder, on one day.
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
        let seuils = logis_store::territory::thresholds_up_to(store, on.year()).await?;
        let (settings, _) = logis_evaluation::stored_settings(store).await?;
        Ok(Examination {
            public,
            holder_name,
            commune_name,
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
