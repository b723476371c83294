//! The applications' list's URL query, read by the page, its exports and the API: what the
//! search form sends, read into the store's filter (a social worker's limited to the households
//! they follow; the « à renouveler » window), written back into links (sort, pages, exports) so
//! that a link shared with a colleague shows the same list, and described for the audit log
//! without any name. Matches are counted up to [`COUNT_CAP`].

use crate::format::url_encoded;
use crate::guard::Principal;
use crate::state::Communes;
use logis_access::Reach;
use logis_store::dossiers::search::{ApplicationFilter, Sort};
use serde::Deserialize;

/// Matching applications are counted up to this number (« plus de 1 000 ») : counting further
/// would read the whole national register for an unselective search.
pub const COUNT_CAP: u64 = 1_000;

/// The search form's fields, as sent (every one optional, empty meaning "any").
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub numero: String,
    #[serde(default)]
    pub nom: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub typologie: String,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub prioritaire: String,
    #[serde(default)]
    pub score_min: String,
    #[serde(default)]
    pub score_max: String,
    #[serde(default)]
    pub statut: String,
    /// `1`: only the applications to renew within a month (or overdue).
    #[serde(default)]
    pub renouveler: String,
    #[serde(default)]
    pub tri: String,
    #[serde(default)]
    pub page: String,
}

/// The list's orders: the word of the URL, the order, and what the count line says of it.
pub const SORTS: [(&str, Sort, &str); 4] = [
    ("score", Sort::Score, "classées par score"),
    ("anciennete", Sort::Anciennete, "classées par ancienneté"),
    ("nom", Sort::Nom, "classées par nom"),
    ("numero", Sort::Numero, "classées par numéro"),
];

/// The latest registration or renewal of an application whose deadline (one year later)
/// falls within a month of `today`, or has passed.
pub fn renewed_by(today: time::Date) -> time::Date {
    use logis_domain::calendar::{months_after, months_before};
    months_before(months_after(today, 1), 12)
}

fn given(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

impl ListQuery {
    /// The store's filter for `principal` (a social worker sees only followed households), and
    /// the French messages of the fields that could not be read.
    pub fn filter(
        &self,
        principal: &Principal,
        communes: &Communes,
        today: time::Date,
    ) -> (ApplicationFilter, Vec<String>) {
        let mut problems = Vec::new();
        let mut score = |text: &str, what: &str| {
            let text = given(text)?;
            match text.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    problems.push(format!(
                        "Le score {what} « {text} » n'est pas un nombre entier : il est ignoré."
                    ));
                    None
                }
            }
        };
        let score_min = score(&self.score_min, "minimal");
        let score_max = score(&self.score_max, "maximal");
        let filter = ApplicationFilter {
            numero: given(&self.numero).map(|n| n.to_uppercase()),
            nom: given(&self.nom),
            commune: given(&self.commune).map(|c| communes.code_of(&c).unwrap_or(c)),
            typologie: given(&self.typologie),
            situation: given(&self.situation),
            prioritaire: match self.prioritaire.as_str() {
                "oui" => Some(true),
                "non" => Some(false),
                _ => None,
            },
            score_min,
            score_max,
            statut: match self.statut.as_str() {
                "toutes" => None,
                "" => Some("active".to_owned()),
                other => Some(other.to_owned()),
            },
            suivi_par: (principal.permissions().reach == Reach::FollowedHouseholds)
                .then(|| principal.login.clone()),
            renouvelee_au_plus_tard: self.to_renew().then(|| renewed_by(today)),
        };
        (filter, problems)
    }

    /// Whether the list is the « à renouveler » one.
    pub fn to_renew(&self) -> bool {
        self.renouveler.trim() == "1"
    }

    /// The order asked for (`tri=anciennete`, `nom`, `numero`; by score otherwise).
    pub fn sort(&self) -> Sort {
        SORTS
            .iter()
            .find(|(word, _, _)| *word == self.tri)
            .map_or(Sort::Score, |(_, sort, _)| *sort)
    }

    /// The page asked for, from 0.
    pub fn page(&self) -> u32 {
        self.page.trim().parse::<u32>().unwrap_or(1).max(1) - 1
    }

    /// The query string of this search with another sort and page (`None` keeps them out).
    pub fn link(&self, tri: Option<&str>, page: Option<u32>) -> String {
        let tri = tri.unwrap_or(&self.tri);
        let fields = [
            ("numero", self.numero.as_str()),
            ("nom", &self.nom),
            ("commune", &self.commune),
            ("typologie", &self.typologie),
            ("situation", &self.situation),
            ("prioritaire", &self.prioritaire),
            ("score_min", &self.score_min),
            ("score_max", &self.score_max),
            ("statut", &self.statut),
            ("renouveler", &self.renouveler),
            ("tri", tri),
        ];
        let mut parts: Vec<String> = fields
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", url_encoded(v.trim())))
            .collect();
        if let Some(page) = page.filter(|p| *p > 0) {
            parts.push(format!("page={}", page + 1));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }
}

