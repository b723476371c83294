//! The first pass of an import: every row of every file is read and checked (values, keys
//! unique within a file, households, references inside the set), in bounded memory: only keys
//! are kept. References the set does not resolve are left for the database to answer.

use crate::fileset::FileSet;
use crate::intern::KeyIndex;
use crate::read::read_records;
use crate::records::MembreRow;
use crate::report::{Issue, Report};
use crate::schema::FileKind;
use logis_domain::household::HouseholdCheck;
use logis_domain::{Attribution, Demande, Logement, Organisme, Seuils};
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

/// What is known of one application across the files, in a few bytes.
#[derive(Default, Clone, Copy)]
struct NumeroState {
    /// Line in demandes.csv (0 = not in the file).
    demande_line: u32,
    /// Line in attributions.csv (0 = not in the file).
    attribution_line: u32,
    /// First line of its household in membres.csv (0 = none).
    household_line: u32,
    household: HouseholdCheck,
}

/// Keys defined by the set, numbered, with what is known of each.
#[derive(Default)]
struct Keys {
    organismes: KeyIndex,
    organisme_lines: Vec<u32>,
    logements: KeyIndex,
    logement_lines: Vec<u32>,
    numeros: KeyIndex,
    states: Vec<NumeroState>,
    seuils: HashMap<i32, u64>,
}

impl Keys {
    fn numero(&mut self, key: &str) -> &mut NumeroState {
        let (id, added) = self.numeros.insert(key);
        if added {
            self.states.push(NumeroState::default());
        }
        &mut self.states[id as usize]
    }

    fn has_demande(&self, key: &str) -> bool {
        self.numeros.get(key).is_some_and(|id| self.states[id as usize].demande_line > 0)
    }
}

fn line32(line: u64) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// Records a key defined at `line`; a key seen before is a duplicate.
fn define(index: &mut KeyIndex, lines: &mut Vec<u32>, key: &str, line: u64) -> Option<u64> {
    let (id, added) = index.insert(key);
    if added {
        lines.push(line32(line));
        None
    } else {
        Some(u64::from(lines[id as usize]))
    }
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
                RefKind::Demande => keys.has_demande(key),
                RefKind::Organisme => keys.organismes.get(key).is_some(),
                RefKind::Logement => keys.logements.get(key).is_some(),
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
                    if let Some(first) =
                        define(&mut keys.organismes, &mut keys.organisme_lines, id, line)
                    {
                        duplicate(report, &file, line, first, "organisme_id", id);
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
                    let state = keys.numero(id);
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
                        state.demande_line = line32(line);
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
                    let state = keys.numero(id);
                    if state.household_line == 0 {
                        state.household_line = line32(line);
                    }
                    state.household.add(m.membre.rang, m.membre.lien);
                });
                check_households(&keys, &file, report);
            }
            FileKind::Logements => {
                read_records(set, entry, report, |line, l: Logement, report| {
                    tick(FileKind::Logements);
                    let id = l.logement_id.as_str();
                    if let Some(first) =
                        define(&mut keys.logements, &mut keys.logement_lines, id, line)
                    {
                        duplicate(report, &file, line, first, "logement_id", id);
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
                    let state = keys.numero(id);
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
                        state.attribution_line = line32(line);
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
            .states
            .iter()
            .enumerate()
            .filter(|(_, s)| s.demande_line > 0 && s.household_line == 0)
            .map(|(id, s)| (keys.numeros.key(id as u32), s.demande_line))
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
    let mut broken: Vec<(u32, &str, String)> = keys
        .states
        .iter()
        .enumerate()
        .filter(|(_, s)| s.household_line > 0)
        .filter_map(|(id, s)| {
            let error = s.household.result().err()?;
            Some((s.household_line, keys.numeros.key(id as u32), error.to_string()))
        })
        .collect();
    broken.sort();
    for (line, numero, message) in broken {
        report.error(
            Issue::row(file, u64::from(line), message).column("numero_unique").value(numero),
        );
    }
}
