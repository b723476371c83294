//! What two applications must share to be flagged as possible duplicates, computed in Rust over
//! the active applications read a page at a time (both backends, the same code): each
//! application's keys — the titulaire's folded name, first name and birth date; the e-mail;
//! the phone's digits — kept as 128-bit fingerprints beside its numéro, then sorted so that
//! equal keys meet. Folding in Rust (`logis_domain::french::folded`, the search's folding)
//! instead of SQL keeps the work to one read of the register: the national register's 2.6
//! million active applications are read and keyed in seconds.

use super::duplicates::{Criterion, MOST_SHARING};
use crate::statement::{Values, int, text};
use crate::tables::ColumnType::{Date, Text};
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

/// The active applications, by index: numéro and date of registration (older first).
#[derive(Default)]
struct Register {
    numeros: Vec<Box<str>>,
    depots: Vec<Day>,
}

/// The fingerprints of each criterion's keys, with the index of their application.
type Fingerprints = [Vec<(u128, u32)>; 3];

/// Reads every active application once, a page at a time, and fingerprints its keys.
async fn read(store: &dyn Store) -> Result<(Register, Fingerprints)> {
    let hashers = (RandomState::new(), RandomState::new());
    let fingerprint = |key: &str| {
        (u128::from(hashers.0.hash_one(key)) << 64) | u128::from(hashers.1.hash_one(key))
    };
    let mut register = Register::default();
    let mut prints: Fingerprints = Default::default();
    let mut after = String::new();
    loop {
        let rows = store
            .fetch(
                "SELECT d.numero_unique, d.date_depot, d.nom, d.prenom, d.email, d.telephone, \
                 m.date_naissance FROM demandes d LEFT JOIN membres m \
                 ON m.numero_unique = d.numero_unique AND m.rang = 1 \
                 WHERE d.statut = 'active' AND d.numero_unique > $1 \
                 ORDER BY d.numero_unique LIMIT $2",
                &[text(after.as_str()), int(PAGE)],
                &[Text, Date, Text, Text, Text, Text, Date],
            )
            .await?;
        let full = rows.len() as i64 == PAGE;
        for row in rows {
            let mut v = Values::of(row);
            let (numero, depot) = (v.text()?, v.date()?);
            let (nom, prenom, email, phone) =
                (v.optional_text()?, v.optional_text()?, v.optional_text()?, v.optional_text()?);
            let born = v.optional_date()?;
            let index = register.numeros.len() as u32;
            let keys = [
                identity_key(nom.as_deref(), prenom.as_deref(), born),
                email_key(email.as_deref()),
                phone_key(phone.as_deref()),
            ];
            for (prints, key) in prints.iter_mut().zip(keys) {
                if let Some(key) = key {
                    prints.push((fingerprint(&key), index));
                }
            }
            after.clone_from(&numero);
            register.numeros.push(numero.into_boxed_str());
            register.depots.push(depot);
        }
        if !full {
            break;
        }
    }
    Ok((register, prints))
}

/// The pairs of active applications that share a key (older first: registered before, then
/// the smaller numéro), with what they share; and how many keys were shared by more than
/// [`MOST_SHARING`] applications, set aside.
pub async fn found_pairs(
    store: &dyn Store,
) -> Result<(BTreeMap<(String, String), Vec<Criterion>>, u64)> {
    let (register, mut prints) = read(store).await?;
    let older = |i: u32| (register.depots[i as usize], &register.numeros[i as usize]);
    let mut pairs: BTreeMap<(String, String), Vec<Criterion>> = BTreeMap::new();
    let mut shared_keys = 0;
    for (criterion, prints) in Criterion::ALL.into_iter().zip(prints.iter_mut()) {
        prints.sort_unstable_by_key(|(print, _)| *print);
        for group in prints.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
            if group.len() > MOST_SHARING {
                shared_keys += 1;
                continue;
            }
            let mut members: Vec<u32> = group.iter().map(|(_, i)| *i).collect();
            members.sort_by_key(|i| older(*i));
            for (k, first) in members.iter().enumerate() {
                for then in &members[k + 1..] {
                    let key = (
                        register.numeros[*first as usize].to_string(),
                        register.numeros[*then as usize].to_string(),
                    );
                    let criteria = pairs.entry(key).or_default();
                    if !criteria.contains(&criterion) {
                        criteria.push(criterion);
                    }
                }
            }
        }
    }
    Ok((pairs, shared_keys))
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
