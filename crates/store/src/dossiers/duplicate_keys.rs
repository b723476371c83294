//! What two applications must share to be flagged as possible duplicates — the titulaire's
//! folded name, first name and birth date; the e-mail; the phone's digits — and the groups of
//! active applications that share one, the way each backend finds them fastest. PostgreSQL
//! counts each key's applications in SQL (window functions over its stored folded columns).
//! SQLite reads the active applications once, in the table's order, a page at a time, and keys
//! them in Rust (`logis_domain::french::folded`, which the folded columns follow — a
//! conformance test holds them equal), as 64-bit fingerprints sorted so that equal keys meet
//! ([`KeyPrints`]); an import that loads the applications whole fingerprints them the same
//! way as it reads them, and nothing is read back. The conformance suite runs the same cases
//! on both.

use super::duplicates::{Criterion, MOST_SHARING};
use crate::statement::{Values, int};
use crate::tables::ColumnType::{Date, Int, Text};
use crate::{Result, Store};
use logis_domain::Date as Day;
use logis_domain::french::folded;
use std::collections::BTreeMap;
use std::hash::{BuildHasher, RandomState};

/// Applications read per statement.
const PAGE: i64 = 20_000;

/// The key of the titulaire's name, first name and birth date, when all three are known.
pub fn identity_key(nom: Option<&str>, prenom: Option<&str>, born: Option<Day>) -> Option<String> {
    let (nom, prenom, born) = (folded(nom?), folded(prenom?), born?);
    (!nom.is_empty() && !prenom.is_empty()).then(|| format!("{nom}|{prenom}|{born}"))
}

/// An e-mail as compared: trimmed, lower case; none without something on each side of « @ ».
pub fn email_key(email: Option<&str>) -> Option<String> {
    let email = email?.trim().to_lowercase();
    let at = email.find('@')?;
    (at > 0 && at + 1 < email.len()).then_some(email)
}

/// A phone number as compared: without spaces, dots, hyphens, brackets or slashes, « +33 » and
/// « 0033 » read as « 0 »; none under ten characters.
pub fn phone_key(phone: Option<&str>) -> Option<String> {
    let kept: String =
        phone?.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')' | '/')).collect();
    let national = match (kept.strip_prefix("+33"), kept.strip_prefix("0033")) {
        (Some(rest), _) | (None, Some(rest)) => format!("0{rest}"),
        (None, None) => kept,
    };
    (national.chars().count() >= 10).then_some(national)
}

/// The groups of active applications that share a key, per criterion: each group's numéros,
/// older first (registered before, then the smaller numéro).
pub type Groups = Vec<(Criterion, Vec<Vec<String>>)>;

/// The fingerprints of each criterion's keys, with the index of their application. 64 bits: two
/// different keys among the 2.6 million active applications of the country share one with a
/// chance of one in five million — and would only be shown to a person as a pair to compare.
/// Filled by SQLite's reading of the active applications, or by an import that loads them
/// whole, as it reads them.
#[derive(Default)]
pub struct KeyPrints {
    hasher: RandomState,
    prints: [Vec<(u64, u32)>; 3],
}

impl KeyPrints {
    /// The fingerprint of `key` (a key's text, or parts of it hashed together).
    pub fn print(&self, key: impl std::hash::Hash) -> u64 {
        self.hasher.hash_one(key)
    }

    /// Application `index` has a key of `criterion` whose fingerprint is `print`.
    pub fn add(&mut self, criterion: Criterion, print: u64, index: u32) {
        self.prints[criterion as usize].push((print, index));
    }

    /// Application `index` has `keys` (in the order of [`Criterion::ALL`]).
    fn add_keys(&mut self, index: u32, keys: [Option<String>; 3]) {
        for (criterion, key) in Criterion::ALL.into_iter().zip(keys) {
            if let Some(key) = key {
                let print = self.print(&key);
                self.add(criterion, print, index);
            }
        }
    }

