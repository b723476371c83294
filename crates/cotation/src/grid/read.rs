//! Reading a grid from its TOML text: every key checked, every problem reported with its
//! line, nothing guessed.

use super::error::{GridError, GridErrors};
use super::toml_values::{Doc, Value, get, kind};
use super::{Criterion, Delays, Grid, Justification, fingerprint};
use crate::condition;
use crate::variables::{Kind, Variable, piece_bits};
use logis_domain::Typologie;
use std::collections::HashMap;
use toml::de::{DeTable, DeValue};

const ROOT_KEYS: &[&str] =
    &["nom", "description", "en_vigueur", "delai_anormalement_long", "critere", "mutation"];
const CRITERION_KEYS: &[&str] =
    &["code", "libelle", "si", "points", "par", "plafond", "groupe", "justification"];
const MUTATION_KEYS: &[&str] = &["description", "critere"];
/// Points of one criterion, in absolute value, at most.
const MAX_POINTS: i64 = 10_000;

pub fn grid(text: &str) -> Result<Grid, GridErrors> {
    let root = DeTable::parse(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        GridErrors(vec![GridError::at(text, offset, syntax_message(e.message()))])
    })?;
    let mut doc = Doc { text, errors: Vec::new() };
    let table = root.get_ref();
    doc.known_keys(table, ROOT_KEYS, "en tête de grille");
    let nom =
        doc.required(table, "nom", 0, "le nom de la grille").and_then(|v| doc.string(v, "nom"));
    let en_vigueur = doc
        .required(table, "en_vigueur", 0, "la date d'entrée en vigueur")
        .and_then(|v| doc.date(v, "en_vigueur"));
    let delays = match get(table, "delai_anormalement_long") {
        Some(value) => delays(&mut doc, value),
        None => Delays::default(),
    };
    let general = part(&mut doc, table, 0, "la grille");
    let mutation = get(table, "mutation").and_then(|value| {
        let section = doc.table(value, "`mutation`")?;
        doc.known_keys(section, MUTATION_KEYS, "dans [mutation]");
        Some(part(&mut doc, section, value.span().start, "la partie `mutation`"))
    });
    duplicate_codes(&mut doc, general.iter().chain(mutation.iter().flatten()));
    if !doc.errors.is_empty() {
        doc.errors.sort_by_key(|e| (e.line, e.column));
        doc.errors.dedup();
        return Err(GridErrors(doc.errors));
    }
    Ok(Grid {
        nom: nom.expect("no error means a name"),
        en_vigueur: en_vigueur.expect("no error means a date"),
        empreinte: fingerprint::of(text),
        texte: text.to_owned(),
        general: general.into_iter().map(|(c, _)| c).collect(),
        mutation: mutation.map(|p| p.into_iter().map(|(c, _)| c).collect()),
        delays,
    })
}

/// The parser's message in French: the usual mistakes are named, others keep the parser's
/// own words.
fn syntax_message(detail: &str) -> String {
    let known = [
        ("duplicate key", "clé en double : chaque clé ne s'écrit qu'une fois par bloc"),
        ("must be quoted", "un texte s'écrit entre guillemets : `code = \"anciennete\"`"),
        ("basic string", "guillemet fermant `\"` manquant"),
        ("literal string", "apostrophe fermante `'` manquante"),
        ("array table", "crochets mal fermés : un critère commence par `[[critere]]`"),
        ("unclosed table", "crochet mal fermé : `[mutation]`"),
        ("unclosed array", "liste mal fermée : `[` … `]`"),
        ("expected `=`", "`=` attendu entre la clé et sa valeur"),
        ("invalid date", "date invalide : AAAA-MM-JJ, avec un mois de 01 à 12 et un jour du mois"),
    ];
    let said = known.iter().find(|(english, _)| detail.contains(english)).map_or_else(
        || format!("détail : {}", detail.trim().trim_end_matches('.')),
        |(_, f)| (*f).to_owned(),
    );
    format!("syntaxe TOML invalide, {said}")
}

/// The `[[critere]]` blocks of a part, each with the offset of its code.
fn part(doc: &mut Doc<'_>, table: &DeTable<'_>, at: usize, name: &str) -> Vec<(Criterion, usize)> {
    let Some(value) = get(table, "critere") else {
        doc.error(at, format!("{name} n'a aucun critère : ajoutez des blocs `[[critere]]`"));
        return Vec::new();
    };
    let DeValue::Array(items) = value.get_ref() else {
        doc.error(
            value.span().start,
            format!(
                "`critere` doit être une suite de blocs `[[critere]]`, pas {}",
                kind(value.get_ref())
            ),
        );
        return Vec::new();
    };
    if items.is_empty() {
        doc.error(value.span().start, format!("{name} n'a aucun critère"));
    }
    items.iter().filter_map(|item| criterion(doc, item)).collect()
}

