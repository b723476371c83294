//! The stock of dwellings: laid out commune by commune, written to logements.csv, and kept in
//! a compact form to allocate them to applications.

use crate::applications::Application;
use crate::random::{Rand, chance, pick, plus_days};
use crate::simulate::Summary;
use crate::territory::Territory;
use logis_domain::{
    Amount, Attribution, CodeInsee, Financement, Logement, LogementId, OrganismeId, Typologie,
};
use logis_exchange::{FileKind, RecordWriter};
use rand::Rng;
use std::collections::HashMap;
use std::io;
use std::path::Path;

/// What the simulation keeps of a dwelling to allocate it later.
pub struct Dwelling {
    id: LogementId,
    commune: u32,
    typologie: Typologie,
    bailleur: u16,
    reservataire: Option<u16>,
    qpv: Option<String>,
}

/// The dwellings, with indexes by commune and typology.
pub struct Stock {
    dwellings: Vec<Dwelling>,
    by_place: HashMap<(u32, Typologie), Vec<u32>>,
    by_commune: Vec<Vec<u32>>,
}

impl Stock {
    /// Lays out and writes the territory's dwellings.
    pub fn lay_out(
        t: &Territory,
        rng: &mut Rand,
        out: &Path,
        summary: &mut Summary,
    ) -> io::Result<Stock> {
        let dwellings = lay_out_dwellings(t, rng, out, summary)?;
        let mut by_place: HashMap<(u32, Typologie), Vec<u32>> = HashMap::new();
        let mut by_commune: Vec<Vec<u32>> = vec![Vec::new(); t.communes.len()];
        for (i, d) in dwellings.iter().enumerate() {
            by_place.entry((d.commune, d.typologie)).or_default().push(i as u32);
            by_commune[d.commune as usize].push(i as u32);
        }
        Ok(Stock { dwellings, by_place, by_commune })
    }

    /// The allocation of an allocated application: a dwelling of its typology in one of its
    /// communes (the first one mostly).
    pub fn allocate(&self, t: &Territory, app: &Application, rng: &mut Rand) -> Attribution {
        allocate(t, app, &self.dwellings, &self.by_place, &self.by_commune, rng)
    }
}

fn lay_out_dwellings(
    t: &Territory,
    rng: &mut Rand,
    out: &Path,
    summary: &mut Summary,
) -> io::Result<Vec<Dwelling>> {
    use Typologie::*;
    let mut writer = RecordWriter::create(out, FileKind::Logements)?;
    let mut dwellings = Vec::new();
    for (ci, commune) in t.communes.iter().enumerate() {
        for k in 0..t.dwellings[ci] {
            let typologie = pick(
                rng,
                &[(T1, 0.05), (T2, 0.22), (T3, 0.38), (T4, 0.26), (T5, 0.08), (T6, 0.01)],
            );
            let financement = pick(
                rng,
                &[
                    (Financement::Plai, 0.20),
                    (Financement::Plus, 0.70),
                    (Financement::Pls, 0.08),
                    (Financement::Pli, 0.02),
                ],
            );
            let bailleur = pick(rng, &t.owners[ci]);
            let reservataire = pick(rng, &t.reservations[ci]);
            let (codes, share) = &t.qpvs[ci];
            let qpv = (!codes.is_empty() && chance(rng, *share))
                .then(|| codes[rng.random_range(0..codes.len())].clone());
            let rooms = typologie as usize + 1;
            let surface = 18.0 + 16.0 * rooms as f64 + rng.random_range(-6.0..6.0);
            let per_m2 = match financement {
                Financement::Plai => 5.2,
                Financement::Plus => 5.9,
                Financement::Pls => 8.4,
                _ => 9.5,
            };
            let etage = if chance(rng, 0.3) { 0 } else { rng.random_range(0..6) };
            let logement = Logement {
                logement_id: LogementId::parse(&format!("{}-{:05}", commune.insee, k + 1))
                    .expect("valid id"),
                bailleur: t.organismes[bailleur].organisme_id.clone(),
                commune: CodeInsee::parse(&commune.insee).expect("embedded INSEE codes are valid"),
                adresse: Some(format!(
                    "{} résidence {}, {}",
                    rng.random_range(1..60),
                    k / 40 + 1,
                    commune.name
                )),
                qpv: qpv.clone(),
                typologie,
                surface: Some(Amount::from_cents((surface * 100.0).round() as i64)),
                loyer: Amount::from_cents((surface * per_m2 * 100.0).round() as i64),
                charges: Some(Amount::from_euros((surface * 1.1).round() as i64)),
                financement,
                etage: Some(etage),
                ascenseur: Some(etage >= 3 && chance(rng, 0.7)),
                pmr: Some(etage == 0 && chance(rng, 0.25)),
                reservataire: reservataire.map(|r| t.organismes[r].organisme_id.clone()),
                annee_construction: Some(construction_year(k)),
            };
            writer.write(&logement)?;
            summary.logements += 1;
            dwellings.push(Dwelling {
                id: logement.logement_id,
                commune: ci as u32,
                typologie,
                bailleur: bailleur as u16,
                reservataire: reservataire.map(|r| r as u16),
                qpv,
            });
        }
    }
    writer.finish()?;
    Ok(dwellings)
}

