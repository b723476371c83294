//! The audit log (« journal d'audit »), for the administrateur: who opened, changed or exported
//! what, when and from where; searched by account, by application (its numéro), by a range of
//! days and by action, the filters kept in the URL, pages of [`PAGE_SIZE`] lines with their
//! total (`logis_store::access::audit_search`); the whole log as CSV.

use crate::audit;
use crate::format;
use crate::guard::{Origin, Principal};
use crate::paging::{Noun, Paging};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use crate::steps::typed_date;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use logis_report::{Cell, Sheet};
use logis_store::AuditEntry;
use logis_store::access::audit::{AuditAction, latest};
use logis_store::access::audit_search::{AuditFilter, search};
use serde::Deserialize;

/// Lines per page.
pub const PAGE_SIZE: u32 = 100;
/// Matching lines are counted up to this number.
pub const COUNT_CAP: u64 = 100_000;
/// Lines in the CSV export.
pub const EXPORTED: u32 = 1_000_000;

const NOUN: Noun = Noun { one: "ligne", many: "lignes", none: "Aucune ligne" };

/// The search form's fields, as sent (empty meaning "any").
#[derive(Debug, Clone, Default, Deserialize)]
pub struct JournalQuery {
    #[serde(default)]
    pub compte: String,
    #[serde(default)]
    pub numero: String,
    /// First day, `AAAA-MM-JJ` or `JJ/MM/AAAA`.
    #[serde(default)]
    pub du: String,
    /// Last day, included.
    #[serde(default)]
    pub au: String,
    /// An action's code.
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub page: String,
}

/// Midnight in Paris at the start of `day`, in seconds since 1970.
fn paris_midnight(day: time::Date) -> i64 {
    let utc = day.midnight().assume_utc();
    utc.unix_timestamp() - i64::from(format::paris_offset(utc).whole_seconds())
}

impl JournalQuery {
    /// The store's filter, and the French messages of the fields that could not be read.
    pub fn filter(&self) -> (AuditFilter, Vec<String>) {
        let mut problems = Vec::new();
        let given = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let mut day = |text: &str, what: &str| {
            let text = given(text)?;
            let day = typed_date(&text);
            if day.is_none() {
                problems.push(format!(
                    "La date {what} « {text} » n'est pas une date (jj/mm/aaaa) : elle est ignorée."
                ));
            }
            day
        };
        let from = day(&self.du, "de début").map(paris_midnight);
        let before = day(&self.au, "de fin").and_then(|d| d.next_day()).map(paris_midnight);
        let action = given(&self.action).and_then(|code| {
            let found = AuditAction::from_code(&code);
            if found.is_none() {
                problems.push(format!("L'action « {code} » n'existe pas : elle est ignorée."));
            }
            found
        });
        let filter = AuditFilter {
            login: given(&self.compte),
            mentioning: given(&self.numero).map(|n| n.to_uppercase()),
            from,
            before,
            action,
        };
        (filter, problems)
    }

    /// The page asked for, from 0.
    pub fn page(&self) -> u64 {
        self.page.trim().parse::<u64>().unwrap_or(1).max(1) - 1
    }

    /// `/journal` with this search, at page `page` (from 0; the first page has no number).
    pub fn link(&self, page: u64) -> String {
        let fields = [
            ("compte", &self.compte),
            ("numero", &self.numero),
            ("du", &self.du),
            ("au", &self.au),
            ("action", &self.action),
        ];
        let mut parts: Vec<String> = fields
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", format::url_encoded(v.trim())))
            .collect();
        if page > 0 {
            parts.push(format!("page={}", page + 1));
        }
        if parts.is_empty() {
            "/journal".to_owned()
        } else {
            format!("/journal?{}", parts.join("&"))
        }
    }

    /// Whether any filter is set.
    pub fn filtered(&self) -> bool {
        self.link(0) != "/journal"
    }
}

