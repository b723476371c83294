//! What every request shares ([`AppState`]): the store, the clock, the login limiter and the
//! password-checking gate, the territory's name and its communes ([`Communes`]: every French
//! commune's name, a typed name to its code, suggestions), the organisations' names, the kept
//! counts (bilans, key figures, objectives so far, grids), the import jobs, the rescorer, the
//! export cap, the settings of personal data, the proxies trusted to say who the client is.

use crate::bilans::BilanCache;
use crate::grids::GridCache;
use crate::imports::ImportJobs;
use crate::limiter::LoginLimiter;
use crate::overview::OverviewCache;
use crate::progress::ProgressCache;
use crate::rescorer::Rescorer;
use logis_domain::Clock;
use logis_privacy::PrivacySettings;
use logis_store::{Store, StoreError};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};

/// The application's shared state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Where « now » comes from (the system clock in the binary, a fixed one in tests).
    pub clock: Arc<dyn Clock>,
    pub limiter: Arc<LoginLimiter>,
    /// Password checks at sign-in, a few at a time.
    pub hashing: Arc<crate::hashing::HashingGate>,
    /// The territory's name, shown in every page's header.
    pub territoire: Arc<str>,
    pub communes: Arc<Communes>,
    /// The organisations' names, for the pages' header.
    pub organismes: Arc<crate::organismes::OrganismeNames>,
    /// The bilans computed for the pages.
    pub bilans: Arc<BilanCache>,
    /// Imports started from the application.
    pub imports: Arc<ImportJobs>,
    /// The cotation recomputed after applications are saved.
    pub rescorer: Arc<Rescorer>,
    /// The key figures of the dashboard.
    pub overview: Arc<OverviewCache>,
    /// The objectives followed live.
    pub progress: Arc<ProgressCache>,
    /// The registered cotation grids.
    pub grids: Arc<GridCache>,
    /// Every landlord's flux bilan of the years asked (the holders' and the EPCI's pages).
    pub flux: Arc<crate::flux::FluxCache>,
    /// The most applications one export of the list holds.
    pub export_cap: u32,
    /// The territory's settings of personal data (sessions, imports, retention, secrecy),
    /// read at start and replaced when the settings page saves them.
    pub privacy: Arc<RwLock<PrivacySettings>>,
    /// The reverse proxies in front of the application (`logis serve --proxy`): only their
    /// `X-Forwarded-For` and `X-Forwarded-Host` headers are believed.
    pub trusted_proxies: Arc<[IpAddr]>,
    /// The territory's SMTP server, through which applicants get their codes and notices
    /// (`None`: no e-mail is sent, the reception desks hand letters over).
    pub mailer: Option<Arc<logis_mail::Mailer>>,
    /// The address at which applicants reach the application (`https://logis.epci.fr`), for
    /// letters and e-mails (`logis serve --adresse-publique`).
    pub public_address: Option<Arc<str>>,
}

impl AppState {
    /// The threshold of statistical secrecy for `principal`: the observer, and any account
    /// without access to personal data, reads aggregates with small cells merged; `None` for
    /// the others.
    pub fn secrecy_for(&self, principal: &crate::guard::Principal) -> Option<u32> {
        (!principal.permissions().personal_data).then(|| self.privacy().secret_below)
    }

    /// The settings of personal data in force.
    pub fn privacy(&self) -> PrivacySettings {
        *self.privacy.read().expect("settings lock")
    }

