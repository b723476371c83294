//! The first pass of an import: every row of every file is read and checked (values, keys
//! unique within a file, households, references inside the set), in bounded memory: only keys
//! are kept. References the set does not resolve are left for the database to answer.

use crate::fileset::FileSet;
use crate::read::read_records;
use crate::records::MembreRow;
use crate::report::{Issue, Report};
use crate::schema::FileKind;
use logis_domain::household::validate_household;
use logis_domain::{Attribution, Demande, Lien, Logement, Membre, Organisme, Seuils};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefKind {
    Demande,
    Organisme,
    Logement,
}

impl RefKind {
    fn unknown(self) -> &'static str {
        match self {
            RefKind::Demande => {
                "demande inconnue : ce numéro unique n'est ni dans demandes.csv ni dans la base"
            }
            RefKind::Organisme => {
                "organisme inconnu : cet identifiant n'est ni dans organismes.csv ni dans la base"
            }
            RefKind::Logement => {
                "logement inconnu : cet identifiant n'est ni dans logements.csv ni dans la base"
            }
        }
    }
}

/// A reference the file set does not resolve by itself.
#[derive(Debug, Clone)]
pub struct PendingRef {
    pub kind: RefKind,
    pub key: String,
    pub file: String,
    pub line: u64,
    pub column: &'static str,
}

/// The result of the first pass.
#[derive(Debug, Default)]
pub struct Validation {
    pub report: Report,
    pub pending: Vec<PendingRef>,
    /// Valid rows read, per file.
    pub rows: BTreeMap<FileKind, u64>,
}

impl Validation {
    /// The distinct keys of one kind that the database must be asked about.
    pub fn pending_keys(&self, kind: RefKind) -> Vec<String> {
        let keys: HashSet<&str> =
            self.pending.iter().filter(|p| p.kind == kind).map(|p| p.key.as_str()).collect();
        let mut keys: Vec<String> = keys.into_iter().map(str::to_owned).collect();
        keys.sort();
        keys
    }

    /// Turns the references the database does not know into errors.
    pub fn resolve(&mut self, known_in_database: impl Fn(RefKind, &str) -> bool) {
        for p in std::mem::take(&mut self.pending) {
            if !known_in_database(p.kind, &p.key) {
                self.report.error(
                    Issue::row(&p.file, p.line, p.kind.unknown()).column(p.column).value(&p.key),
                );
            }
        }
    }
}

/// What is known of one application across the files.
#[derive(Default)]
struct NumeroState {
    /// Line in demandes.csv (0 = not in the file).
    demande_line: u32,
    household: Option<HouseholdState>,
    /// Line in attributions.csv (0 = not in the file).
    attribution_line: u32,
}

/// The members of one household seen in membres.csv, kept small.
struct HouseholdState {
    first_line: u64,
    members: Vec<(u16, Lien)>,
}

/// Keys defined by the set, and the state of each application.
#[derive(Default)]
struct Keys {
    organismes: HashMap<Box<str>, u64>,
    logements: HashMap<Box<str>, u64>,
    numeros: HashMap<Box<str>, NumeroState>,
    seuils: HashMap<i32, u64>,
}

fn duplicate(report: &mut Report, file: &str, line: u64, first: u64, column: &str, value: &str) {
    report.error(
        Issue::row(file, line, format!("clé en double dans le fichier (déjà ligne {first})"))
            .column(column)
            .value(value),
    );
}