/// The filters of a search, for the audit log of a list or an export: each filter with its
/// value, but for a name fragment, never written (a name is personal data).
pub fn described(filter: &ApplicationFilter) -> String {
    let score = |v: Option<i64>| v.map(|s| s.to_string());
    let prioritaire = filter.prioritaire.map(|p| if p { "oui" } else { "non" }.to_owned());
    let valued = [
        ("numéro commençant par", filter.numero.clone()),
        ("nom", filter.nom.as_ref().map(|_| "(fragment non journalisé)".to_owned())),
        ("commune", filter.commune.clone()),
        ("typologie", filter.typologie.clone()),
        ("situation", filter.situation.clone()),
        ("prioritaire", prioritaire),
        ("score minimal", score(filter.score_min)),
        ("score maximal", score(filter.score_max)),
        ("statut", Some(filter.statut.clone().unwrap_or_else(|| "tous".to_owned()))),
        ("ménages suivis", filter.suivi_par.as_ref().map(|_| "seulement".to_owned())),
        (
            "à renouveler",
            filter
                .renouvelee_au_plus_tard
                .map(|d| format!("enregistrées ou renouvelées au plus tard le {d}")),
        ),
    ];
    let used: Vec<String> =
        valued.into_iter().filter_map(|(label, v)| v.map(|v| format!("{label} {v}"))).collect();
    format!("filtres : {}", used.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_access::Role;

    fn communes() -> Communes {
        Communes::new(vec!["82112".into()])
    }

    fn principal(role: Role) -> Principal {
        Principal {
            login: "agent".into(),
            role,
            organisme: None,
            commune: None,
            csrf: String::new(),
            scope: None,
        }
    }

    #[test]
    fn empty_fields_filter_nothing_but_the_status() {
        let (filter, problems) = ListQuery::default().filter(
            &principal(Role::Guichet),
            &communes(),
            time::macros::date!(2026 - 12 - 04),
        );
        assert_eq!(
            filter,
            ApplicationFilter { statut: Some("active".into()), ..Default::default() }
        );
        assert!(problems.is_empty());
    }

    #[test]
    fn a_social_worker_sees_only_followed_households() {
        let (filter, _) = ListQuery::default().filter(
            &principal(Role::TravailleurSocial),
            &communes(),
            time::macros::date!(2026 - 12 - 04),
        );
        assert_eq!(filter.suivi_par.as_deref(), Some("agent"));
    }

    #[test]
    fn unreadable_scores_are_reported_and_ignored() {
        let query =
            ListQuery { score_min: "douze".into(), score_max: " 40 ".into(), ..Default::default() };
        let (filter, problems) = query.filter(
            &principal(Role::Bailleur),
            &communes(),
            time::macros::date!(2026 - 12 - 04),
        );
        assert_eq!((filter.score_min, filter.score_max), (None, Some(40)));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("douze"));
    }

    #[test]
    fn links_keep_the_search_and_change_sort_or_page() {
        let query = ListQuery { nom: "Dupré".into(), tri: "score".into(), ..Default::default() };
        assert_eq!(query.link(Some("anciennete"), None), "?nom=Dupr%C3%A9&tri=anciennete");
        assert_eq!(query.link(None, Some(2)), "?nom=Dupr%C3%A9&tri=score&page=3");
        let (filter, _) = query.filter(
            &principal(Role::Guichet),
            &communes(),
            time::macros::date!(2026 - 12 - 04),
        );
        let described = described(&filter);
        assert_eq!(described, "filtres : nom (fragment non journalisé), statut active");
        assert!(!described.contains("Dupr"), "a typed name is never written in the audit log");
    }

    #[test]
    fn communes_are_read_by_name() {
        let query = ListQuery { commune: "moissac".into(), ..Default::default() };
        let (filter, _) = query.filter(
            &principal(Role::Guichet),
            &communes(),
            time::macros::date!(2026 - 12 - 04),
        );
        assert_eq!(filter.commune.as_deref(), Some("82112"));
    }
}
