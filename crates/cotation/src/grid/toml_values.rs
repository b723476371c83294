//! Typed reads of a parsed TOML document, collecting French errors located in the text.

use super::error::GridError;
use crate::suggest::did_you_mean;
use logis_domain::Date;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub type Value<'i> = Spanned<DeValue<'i>>;

/// The document being read and the problems found so far.
pub struct Doc<'t> {
    pub text: &'t str,
    pub errors: Vec<GridError>,
}

impl<'t> Doc<'t> {
    pub fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.errors.push(GridError::at(self.text, offset, message));
    }

    /// Reports the keys of `table` that are not in `allowed`.
    pub fn known_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], place: &str) {
        for (key, _) in table {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let hint = did_you_mean(name, allowed.iter().copied());
                let list = logis_domain::codes::enumerate(allowed.iter().copied());
                self.error(
                    key.span().start,
                    format!("clé `{name}` inconnue {place}{hint} ; clés possibles : {list}"),
                );
            }
        }
    }

    /// A required value: reports its absence at `missing_at`.
    pub fn required<'a, 'i>(
        &mut self,
        table: &'a DeTable<'i>,
        key: &str,
        missing_at: usize,
        what: &str,
    ) -> Option<&'a Value<'i>> {
        let found = get(table, key);
        if found.is_none() {
            self.error(missing_at, format!("{what} manque : ajoutez `{key} = …`"));
        }
        found
    }

    pub fn string(&mut self, value: &Value<'_>, key: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            DeValue::String(_) => {
                self.error(value.span().start, format!("`{key}` est vide"));
                None
            }
            other => {
                self.error(
                    value.span().start,
                    format!("`{key}` doit être un texte entre guillemets, pas {}", kind(other)),
                );
                None
            }
        }
    }

    pub fn integer(&mut self, value: &Value<'_>, key: &str) -> Option<i64> {
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => {
                i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
            }
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                value.span().start,
                format!("`{key}` doit être un nombre entier, pas {}", kind(value.get_ref())),
            );
        }
        parsed
    }

    pub fn date(&mut self, value: &Value<'_>, key: &str) -> Option<Date> {
        let date = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                dt.date.and_then(|d| {
                    let month = time::Month::try_from(d.month).ok()?;
                    Date::from_calendar_date(i32::from(d.year), month, d.day).ok()
                })
            }
            _ => None,
        };
        if date.is_none() {
            self.error(
                value.span().start,
                format!(
                    "`{key}` doit être une date sans guillemets, par exemple `{key} = 2024-01-01`"
                ),
            );
        }
        date
    }

    pub fn table<'a, 'i>(&mut self, value: &'a Value<'i>, what: &str) -> Option<&'a DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.error(
                    value.span().start,
                    format!("{what} doit être une table, pas {}", kind(other)),
                );
                None
            }
        }
    }
}

/// The value of `key` in `table`.
pub fn get<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Value<'i>> {
    table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

/// The kind of a TOML value, in French.
pub fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "un texte",
        DeValue::Integer(_) => "un nombre entier",
        DeValue::Float(_) => "un nombre décimal",
        DeValue::Boolean(_) => "un booléen",
        DeValue::Datetime(_) => "une date",
        DeValue::Array(_) => "une liste",
        DeValue::Table(_) => "une table",
    }
}
