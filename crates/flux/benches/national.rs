//! Benchmark of reservation rights as a yearly flow at national scale, in memory: the register
//! read from the generator's national file set (its conventions.csv included), then 100 000
//! dwellings freed in the last year oriented one after the other in date order by the deficit
//! rule, the counts oriented so far per landlord and year kept as the vacancy workflow keeps
//! them, then the 28-February bilan of every landlord. Orientation and bilans are timed twice:
//! scanning the register at each call (`orientation::propose`, one `bilan` per landlord), and
//! through the conventions indexed once (`orientation::propose_in`, `bilans`); both must give
//! the same results. Run with `cargo bench -p logis-flux --bench national`.
//!
//! `LOGIS_BENCH_SCALE=cctc` runs on the demo territory; `LOGIS_BENCH_SET` names a folder that
//! holds a generated file set (`logis generate --scale national --out F`), or where one is
//! generated and kept for the next runs (default: a temporary folder, removed at the end);
//! `LOGIS_BENCH_FREED` sets the number of dwellings freed (100 000).

use logis_domain::{
    Attribution, Convention, Demande, Logement, Organisme, OrganismeId, OrganismeType,
};
use logis_exchange::{FileKind, FileSet, Record, Report, read_records};
use logis_flux::bilan::{Bilans, bilan, bilans};
use logis_flux::orientation::{Proposal, propose, propose_in};
use logis_flux::{ConventionIndex, Dwelling, Register};
use logis_synth::Scale;
use logis_testkit::bench::timed;
use std::collections::HashMap;
use std::path::Path;

/// Every valid row of `kind` in `set`; a row the reader refuses stops the benchmark.
fn each_row<T: Record>(set: &FileSet, each: impl FnMut(T) + Send) {
    let Some(entry) = set.entry(T::KIND) else { return };
    let mut each = each;
    let mut report = Report::default();
    read_records(set, entry, &mut report, |_, record: T, _| each(record));
    assert!(report.errors.is_empty(), "{:?}", &report.errors[..report.errors.len().min(3)]);
}

/// The register of the file set in `dir`, and its landlords.
fn read_register(dir: &Path) -> (Register, Vec<OrganismeId>) {
    let mut report = Report::default();
    let set = FileSet::open(dir, &mut report).expect("a file set");
    let mut register = Register::default();
    let mut landlords = Vec::new();
    each_row(&set, |o: Organisme| {
        if o.kind == OrganismeType::Bailleur {
            landlords.push(o.organisme_id);
        }
    });
    each_row(&set, |l: Logement| {
        register.dwellings.insert(l.logement_id.clone(), Dwelling::of(&l));
    });
    each_row(&set, |d: Demande| register.add_application(&d));
    each_row(&set, |a: Attribution| register.attributions.push(a));
    each_row(&set, |c: Convention| register.conventions.push(c));
    assert!(set.entry(FileKind::Conventions).is_some(), "the generator writes conventions.csv");
    (register, landlords)
}

/// A dwelling freed: its landlord, commune and year.
type Freed<'a> = &'a Attribution;

/// Orients `freed` in order with `choose`, counting each proposal as confirmed: the holders
/// proposed, in order.
fn orient(
    freed: &[Freed<'_>],
    choose: impl Fn(Freed<'_>, &HashMap<OrganismeId, u64>) -> Proposal,
) -> Vec<OrganismeId> {
    let mut oriented: HashMap<(&OrganismeId, i32), HashMap<OrganismeId, u64>> = HashMap::new();
    freed
        .iter()
        .map(|a| {
            let so_far = oriented.entry((&a.bailleur, a.year())).or_default();
            let holder = choose(a, so_far).holder;
            *so_far.entry(holder.clone()).or_default() += 1;
            holder
        })
        .collect()
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let scale = match std::env::var("LOGIS_BENCH_SCALE").as_deref() {
        Ok("cctc") => Scale::Cctc,
        _ => Scale::National,
    };
    let wanted: usize =
        std::env::var("LOGIS_BENCH_FREED").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let territory = scale.territory();
    let year = territory.last_year;
    let temporary = tempfile::tempdir().expect("temporary folder");
    let dir = std::env::var("LOGIS_BENCH_SET")
        .map_or_else(|_| temporary.path().to_path_buf(), std::path::PathBuf::from);
    if !dir.join(FileKind::Organismes.file_name()).exists() {
        timed("génération du jeu de fichiers (seed 1, hors mesure)", || {
            logis_synth::generate(scale, 1, &dir, &|_, _| {}).expect("generate")
        });
    }
    let (register, landlords) =
        timed("lecture du registre (logements, demandes, attributions, conventions)", || {
            read_register(&dir)
        });
    let mut freed: Vec<Freed<'_>> =
        register.attributions.iter().filter(|a| a.year() == year).collect();
    freed.sort_by(|a, b| (a.date_bail, &a.numero_unique).cmp(&(b.date_bail, &b.numero_unique)));
    freed.truncate(wanted);
    println!(
        "{} attributions, {} logements, {} locataires HLM, {} conventions, {} bailleurs ; \
         {} logements libérés en {year}, {} cœurs",
        register.attributions.len(),
        register.dwellings.len(),
        register.social_tenants.len(),
        register.conventions.len(),
        landlords.len(),
        freed.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );

    let scanned = timed("orientation, conventions parcourues à chaque logement (propose)", || {
        orient(&freed, |a, so_far| propose(year, &a.bailleur, &a.commune, &register, so_far))
    });
    let index =
        timed("index des conventions par bailleur et année", || ConventionIndex::new(&register));
    let indexed = timed("orientation, conventions indexées (propose_in)", || {
        orient(&freed, |a, so_far| propose_in(year, &a.bailleur, &a.commune, &index, so_far))
    });
    assert_eq!(scanned, indexed, "both orientations propose the same holders");
    let to_holders = indexed.iter().zip(&freed).filter(|(h, a)| **h != a.bailleur).count();
    println!("  {to_holders} logements orientés vers un réservataire, les autres au bailleur");

    let mut sorted = landlords.clone();
    sorted.sort();
    let one_by_one = timed("bilans de chaque bailleur, un par un (bilan)", || Bilans {
        annee: year,
        bailleurs: sorted.iter().map(|b| bilan(year, b, &register)).collect(),
    });
    let all =
        timed("bilans de tous les bailleurs (bilans)", || bilans(year, &landlords, &register));
    assert_eq!(one_by_one, all, "both ways give the same bilans");
    let lines: usize = all.bailleurs.iter().map(|b| b.reservataires.len()).sum();
    let net: u64 = all.bailleurs.iter().map(|b| b.flux_net).sum();
    println!("  {} bilans, {lines} lignes, flux net {net}", all.bailleurs.len());
    let received: u64 = all.bailleurs.iter().flat_map(|b| &b.reservataires).map(|l| l.recus).sum();
    assert_eq!(received, net, "every letting of the net flow is received by one line");
}