    /// The address of the applicants' space for a letter or an e-mail: the public address the
    /// settings give, else the one the browser asking used (its `Origin`, when it is the
    /// application's own), else none.
    pub fn space_address(&self, headers: &axum::http::HeaderMap, proxied: bool) -> Option<String> {
        if let Some(public) = &self.public_address {
            return Some(format!("{public}/demandeur"));
        }
        headers
            .get(axum::http::header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .filter(|_| crate::pages::login::same_origin(headers, proxied))
            .map(|origin| format!("{origin}/demandeur"))
    }

    /// Forgets what was counted from the data (after the data changed).
    pub fn data_changed(&self) {
        self.bilans.forget();
        self.overview.forget();
        self.progress.forget();
        self.flux.forget();
    }

    /// The state of a store, with the communes its applications are compared in, on `clock`.
    /// From now on the process is a server: the cotation's scoring threads (after an import,
    /// a save, at night) give way to the pages (`logis_cotation::giving_way`).
    pub async fn load(
        store: Arc<dyn Store>,
        territoire: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, StoreError> {
        logis_cotation::giving_way::scoring_threads_give_way();
        let territory = logis_store::territory::compared_communes(&*store).await?;
        let (privacy, _) = logis_privacy::settings::stored(&*store).await?;
        let organismes = Arc::new(crate::organismes::OrganismeNames::of(&*store).await);
        Ok(AppState {
            store,
            clock,
            limiter: Arc::new(LoginLimiter::default()),
            hashing: Arc::default(),
            territoire: territoire.into(),
            communes: Arc::new(Communes::new(territory)),
            organismes,
            bilans: Arc::new(BilanCache::default()),
            imports: Arc::new(ImportJobs::default()),
            rescorer: Arc::new(Rescorer::default()),
            overview: Arc::new(OverviewCache::default()),
            progress: Arc::new(ProgressCache::default()),
            grids: Arc::new(GridCache::default()),
            flux: Arc::new(crate::flux::FluxCache::default()),
            export_cap: crate::pages::applications::export::EXPORT_CAP,
            privacy: Arc::new(RwLock::new(privacy)),
            trusted_proxies: Arc::from(Vec::new()),
            mailer: None,
            public_address: None,
        })
    }
}

/// Commune names by INSEE code (every French commune), and the territory's communes.
pub struct Communes {
    names: HashMap<String, String>,
    /// The communes of the territory's comparable groups, in code order.
    pub territory: Vec<String>,
    /// The same with their names, sorted by name, when the territory is small enough to offer
    /// them as suggestions (a national register has tens of thousands).
    suggested: Vec<(String, String)>,
}

/// The most communes offered as suggestions in a form.
pub const MOST_SUGGESTED: usize = 300;

/// A name without case, accents or punctuation, for matching what a user typed.
fn folded(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfd()
        .filter(char::is_ascii)
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Communes {
    pub fn new(territory: Vec<String>) -> Self {
        let names: HashMap<String, String> =
            logis_domain::communes::all().map(|c| (c.insee.to_owned(), c.nom.to_owned())).collect();
        let mut suggested: Vec<(String, String)> = Vec::new();
        if territory.len() <= MOST_SUGGESTED {
            suggested = territory
                .iter()
                .map(|code| {
                    (code.clone(), names.get(code).cloned().unwrap_or_else(|| code.clone()))
                })
                .collect();
            suggested.sort_by_key(|(_, name)| folded(name));
        }
        Communes { names, territory, suggested }
    }

    /// The name of the commune `insee`, or the code itself when it is not a French commune.
    pub fn name(&self, insee: &str) -> String {
        self.names.get(insee).cloned().unwrap_or_else(|| insee.to_owned())
    }

    /// The code of a commune typed as its code or by name (case, accents and hyphens
    /// ignored; the territory's commune first when several share the name).
    pub fn code_of(&self, typed: &str) -> Option<String> {
        let typed = typed.trim();
        if self.names.contains_key(typed) {
            return Some(typed.to_owned());
        }
        let wanted = folded(typed);
        let mut found: Vec<&String> = self
            .names
            .iter()
            .filter(|(_, name)| folded(name) == wanted)
            .map(|(code, _)| code)
            .collect();
        found.sort_by_key(|code| (!self.territory.contains(code), (*code).clone()));
        found.first().map(|code| (*code).clone())
    }

    /// The territory's communes with their names, sorted by name, to suggest in a form; empty
    /// for a territory of more than [`MOST_SUGGESTED`] communes.
    pub fn suggested(&self) -> &[(String, String)] {
        &self.suggested
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communes_are_found_by_code_or_name() {
        let communes = Communes::new(vec!["82112".into()]);
        assert_eq!(communes.code_of("82112").as_deref(), Some("82112"));
        assert_eq!(communes.code_of(" moissac ").as_deref(), Some("82112"));
        assert_eq!(communes.code_of("CASTELSARRASIN").as_deref(), Some("82033"));
        assert_eq!(communes.code_of("Nulle-Part-sur-Rien"), None);
        assert_eq!(communes.name("82112"), "Moissac");
    }
}