    /// The groups of each criterion (older first in each: `older` gives an application's
    /// date of registration and numéro by its index).
    pub fn groups<'a>(mut self, older: impl Fn(u32) -> (Day, &'a str)) -> Groups {
        let mut all = Vec::new();
        for (criterion, prints) in Criterion::ALL.into_iter().zip(self.prints.iter_mut()) {
            prints.sort_unstable_by_key(|(print, _)| *print);
            let groups = prints
                .chunk_by(|a, b| a.0 == b.0)
                .filter(|g| g.len() > 1)
                .map(|group| {
                    let mut members: Vec<(Day, &str)> =
                        group.iter().map(|(_, i)| older(*i)).collect();
                    members.sort();
                    members.iter().map(|(_, numero)| (*numero).to_owned()).collect()
                })
                .collect();
            all.push((criterion, groups));
        }
        all
    }
}

/// The active applications, by index: numéro and date of registration (older first).
#[derive(Default)]
struct Register {
    numeros: Vec<Box<str>>,
    depots: Vec<Day>,
}

/// Reads every active application once, a page at a time in the table's order (SQLite's
/// `rowid`), and fingerprints its keys.
async fn read(store: &dyn Store) -> Result<(Register, KeyPrints)> {
    let mut register = Register::default();
    let mut prints = KeyPrints::default();
    let mut after = 0;
    loop {
        let rows = store
            .fetch(
                &format!(
                    "SELECT d.rowid, d.numero_unique, d.date_depot, d.nom, d.prenom, d.email, \
                     d.telephone, m.date_naissance FROM demandes d LEFT JOIN membres m \
                     ON m.numero_unique = d.numero_unique AND m.rang = 1 \
                     WHERE d.statut = 'active' AND d.rowid > $1 ORDER BY d.rowid LIMIT {PAGE}"
                ),
                &[int(after)],
                &[Int, Text, Date, Text, Text, Text, Text, Date],
            )
            .await?;
        let full = rows.len() as i64 == PAGE;
        for row in rows {
            let mut v = Values::of(row);
            let (rowid, numero, depot) = (v.int()?, v.text()?, v.date()?);
            let (nom, prenom, email, phone) =
                (v.optional_text()?, v.optional_text()?, v.optional_text()?, v.optional_text()?);
            let born = v.optional_date()?;
            let index = register.numeros.len() as u32;
            prints.add_keys(
                index,
                [
                    identity_key(nom.as_deref(), prenom.as_deref(), born),
                    email_key(email.as_deref()),
                    phone_key(phone.as_deref()),
                ],
            );
            after = rowid;
            register.numeros.push(numero.into_boxed_str());
            register.depots.push(depot);
        }
        if !full {
            break;
        }
    }
    Ok((register, prints))
}

/// SQLite: the groups of each criterion, from the fingerprints (older first in each).
async fn keyed_in_rust(store: &dyn Store) -> Result<Groups> {
    let (register, prints) = read(store).await?;
    Ok(prints.groups(|i| (register.depots[i as usize], &register.numeros[i as usize])))
}

/// PostgreSQL: the active applications having a key of `criterion`, in SQL: columns `k` (the
/// key), `n` (the numéro), `dd` (the date of registration). The same keys as
/// [`identity_key`], [`email_key`] and [`phone_key`].
fn keyed_sql(criterion: Criterion) -> &'static str {
    match criterion {
        Criterion::Identite => {
            "SELECT d.cle_nom || '|' || d.cle_prenom || '|' || CAST(m.date_naissance AS TEXT) AS k, \
             d.numero_unique AS n, d.date_depot AS dd \
             FROM demandes d JOIN membres m ON m.numero_unique = d.numero_unique AND m.rang = 1 \
             WHERE d.statut = 'active' AND d.cle_nom <> '' AND d.cle_prenom <> ''"
        }
        Criterion::Courriel => {
            "SELECT lower(trim(d.email)) AS k, d.numero_unique AS n, d.date_depot AS dd \
             FROM demandes d WHERE d.statut = 'active' AND trim(d.email) LIKE '_%@_%'"
        }
        Criterion::Telephone => {
            "SELECT CASE WHEN p.c LIKE '+33%' THEN '0' || substr(p.c, 4) \
             WHEN p.c LIKE '0033%' THEN '0' || substr(p.c, 5) ELSE p.c END AS k, p.n, p.dd \
             FROM (SELECT replace(replace(replace(replace(replace(replace(d.telephone, \
             ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '/', '') AS c, \
             d.numero_unique AS n, d.date_depot AS dd FROM demandes d \
             WHERE d.statut = 'active' AND d.telephone IS NOT NULL) AS p \
             WHERE length(CASE WHEN p.c LIKE '+33%' THEN '0' || substr(p.c, 4) \
             WHEN p.c LIKE '0033%' THEN '0' || substr(p.c, 5) ELSE p.c END) >= 10"
        }
    }
}