/// Reads and checks every file of the set, in loading order. `progress(file, rows)` is called
/// regularly while a file is read.
pub fn validate(set: &FileSet, progress: &dyn Fn(FileKind, u64)) -> Validation {
    let mut v = Validation::default();
    let mut keys = Keys::default();
    for entry in set.entries() {
        let file = entry.name.clone();
        let mut rows = 0u64;
        let mut tick = |kind| {
            rows += 1;
            if rows.is_multiple_of(10_000) {
                progress(kind, rows);
            }
        };
        let mut pending = Vec::new();
        let mut refer = |kind: RefKind, key: &str, line: u64, column: &'static str, keys: &Keys| {
            let defined = match kind {
                RefKind::Demande => keys.numeros.get(key).is_some_and(|s| s.demande_line > 0),
                RefKind::Organisme => keys.organismes.contains_key(key),
                RefKind::Logement => keys.logements.contains_key(key),
            };
            if !defined {
                pending.push(PendingRef {
                    kind,
                    key: key.to_owned(),
                    file: file.clone(),
                    line,
                    column,
                });
            }
        };
        let report = &mut v.report;
        match entry.kind {
            FileKind::Organismes => {
                read_records(set, entry, report, |line, o: Organisme, report| {
                    tick(FileKind::Organismes);
                    let id = o.organisme_id.as_str();
                    match keys.organismes.get(id) {
                        Some(&first) => duplicate(report, &file, line, first, "organisme_id", id),
                        None => {
                            keys.organismes.insert(id.into(), line);
                        }
                    }
                });
            }
            FileKind::Seuils => {
                read_records(set, entry, report, |line, s: Seuils, report| {
                    tick(FileKind::Seuils);
                    if let Some(&first) = keys.seuils.get(&s.annee) {
                        duplicate(report, &file, line, first, "annee", &s.annee.to_string());
                    } else {
                        keys.seuils.insert(s.annee, line);
                    }
                });
            }
            FileKind::Demandes => {
                read_records(set, entry, report, |line, d: Demande, report| {
                    tick(FileKind::Demandes);
                    let id = d.numero_unique.as_str();
                    let state = keys.numeros.entry(id.into()).or_default();
                    if state.demande_line > 0 {
                        duplicate(
                            report,
                            &file,
                            line,
                            u64::from(state.demande_line),
                            "numero_unique",
                            id,
                        );
                    } else {
                        state.demande_line = u32::try_from(line).unwrap_or(u32::MAX);
                    }
                    if let Some(b) = &d.bailleur_actuel {
                        refer(RefKind::Organisme, b.as_str(), line, "bailleur_actuel", &keys);
                    }
                });
            }
            FileKind::Membres => {
                read_records(set, entry, report, |line, m: MembreRow, _| {
                    tick(FileKind::Membres);
                    let id = m.numero_unique.as_str();
                    refer(RefKind::Demande, id, line, "numero_unique", &keys);
                    let state = keys.numeros.entry(id.into()).or_default();
                    let household = state.household.get_or_insert_with(|| HouseholdState {
                        first_line: line,
                        members: Vec::new(),
                    });
                    household.members.push((m.membre.rang, m.membre.lien));
                });
                check_households(&keys, &file, report);
            }
            FileKind::Logements => {
                read_records(set, entry, report, |line, l: Logement, report| {
                    tick(FileKind::Logements);
                    let id = l.logement_id.as_str();
                    if let Some(&first) = keys.logements.get(id) {
                        duplicate(report, &file, line, first, "logement_id", id);
                    } else {
                        keys.logements.insert(id.into(), line);
                    }
                    refer(RefKind::Organisme, l.bailleur.as_str(), line, "bailleur", &keys);
                    if let Some(r) = &l.reservataire {
                        refer(RefKind::Organisme, r.as_str(), line, "reservataire", &keys);
                    }
                });
            }
            FileKind::Attributions => {
                read_records(set, entry, report, |line, a: Attribution, report| {
                    tick(FileKind::Attributions);
                    let id = a.numero_unique.as_str();
                    refer(RefKind::Demande, id, line, "numero_unique", &keys);
                    let state = keys.numeros.entry(id.into()).or_default();
                    if state.attribution_line > 0 {
                        duplicate(
                            report,
                            &file,
                            line,
                            u64::from(state.attribution_line),
                            "numero_unique",
                            id,
                        );
                    } else {
                        state.attribution_line = u32::try_from(line).unwrap_or(u32::MAX);
                    }
                    if let Some(l) = &a.logement_id {
                        refer(RefKind::Logement, l.as_str(), line, "logement_id", &keys);
                    }
                    refer(RefKind::Organisme, a.bailleur.as_str(), line, "bailleur", &keys);
                    refer(RefKind::Organisme, a.reservataire.as_str(), line, "reservataire", &keys);
                });
            }
        }
        progress(entry.kind, rows);
        v.rows.insert(entry.kind, rows);
        v.pending.extend(pending);
    }
    if let Some(membres) = set.entry(FileKind::Membres) {
        let demandes =
            set.entry(FileKind::Demandes).map(|e| e.name.as_str()).unwrap_or("demandes.csv");
        let mut missing: Vec<(&str, u32)> = keys
            .numeros
            .iter()
            .filter(|(_, s)| s.demande_line > 0 && s.household.is_none())
            .map(|(k, s)| (k.as_ref(), s.demande_line))
            .collect();
        missing.sort_by_key(|&(_, line)| line);
        for (numero, line) in missing {
            v.report.error(
                Issue::row(
                    demandes,
                    u64::from(line),
                    format!("aucun membre dans {} pour cette demande", membres.name),
                )
                .column("numero_unique")
                .value(numero)
                .expected("au moins la ligne du titulaire (rang 1) dans membres.csv"),
            );
        }
    }
    v
}

/// Checks each household of membres.csv (one titulaire at rang 1, one cotitulaire at most,
/// no rang twice), reported at the household's first line.
fn check_households(keys: &Keys, file: &str, report: &mut Report) {
    let mut broken: Vec<(u64, &str, String)> = Vec::new();
    let birth = time::Date::MIN;
    for (numero, state) in &keys.numeros {
        let Some(household) = &state.household else { continue };
        let members: Vec<Membre> = household
            .members
            .iter()
            .map(|&(rang, lien)| Membre { rang, lien, date_naissance: birth })
            .collect();
        if let Err(e) = validate_household(&members) {
            broken.push((household.first_line, numero, e.to_string()));
        }
    }
    broken.sort();
    for (line, numero, message) in broken {
        report.error(Issue::row(file, line, message).column("numero_unique").value(numero));
    }
}
