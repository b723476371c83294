//! The checks of conventions.csv that need the database as well as the file: each landlord is
//! an organisme of type `bailleur`, and the shares of a landlord's year — the file's rows with
//! those already stored that the file does not replace — stay within the whole flow and the
//! State's 30 % on every perimeter (`logis_flux::conventions`). Each problem is reported at the
//! file's line, in French; nothing is then written.

use logis_domain::{Convention, Organisme, OrganismeType};
use logis_exchange::Issue;
use logis_exchange::validate::Validation;
use logis_store::{Store, StoreError, export_all, lookup_all};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A convention's key: landlord, holder, year, commune (`''` for all).
type Key = (String, String, i32, String);

fn key_of(c: &Convention) -> Key {
    let commune = c.commune.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default();
    (c.bailleur.as_str().to_owned(), c.reservataire.as_str().to_owned(), c.annee, commune)
}

/// Adds to `validation`'s report what is wrong with its conventions given the database.
pub(crate) async fn check(
    store: &dyn Store,
    validation: &mut Validation,
) -> Result<(), StoreError> {
    if validation.conventions.is_empty() {
        return Ok(());
    }
    let file = validation.conventions_file.clone();
    let years: BTreeSet<(String, i32)> = validation
        .conventions
        .iter()
        .map(|(c, _)| (c.bailleur.as_str().to_owned(), c.annee))
        .collect();
    let mut merged: BTreeMap<Key, Convention> = BTreeMap::new();
    export_all::<Convention>(store, &mut |c| {
        if years.contains(&(c.bailleur.as_str().to_owned(), c.annee)) {
            merged.insert(key_of(&c), c);
        }
        Ok(())
    })
    .await?;
    for (c, _) in &validation.conventions {
        merged.insert(key_of(c), c.clone());
    }
    // The organismes' types: the set's, then the database's for the others named.
    let mut kinds: HashMap<String, OrganismeType> = validation.organisme_kinds.clone();
    let asked: BTreeSet<&str> = merged
        .values()
        .flat_map(|c| [c.bailleur.as_str(), c.reservataire.as_str()])
        .filter(|id| !kinds.contains_key(*id))
        .collect();
    // A few organismes: one lookup each (a lookup takes one whole key).
    let asked: Vec<String> = asked.into_iter().map(str::to_owned).collect();
    for id in &asked {
        for o in lookup_all::<Organisme>(store, &[id.as_str()]).await? {
            kinds.insert(o.organisme_id.as_str().to_owned(), o.kind);
        }
    }
    let mut first_line: BTreeMap<(String, i32), u64> = BTreeMap::new();
    let mut problems = Vec::new();
    for (c, line) in &validation.conventions {
        first_line.entry((c.bailleur.as_str().to_owned(), c.annee)).or_insert(*line);
        if let Some(kind) =
            kinds.get(c.bailleur.as_str()).filter(|k| **k != OrganismeType::Bailleur)
        {
            problems.push(
                Issue::row(
                    &file,
                    *line,
                    format!("l'organisme n'est pas un bailleur ({})", kind.label()),
                )
                .column("bailleur")
                .value(c.bailleur.as_str()),
            );
        }
    }
    let rows: Vec<Convention> = merged.into_values().collect();
    let is_state =
        |id: &logis_domain::OrganismeId| kinds.get(id.as_str()) == Some(&OrganismeType::Etat);
    for breach in logis_flux::conventions::breaches(&rows, is_state) {
        let line = first_line.get(&(breach.bailleur.as_str().to_owned(), breach.annee));
        problems
            .push(Issue::row(&file, line.copied().unwrap_or(1), breach.to_string()).column("part"));
    }
    for problem in problems {
        validation.report.error(problem);
    }
    Ok(())
}