/// PostgreSQL: the groups of each criterion, counted in SQL (older first in each).
async fn keyed_in_sql(store: &dyn Store) -> Result<Groups> {
    let mut all = Vec::new();
    for criterion in Criterion::ALL {
        let sql = format!(
            "SELECT k, n FROM (SELECT k, n, dd, COUNT(*) OVER (PARTITION BY k) AS c \
             FROM ({}) AS t) AS w WHERE c > 1 ORDER BY k, dd, n",
            keyed_sql(criterion)
        );
        let rows = store.fetch(&sql, &[], &[Text, Text]).await?;
        let rows: Vec<(String, String)> = rows
            .into_iter()
            .map(|row| {
                let mut v = Values::of(row);
                Ok((v.text()?, v.text()?))
            })
            .collect::<Result<_>>()?;
        let groups =
            rows.chunk_by(|a, b| a.0 == b.0).map(|g| g.iter().map(|r| r.1.clone()).collect());
        all.push((criterion, groups.collect()));
    }
    Ok(all)
}

/// The groups of active applications that share a key, read from the store, the way its
/// backend finds them fastest.
pub async fn found_groups(store: &dyn Store) -> Result<Groups> {
    match store.backend() {
        "postgres" => keyed_in_sql(store).await,
        _ => keyed_in_rust(store).await,
    }
}

/// The pairs of applications that share a key in `groups` (older first: registered before,
/// then the smaller numéro), with what they share; and how many keys were shared by more than
/// [`MOST_SHARING`] applications, set aside.
pub fn pairs_of(groups: Groups) -> (BTreeMap<(String, String), Vec<Criterion>>, u64) {
    let mut pairs: BTreeMap<(String, String), Vec<Criterion>> = BTreeMap::new();
    let mut shared_keys = 0;
    for (criterion, groups) in groups {
        for members in groups {
            if members.len() > MOST_SHARING {
                shared_keys += 1;
                continue;
            }
            for (k, first) in members.iter().enumerate() {
                for then in &members[k + 1..] {
                    let criteria = pairs.entry((first.clone(), then.clone())).or_default();
                    if !criteria.contains(&criterion) {
                        criteria.push(criterion);
                    }
                }
            }
        }
    }
    (pairs, shared_keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn names_are_compared_without_accents_case_or_hyphens() {
        let born = Some(date!(1985 - 04 - 12));
        let a = identity_key(Some("Le Goff-Hervé"), Some("Chloé"), born);
        assert_eq!(a, identity_key(Some(" LE GOFF HERVE "), Some("chloe"), born));
        assert_eq!(a.as_deref(), Some("le goff herve|chloe|1985-04-12"));
        assert_ne!(
            a,
            identity_key(Some("Le Goff-Hervé"), Some("Chloé"), Some(date!(1986 - 04 - 12)))
        );
        assert_eq!(identity_key(Some("Martin"), Some(" "), born), None, "no first name");
        assert_eq!(identity_key(Some("Martin"), Some("Paul"), None), None, "no birth date");
    }

    #[test]
    fn e_mails_and_phones_are_compared_as_people_write_them() {
        assert_eq!(email_key(Some(" Chloe@Exemple.fr ")).as_deref(), Some("chloe@exemple.fr"));
        assert_eq!(email_key(Some("@exemple.fr")), None);
        assert_eq!(email_key(Some("chloe@")), None);
        assert_eq!(email_key(Some("sans arobase")), None);
        let phone = phone_key(Some("06 12 34 56 78"));
        assert_eq!(phone.as_deref(), Some("0612345678"));
        assert_eq!(phone_key(Some("+33 6.12.34.56.78")), phone);
        assert_eq!(phone_key(Some("0033 (6) 12-34-56/78")), phone);
        assert_eq!(phone_key(Some("3949")), None, "a short number is no one's");
    }
}