fn criterion(doc: &mut Doc<'_>, item: &Value<'_>) -> Option<(Criterion, usize)> {
    let table = doc.table(item, "un critère")?;
    let at = item.span().start;
    doc.known_keys(table, CRITERION_KEYS, "dans un critère");
    let code_value = doc.required(table, "code", at, "le code du critère");
    let code = code_value.and_then(|v| doc.string(v, "code"));
    if let (Some(code), Some(value)) = (&code, code_value)
        && !code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        doc.error(
            value.span().start,
            format!(
                "code `{code}` invalide : lettres minuscules sans accent, chiffres et `_` seulement"
            ),
        );
    }
    let libelle = doc
        .required(table, "libelle", at, "le libellé du critère")
        .and_then(|v| doc.string(v, "libelle"));
    let points = doc.required(table, "points", at, "le nombre de points").and_then(|v| {
        let points = doc.integer(v, "points")?;
        if points.abs() > MAX_POINTS {
            doc.error(
                v.span().start,
                format!("{points} points : au plus {MAX_POINTS} en valeur absolue"),
            );
            return None;
        }
        Some(points as i32)
    });
    let written = get(table, "si").and_then(|v| match v.get_ref() {
        DeValue::String(s) => Some(s.trim().to_owned()),
        _ => None,
    });
    let condition = get(table, "si").and_then(|v| condition(doc, v));
    let par = get(table, "par").and_then(|v| per_unit(doc, v));
    let plafond = get(table, "plafond").and_then(|v| {
        let cap = doc.integer(v, "plafond")?;
        if get(table, "par").is_none() {
            doc.error(
                v.span().start,
                "`plafond` ne s'emploie qu'avec `par` (des points par unité)",
            );
        }
        if !(1..=MAX_POINTS).contains(&cap) {
            doc.error(
                v.span().start,
                format!("`plafond` doit être un nombre de points de 1 à {MAX_POINTS}"),
            );
            return None;
        }
        Some(cap as i32)
    });
    let groupe = get(table, "groupe").and_then(|v| doc.string(v, "groupe"));
    let justification = match get(table, "justification") {
        None => Some(Justification::Declaree),
        Some(v) => justification(doc, v),
    };
    let mut variables = Vec::new();
    if let Some(c) = &condition {
        c.variables(&mut variables);
    }
    variables.extend(par);
    let pieces: Vec<_> = variables.iter().flat_map(|v| v.pieces().iter().copied()).collect();
    Some((
        Criterion {
            code: code?.into(),
            libelle: libelle?,
            condition,
            written,
            points: points?,
            par,
            plafond,
            groupe,
            justification: justification?,
            pieces: piece_bits(&pieces),
        },
        code_value.map_or(at, |v| v.span().start),
    ))
}

fn condition(doc: &mut Doc<'_>, value: &Value<'_>) -> Option<condition::Condition> {
    let text = doc.string(value, "si")?;
    let raw = match value.get_ref() {
        DeValue::String(s) => s.as_ref(),
        _ => return None,
    };
    // Where the condition's first character sits in the document: after the opening quotes
    // (three for a multi-line string) and any leading spaces that `string` trimmed.
    let start = value.span().start;
    let quotes = if doc.text[start..].starts_with("\"\"\"") || doc.text[start..].starts_with("'''")
    {
        3
    } else {
        1
    };
    let leading = raw.len() - raw.trim_start().len();
    condition::parse(&text)
        .map_err(|e| {
            doc.error(
                start + quotes + leading + e.offset,
                format!("condition `si` : {}", e.message),
            );
        })
        .ok()
}

fn per_unit(doc: &mut Doc<'_>, value: &Value<'_>) -> Option<Variable> {
    let name = doc.string(value, "par")?;
    let numbers: Vec<&str> =
        Variable::ALL.iter().filter(|v| v.kind() == Kind::Number).map(|v| v.name()).collect();
    match Variable::named(&name) {
        Some(v) if v.kind() == Kind::Number => Some(v),
        _ => {
            doc.error(
                value.span().start,
                format!(
                    "`par` doit nommer une donnée chiffrée{} ; possibles : {}",
                    crate::suggest::did_you_mean(&name, numbers.iter().copied()),
                    logis_domain::codes::enumerate(numbers.iter().copied())
                ),
            );
            None
        }
    }
}

fn justification(doc: &mut Doc<'_>, value: &Value<'_>) -> Option<Justification> {
    let raw = doc.string(value, "justification")?;
    match raw.as_str() {
        "declaree" | "déclarée" => Some(Justification::Declaree),
        "verifiee" | "vérifiée" => Some(Justification::Verifiee),
        _ => {
            doc.error(
                value.span().start,
                format!("justification `{raw}` inconnue : `declaree` (sur déclaration) ou `verifiee` (sur pièce vérifiée)"),
            );
            None
        }
    }
}

fn delays(doc: &mut Doc<'_>, value: &Value<'_>) -> Delays {
    let mut delays = Delays::default();
    let Some(table) = doc.table(value, "`delai_anormalement_long`") else { return delays };
    let mut keys = vec!["mois"];
    keys.extend(Typologie::ALL.iter().map(|t| t.code()));
    doc.known_keys(table, &keys, "dans [delai_anormalement_long]");
    for (key, v) in table {
        let Some(months) = doc.integer(v, key.get_ref()) else { continue };
        if !(1..=240).contains(&months) {
            doc.error(v.span().start, "un délai s'exprime en mois, de 1 à 240");
            continue;
        }
        match Typologie::from_code(key.get_ref()) {
            Some(t) => delays.by_typologie[t as usize] = Some(months as u32),
            None => delays.default_months = months as u32,
        }
    }
    delays
}

fn duplicate_codes<'a>(doc: &mut Doc<'_>, criteria: impl Iterator<Item = &'a (Criterion, usize)>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (criterion, at) in criteria {
        if let Some(first) = seen.insert(&criterion.code, *at) {
            let line = GridError::at(doc.text, first, "").line;
            doc.error(
                *at,
                format!(
                    "le code `{}` est déjà celui du critère de la ligne {line}",
                    criterion.code
                ),
            );
        }
    }
}