fn allocate(
    t: &Territory,
    app: &Application,
    dwellings: &[Dwelling],
    by_place: &HashMap<(u32, Typologie), Vec<u32>>,
    by_commune: &[Vec<u32>],
    rng: &mut Rand,
) -> Attribution {
    let commune = if app.communes.len() > 1 && chance(rng, 0.25) {
        app.communes[rng.random_range(1..app.communes.len())]
    } else {
        app.communes[0]
    } as u32;
    let typologie =
        app.demande.first_typologie().unwrap_or(Typologie::ALL[(app.membres.len()).min(5)]);
    let candidates = by_place
        .get(&(commune, typologie))
        .filter(|c| !c.is_empty())
        .unwrap_or(&by_commune[commune as usize]);
    let d = &dwellings[candidates[rng.random_range(0..candidates.len())] as usize];
    let date_bail =
        app.demande.date_radiation.expect("an allocated application has its lease date");
    let date_cal = plus_days(date_bail, -rng.random_range(7..45)).max(app.demande.date_depot);
    let bailleur = t.organismes[d.bailleur as usize].organisme_id.clone();
    let reservataire: OrganismeId = d
        .reservataire
        .map(|r| t.organismes[r as usize].organisme_id.clone())
        .unwrap_or_else(|| bailleur.clone());
    Attribution {
        numero_unique: app.demande.numero_unique.clone(),
        logement_id: Some(d.id.clone()),
        bailleur,
        commune: CodeInsee::parse(&t.communes[d.commune as usize].insee).expect("valid code"),
        qpv: d.qpv.clone(),
        typologie: d.typologie,
        reservataire,
        date_cal: Some(date_cal),
        date_bail,
        relogement_anru: Some(chance(rng, 0.015)),
        motif_ecart: chance(rng, 0.3).then(|| {
            pick(
                rng,
                &[
                    ("candidat mieux classé ayant refusé le logement", 0.35),
                    ("taux d'effort trop élevé pour le candidat mieux classé", 0.25),
                    ("candidat mieux classé injoignable", 0.15),
                    ("équilibre de peuplement de la résidence", 0.15),
                    ("logement adapté au handicap du candidat retenu", 0.10),
                ],
            )
            .to_owned()
        }),
    }
}

/// The year the `k`-th building of a commune was completed, spread from 1950 to 2024 without
/// drawing from the generator (the rest of the territory stays as it was for a given seed).
fn construction_year(k: u32) -> i32 {
    1950 + ((k.wrapping_mul(37) % 75) as i32)
}
