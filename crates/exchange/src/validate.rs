//! Checking a file set row by row (values, keys unique within a file, households, references
//! inside the set), in bounded memory: only keys are kept, a few bytes each. References the set
//! does not resolve are left for the database to answer. The [`Validator`] sees each record
//! once, so that an import can check and write in a single reading of the files.

use crate::fileset::FileSet;
use crate::intern::KeyIndex;
use crate::read::read_records;
use crate::records::MembreRow;
use crate::records::Record;
use crate::report::{Issue, Report};
use crate::schema::FileKind;
use logis_domain::household::HouseholdCheck;
use logis_domain::{Attribution, Convention, Demande, Logement, Organisme, OrganismeType, Seuils};
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
                "demande inconnue : ce numéro unique n'est ni dans demandes.csv ni dans la base ; \
                 ajoutez la demande à demandes.csv ou corrigez le numéro"
            }
            RefKind::Organisme => {
                "organisme inconnu : cet identifiant n'est ni dans organismes.csv ni dans la base ; \
                 ajoutez l'organisme à organismes.csv ou corrigez l'identifiant"
            }
            RefKind::Logement => {
                "logement inconnu : cet identifiant n'est ni dans logements.csv ni dans la base ; \
                 ajoutez le logement à logements.csv ou corrigez l'identifiant"
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

/// What checking a whole file set found.
#[derive(Debug, Default)]
pub struct Validation {
    pub report: Report,
    pub pending: Vec<PendingRef>,
    /// Valid rows read, per file.
    pub rows: BTreeMap<FileKind, u64>,
    /// The conventions of the set with their line, for the checks that need the database too
    /// (their sums with the stored conventions, the organismes' types).
    pub conventions: Vec<(Convention, u64)>,
    /// The name conventions.csv has in the set.
    pub conventions_file: String,
    /// The type of each organisme of the set.
    pub organisme_kinds: HashMap<String, OrganismeType>,
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

    /// Settles the pending references of one kind: those whose key the database does not
    /// know become errors; the other kinds stay pending.
    pub fn resolve(&mut self, kind: RefKind, known_in_database: &HashSet<String>) {
        let (settled, others) =
            std::mem::take(&mut self.pending).into_iter().partition(|p| p.kind == kind);
        self.pending = others;
        let settled: Vec<PendingRef> = settled;
        for p in settled.into_iter().filter(|p| !known_in_database.contains(&p.key)) {
            self.report.error(
                Issue::row(&p.file, p.line, p.kind.unknown()).column(p.column).value(&p.key),
            );
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
    organisme_kinds: HashMap<String, OrganismeType>,
    /// Each convention's key (landlord, holder, year, commune) and its line.
    conventions: HashMap<(String, String, i32, String), u64>,
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

/// Checks records one by one, remembering keys across files. Files must be given in loading
/// order ([`FileSet::entries`]): referenced files first.
#[derive(Default)]
pub struct Validator {
    keys: Keys,
    pending: Vec<PendingRef>,
    rows: BTreeMap<FileKind, u64>,
    conventions: Vec<(Convention, u64)>,
    conventions_file: String,
}

/// A record the validator knows how to check.
pub trait Checked: Record {
    fn check(&self, v: &mut Validator, file: &str, line: u64, report: &mut Report);
}

impl Validator {
    /// Checks one valid record of `file` (its values were already parsed without problem).
    pub fn check<T: Checked>(&mut self, file: &str, line: u64, record: &T, report: &mut Report) {
        *self.rows.entry(T::KIND).or_default() += 1;
        record.check(self, file, line, report);
    }

    /// The number the validator gives application `numero` (in the order numéros were first
    /// seen, from 0), if it has seen it: what an import indexes what it derives by.
    pub fn numero_index(&self, numero: &str) -> Option<u32> {
        self.keys.numeros.get(numero)
    }

    /// The numéro numbered `index`.
    pub fn numero_at(&self, index: u32) -> &str {
        self.keys.numeros.key(index)
    }

    /// Valid rows checked so far in a file kind.
    pub fn rows(&self, kind: FileKind) -> u64 {
        self.rows.get(&kind).copied().unwrap_or(0)
    }

    fn refer(&mut self, kind: RefKind, key: &str, file: &str, line: u64, column: &'static str) {
        let defined = match kind {
            RefKind::Demande => self.keys.has_demande(key),
            RefKind::Organisme => self.keys.organismes.get(key).is_some(),
            RefKind::Logement => self.keys.logements.get(key).is_some(),
        };
        if !defined {
            self.pending.push(PendingRef {
                kind,
                key: key.to_owned(),
                file: file.to_owned(),
                line,
                column,
            });
        }
    }

    /// To call when a whole file has been read: checks the households of membres.csv.
    pub fn end_of_file(&mut self, kind: FileKind, file: &str, report: &mut Report) {
        if kind == FileKind::Membres {
            check_households(&self.keys, file, report);
        }
    }

    /// The checks that need every file: each application of demandes.csv has its members when
    /// membres.csv is in the set.
    pub fn finish(self, set: &FileSet, mut report: Report) -> Validation {
        if let Some(membres) = set.entry(FileKind::Membres) {
            let demandes =
                set.entry(FileKind::Demandes).map_or("demandes.csv", |e| e.name.as_str());
            let keys = &self.keys;
            let mut missing: Vec<(&str, u32)> = keys
                .states
                .iter()
                .enumerate()
                .filter(|(_, s)| s.demande_line > 0 && s.household_line == 0)
                .map(|(id, s)| (keys.numeros.key(id as u32), s.demande_line))
                .collect();
            missing.sort_by_key(|&(_, line)| line);
            for (numero, line) in missing {
                report.error(
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
        Validation {
            report,
            pending: self.pending,
            rows: self.rows,
            conventions: self.conventions,
            conventions_file: self.conventions_file,
            organisme_kinds: self.keys.organisme_kinds,
        }
    }
}

impl Checked for Organisme {
    fn check(&self, v: &mut Validator, file: &str, line: u64, report: &mut Report) {
        let id = self.organisme_id.as_str();
        if let Some(first) = define(&mut v.keys.organismes, &mut v.keys.organisme_lines, id, line) {
            duplicate(report, file, line, first, "organisme_id", id);
        }
        v.keys.organisme_kinds.insert(id.to_owned(), self.kind);
    }
}

impl Checked for Seuils {
    fn check(&self, v: &mut Validator, file: &str, line: u64, report: &mut Report) {
        if let Some(&first) = v.keys.seuils.get(&self.annee) {
            duplicate(report, file, line, first, "annee", &self.annee.to_string());
        } else {
            v.keys.seuils.insert(self.annee, line);
        }
    }
}

impl Checked for Demande {
    fn check(&self, v: &mut Validator, file: &str, line: u64, report: &mut Report) {
        let id = self.numero_unique.as_str();
        let state = v.keys.numero(id);
        if state.demande_line > 0 {
            let first = u64::from(state.demande_line);
            duplicate(report, file, line, first, "numero_unique", id);
        } else {
            state.demande_line = line32(line);
        }
        if let Some(b) = &self.bailleur_actuel {
            v.refer(RefKind::Organisme, b.as_str(), file, line, "bailleur_actuel");
        }
    }
}

impl Checked for MembreRow {
    fn check(&self, v: &mut Validator, file: &str, line: u64, _: &mut Report) {
        let id = self.numero_unique.as_str();
        v.refer(RefKind::Demande, id, file, line, "numero_unique");
        let state = v.keys.numero(id);
        if state.household_line == 0 {
            state.household_line = line32(line);
        }
        state.household.add(self.membre.rang, self.membre.lien);
    }
}

impl Checked for Logement {
    fn check(&self, v: &mut Validator, file: &str, line: u64, report: &mut Report) {
        let id = self.logement_id.as_str();
        if let Some(first) = define(&mut v.keys.logements, &mut v.keys.logement_lines, id, line) {
            duplicate(report, file, line, first, "logement_id", id);
        }
        v.refer(RefKind::Organisme, self.bailleur.as_str(), file, line, "bailleur");
        if let Some(r) = &self.reservataire {
            v.refer(RefKind::Organisme, r.as_str(), file, line, "reservataire");
        }
    }
}

impl Checked for Attribution {
    fn check(&self, v: &mut Validator, file: &str, line: u64, report: &mut Report) {
        let id = self.numero_unique.as_str();
        v.refer(RefKind::Demande, id, file, line, "numero_unique");
        let state = v.keys.numero(id);
        if state.attribution_line > 0 {
            let first = u64::from(state.attribution_line);
            duplicate(report, file, line, first, "numero_unique", id);
        } else {
            state.attribution_line = line32(line);
        }
        if let Some(l) = &self.logement_id {
            v.refer(RefKind::Logement, l.as_str(), file, line, "logement_id");
        }
        v.refer(RefKind::Organisme, self.bailleur.as_str(), file, line, "bailleur");
        v.refer(RefKind::Organisme, self.reservataire.as_str(), file, line, "reservataire");
    }
}

impl Checked for Convention {
    fn check(&self, v: &mut Validator, file: &str, line: u64, report: &mut Report) {
        let commune = self.commune.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default();
        let key = (
            self.bailleur.as_str().to_owned(),
            self.reservataire.as_str().to_owned(),
            self.annee,
            commune,
        );
        if let Some(&first) = v.keys.conventions.get(&key) {
            let value = format!("{} / {} / {}", key.0, key.1, key.2);
            duplicate(report, file, line, first, "reservataire", &value);
        } else {
            v.keys.conventions.insert(key, line);
        }
        v.refer(RefKind::Organisme, self.bailleur.as_str(), file, line, "bailleur");
        v.refer(RefKind::Organisme, self.reservataire.as_str(), file, line, "reservataire");
        v.conventions.push((self.clone(), line));
        v.conventions_file = file.to_owned();
    }
}

/// Reads one file of the set through the validator; `each` also gets every valid record, with
/// the validator that has just checked it and the report so far.
/// Returns `false` when the file could not be read to its end.
pub fn check_file<T: Checked>(
    set: &FileSet,
    entry: &crate::Entry,
    validator: &mut Validator,
    report: &mut Report,
    progress: &(dyn Fn(FileKind, u64) + Sync),
    mut each: impl FnMut(T, &Validator, &Report) + Send,
) -> bool {
    let file = entry.name.as_str();
    let complete = read_records(set, entry, report, |line, record: T, report| {
        validator.check(file, line, &record, report);
        let rows = validator.rows(T::KIND);
        if rows.is_multiple_of(10_000) {
            progress(T::KIND, rows);
        }
        each(record, validator, report);
    });
    progress(T::KIND, validator.rows(T::KIND));
    validator.end_of_file(T::KIND, file, report);
    complete
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