/// The search, for the audit line of its reading (no name: a login is an account's).
fn described(filter: &AuditFilter, query: &JournalQuery) -> String {
    let mut used = Vec::new();
    if let Some(login) = &filter.login {
        used.push(format!("compte {login}"));
    }
    if let Some(numero) = &filter.mentioning {
        used.push(format!("objet contenant {numero}"));
    }
    if filter.from.is_some() {
        used.push(format!("du {}", query.du.trim()));
    }
    if filter.before.is_some() {
        used.push(format!("au {}", query.au.trim()));
    }
    if let Some(action) = filter.action {
        used.push(format!("action {}", action.code()));
    }
    if used.is_empty() { "tout le journal".to_owned() } else { used.join(", ") }
}

pub struct LineView {
    pub moment: String,
    pub login: String,
    /// The same search, for this account only.
    pub login_href: String,
    pub action: String,
    pub objet: String,
    pub origine: String,
}

#[derive(Template)]
#[template(path = "journal.html")]
struct JournalPage {
    layout: Layout,
    query: JournalQuery,
    problems: Vec<String>,
    actions: Vec<(&'static str, &'static str)>,
    lines: Vec<LineView>,
    paging: Paging,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Query(query): Query<JournalQuery>,
) -> Result<Response, Refusal> {
    let (filter, problems) = query.filter();
    let page = query.page();
    let found = search(&*state.store, &filter, page, PAGE_SIZE, COUNT_CAP).await?;
    // The log names accounts and numéros: reading it is logged too.
    let what = format!(
        "journal d'audit, {}, page {}, {} lignes",
        described(&filter, &query),
        page + 1,
        found.entries.len()
    );
    audit::by(&state, &principal, &origin, audit::Action::Consultation, &what).await?;
    let lines = found
        .entries
        .into_iter()
        .map(|e| LineView {
            moment: format::moment(e.at),
            login_href: JournalQuery { compte: e.login.clone(), ..query.clone() }.link(0),
            login: e.login,
            action: e.action.label().to_owned(),
            objet: e.target,
            origine: e.origin,
        })
        .collect::<Vec<_>>();
    let paging = Paging::new(NOUN, found.matching, found.more, page, u64::from(PAGE_SIZE), |n| {
        query.link(n)
    })
    .ending_here(lines.len() < PAGE_SIZE as usize);
    let page = JournalPage {
        layout: Layout::new(&state, &principal, "Journal d'audit", "/journal"),
        problems,
        actions: AuditAction::ALL.iter().map(|a| (a.code(), a.label())).collect(),
        lines,
        paging,
        query,
    };
    Ok(render::page(&page))
}

fn sheet(entries: &[AuditEntry]) -> Sheet {
    let mut sheet = Sheet::new("journal", &["moment", "compte", "action", "objet", "origine"]);
    for e in entries {
        sheet.push(vec![
            Cell::Text(format::moment(e.at)),
            e.login.clone().into(),
            Cell::Text(e.action.label().to_owned()),
            e.target.clone().into(),
            e.origin.clone().into(),
        ]);
    }
    sheet
}

pub async fn export_csv(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
) -> Result<Response, Refusal> {
    audit::by(&state, &principal, &origin, audit::Action::Export, "journal d'audit en CSV").await?;
    let entries = latest(&*state.store, EXPORTED).await?;
    let today = state.clock.today();
    let bytes = logis_report::csv_bytes(&sheet(&entries));
    Ok(render::download(bytes, render::CSV, &format!("journal-audit-{today}.csv")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_paris_days_and_links_keep_the_search() {
        let query = JournalQuery {
            compte: "guichet".into(),
            du: "01/07/2026".into(),
            au: "2026-07-01".into(),
            action: "export".into(),
            ..Default::default()
        };
        let (filter, problems) = query.filter();
        assert!(problems.is_empty(), "{problems:?}");
        // 1 July 2026 00:00 in Paris is 30 June 22:00 UTC.
        assert_eq!(filter.from, Some(1_782_856_800));
        assert_eq!(filter.before, Some(1_782_856_800 + 86_400));
        assert_eq!(filter.action, Some(AuditAction::Export));
        assert_eq!(
            query.link(2),
            "/journal?compte=guichet&du=01/07/2026&au=2026-07-01&action=export&page=3"
        );
        let bad = JournalQuery { du: "hier".into(), action: "x".into(), ..Default::default() };
        assert_eq!(bad.filter().1.len(), 2);
    }
}
