//! The simulation: dwellings are laid out, applications are filed year after year, and each
//! one ends in an allocation, a removal, or is still active at the end of the history
//! (competing yearly rates). Rows are written as they are drawn: memory holds the dwellings'
//! index, never the applications.

use crate::household;
use crate::names;
use crate::random::{Rand, Weighted, chance, day_in_year, exponential_days, pick, plus_days};
use crate::territory::Territory;
use logis_domain::{
    Amount, Attribution, CodeInsee, CriterePrioritaire, Demande, Financement, Logement, LogementId,
    Membre, Motif, MotifRadiation, NumeroUnique, OrganismeId, Seuils, SituationLogement, Statut,
    Typologie,
};
use logis_exchange::{FileKind, MembreRow, RecordWriter};
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;
use time::{Date, Month};

/// Rows written per file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub organismes: u64,
    pub seuils: u64,
    pub logements: u64,
    pub demandes: u64,
    pub membres: u64,
    pub attributions: u64,
    /// Applications active at the end of the history.
    pub actives_fin: u64,
}

/// What the simulation keeps of a dwelling to allocate it later.
struct Dwelling {
    id: LogementId,
    commune: u32,
    typologie: Typologie,
    bailleur: u16,
    reservataire: Option<u16>,
    qpv: Option<String>,
}

struct Writers {
    demandes: RecordWriter<BufWriter<File>>,
    membres: RecordWriter<BufWriter<File>>,
    attributions: RecordWriter<BufWriter<File>>,
}

/// Generates the territory into `out` (created if missing). `progress(done, total)` counts
/// filing years.
pub fn simulate(
    t: &Territory,
    seed: u64,
    out: &Path,
    progress: &dyn Fn(u64, u64),
) -> io::Result<Summary> {
    std::fs::create_dir_all(out)?;
    let mut rng = Rand::seed_from_u64(seed);
    let mut summary = Summary::default();

    let mut w = RecordWriter::create(out, FileKind::Organismes)?;
    for o in &t.organismes {
        w.write(o)?;
        summary.organismes += 1;
    }
    w.finish()?;
    let mut w = RecordWriter::create(out, FileKind::Seuils)?;
    for s in &t.seuils {
        w.write(s)?;
        summary.seuils += 1;
    }
    w.finish()?;

    let dwellings = lay_out_dwellings(t, &mut rng, out, &mut summary)?;
    let mut by_place: HashMap<(u32, Typologie), Vec<u32>> = HashMap::new();
    let mut by_commune: Vec<Vec<u32>> = vec![Vec::new(); t.communes.len()];
    for (i, d) in dwellings.iter().enumerate() {
        by_place.entry((d.commune, d.typologie)).or_default().push(i as u32);
        by_commune[d.commune as usize].push(i as u32);
    }
    let demand = Demand::new(t);
    let mut writers = Writers {
        demandes: RecordWriter::create(out, FileKind::Demandes)?,
        membres: RecordWriter::create(out, FileKind::Membres)?,
        attributions: RecordWriter::create(out, FileKind::Attributions)?,
    };
    let end =
        Date::from_calendar_date(t.last_year, Month::December, 31).expect("31 December exists");
    let years = (t.first_filing_year..=t.last_year).count() as u64;
    let mut sequences: HashMap<String, u32> = HashMap::new();
    for (done, year) in (t.first_filing_year..=t.last_year).enumerate() {
        let count = (t.filings_per_year * rng.random_range(0.97..1.03)).round() as u64;
        for _ in 0..count {
            let app = draw_application(t, &demand, &mut rng, year, end, &mut sequences);
            let Some(app) = app.filter(|a| a.relevant(t.relevant_from)) else { continue };
            let allocation = (app.demande.statut == Statut::Attribuee)
                .then(|| allocate(t, &app, &dwellings, &by_place, &by_commune, &mut rng));
            write_application(&mut writers, &app, allocation, end, &mut summary)?;
        }
        progress(done as u64 + 1, years);
    }
    writers.demandes.finish()?;
    writers.membres.finish()?;
    writers.attributions.finish()?;
    Ok(summary)
}

fn write_application(
    w: &mut Writers,
    app: &Application,
    allocation: Option<Attribution>,
    end: Date,
    summary: &mut Summary,
) -> io::Result<()> {
    w.demandes.write(&app.demande)?;
    summary.demandes += 1;
    if app.demande.is_active_at(end) {
        summary.actives_fin += 1;
    }
    for m in &app.membres {
        w.membres.write(&MembreRow {
            numero_unique: app.demande.numero_unique.clone(),
            membre: m.clone(),
        })?;
        summary.membres += 1;
    }
    if let Some(a) = allocation {
        w.attributions.write(&a)?;
        summary.attributions += 1;
    }
    Ok(())
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

/// Where demand goes: communes that have dwellings, weighted by their stock, and the same
/// within each département for second choices.
struct Demand {
    all: Weighted,
    places: Vec<usize>,
    by_departement: HashMap<String, (Weighted, Vec<usize>)>,
}

impl Demand {
    fn new(t: &Territory) -> Self {
        let places: Vec<usize> = (0..t.communes.len()).filter(|&i| t.dwellings[i] > 0).collect();
        let all = Weighted::new(places.iter().map(|&i| f64::from(t.dwellings[i])));
        let mut grouped: HashMap<String, Vec<usize>> = HashMap::new();
        for &i in &places {
            grouped.entry(t.communes[i].departement.clone()).or_default().push(i);
        }
        let by_departement = grouped
            .into_iter()
            .map(|(d, list)| {
                (d, (Weighted::new(list.iter().map(|&i| f64::from(t.dwellings[i]))), list))
            })
            .collect();
        Demand { all, places, by_departement }
    }

    fn first(&self, rng: &mut Rand) -> usize {
        self.places[self.all.draw(rng)]
    }

    fn near(&self, t: &Territory, commune: usize, rng: &mut Rand) -> usize {
        let (weights, list) = &self.by_departement[&t.communes[commune].departement];
        list[weights.draw(rng)]
    }
}

/// A drawn application with its household.
struct Application {
    demande: Demande,
    membres: Vec<Membre>,
    /// Index of the chosen commune for an allocation.
    communes: Vec<usize>,
}

impl Application {
    /// Whether the application matters for the evaluation of the years from `from` on (the
    /// history starts there): filed since, active at the end of the year, or allocated since.
    /// An application filed before and removed during that year without a lease counts in no
    /// evaluation of those years.
    fn relevant(&self, from: Option<i32>) -> bool {
        let Some(year) = from else { return true };
        let d = &self.demande;
        let end = Date::from_calendar_date(year, Month::December, 31).expect("31 December exists");
        d.date_depot.year() >= year
            || d.is_active_at(end)
            || (d.statut == Statut::Attribuee && d.date_radiation.is_some_and(|r| r.year() >= year))
    }
}

fn seuils_for(t: &Territory, year: i32) -> &Seuils {
    t.seuils.iter().find(|s| s.annee == year).unwrap_or_else(|| {
        if year < t.seuils[0].annee {
            &t.seuils[0]
        } else {
            t.seuils.last().expect("thresholds exist")
        }
    })
}

fn numero(
    t: &Territory,
    commune: usize,
    depot: Date,
    sequences: &mut HashMap<String, u32>,
) -> NumeroUnique {
    let dep = &t.communes[commune].departement;
    let seq = sequences.entry(dep.clone()).or_insert(0);
    *seq += 1;
    let raw = format!(
        "{:0>3}{:02}{:02}{:06}G{:04}",
        dep,
        depot.month() as u8,
        depot.year() % 100,
        *seq % 1_000_000,
        commune % 10_000
    );
    NumeroUnique::parse(&raw).expect("generated numbers are valid")
}

fn motifs(rng: &mut Rand, situation: SituationLogement) -> Vec<Motif> {
    use Motif::*;
    let pool: &[(Motif, f64)] = match situation {
        SituationLogement::LocataireHlm => &[
            (TropPetit, 0.27),
            (Sante, 0.08),
            (Handicap, 0.07),
            (EnvironnementVoisinage, 0.12),
            (TropCher, 0.12),
            (TropGrand, 0.08),
            (RapprochementTravail, 0.08),
            (DivorceSeparation, 0.08),
            (RapprochementFamille, 0.05),
            (Autre, 0.05),
        ],
        s if s.sans_logement_propre() => &[
            (SansLogement, 0.35),
            (Decohabitation, 0.2),
            (DivorceSeparation, 0.12),
            (ViolencesFamiliales, 0.06),
            (FuturCouple, 0.1),
            (RapprochementTravail, 0.07),
            (Autre, 0.1),
        ],
        _ => &[
            (TropCher, 0.3),
            (TropPetit, 0.2),
            (NonDecentInsalubre, 0.08),
            (RepriseVente, 0.07),
            (RapprochementTravail, 0.08),
            (RapprochementServices, 0.06),
            (Expulsion, 0.04),
            (DivorceSeparation, 0.08),
            (Sante, 0.05),
            (AccedantDifficulte, 0.02),
            (Autre, 0.02),
        ],
    };
    let n = pick(rng, &[(1usize, 0.5), (2, 0.35), (3, 0.15)]);
    let mut chosen = Vec::new();
    for _ in 0..n * 3 {
        let m = pick(rng, pool);
        if !chosen.contains(&m) {
            chosen.push(m);
        }
        if chosen.len() == n {
            break;
        }
    }
    chosen
}

fn criteres(rng: &mut Rand, situation: SituationLogement) -> Vec<CriterePrioritaire> {
    use CriterePrioritaire::*;
    let p = if situation.sans_logement_propre() { 0.25 } else { 0.07 };
    if !chance(rng, p) {
        return Vec::new();
    }
    let pool = [
        (DefavoriseDifficultes, 0.30),
        (HebergeTemporaire, 0.15),
        (SortieHebergement, 0.10),
        (Handicap, 0.12),
        (ViolencesConjugales, 0.08),
        (ExpulsionSansRelogement, 0.08),
        (InsalubreDangereux, 0.05),
        (MineurIndecentSuroccupe, 0.05),
        (RepriseActiviteLongueDuree, 0.04),
        (ProstitutionSortie, 0.01),
        (TraiteEtresHumains, 0.01),
        (ViolencesMenaceMariageForce, 0.01),
    ];
    let mut chosen = vec![pick(rng, &pool)];
    if chance(rng, 0.2) {
        let second = pick(rng, &pool);
        if !chosen.contains(&second) {
            chosen.push(second);
        }
    }
    chosen.sort();
    chosen
}

/// The latest anniversary of `depot` strictly after it and on or before `until`.
fn renewal(depot: Date, until: Date) -> Option<Date> {
    let years = logis_domain::household::age_at(depot, until);
    (years >= 1).then(|| {
        let year = depot.year() + years as i32;
        Date::from_calendar_date(year, depot.month(), depot.day()).unwrap_or_else(|_| {
            Date::from_calendar_date(year, Month::March, 1).expect("1 March exists")
        })
    })
}

fn draw_application(
    t: &Territory,
    demand: &Demand,
    rng: &mut Rand,
    year: i32,
    end: Date,
    sequences: &mut HashMap<String, u32>,
) -> Option<Application> {
    let depot = day_in_year(rng, year);
    let first = demand.first(rng);
    let mut communes = vec![first];
    for _ in 0..pick(rng, &[(0usize, 0.45), (1, 0.35), (2, 0.2)]) {
        let other = demand.near(t, first, rng);
        if !communes.contains(&other) {
            communes.push(other);
        }
    }
    let membres = household::members(rng, depot);
    let situation = household::situation(rng, t.mutation_share);
    let seuils = seuils_for(t, year);
    let ressources = household::monthly_resources(rng, &membres, depot, seuils);
    let criteres = criteres(rng, situation);
    let dalo = chance(rng, if criteres.is_empty() { 0.003 } else { 0.12 });
    let priority = dalo || !criteres.is_empty();
    let titulaire_age = logis_domain::household::age_at(membres[0].date_naissance, depot);
    let residence = if chance(rng, 0.7) { first } else { demand.near(t, first, rng) };
    let identity = names::identity(rng, &t.communes[residence].name);
    let bailleur_actuel = (situation == SituationLogement::LocataireHlm)
        .then(|| t.organismes[pick(rng, &t.owners[first])].organisme_id.clone());

    let mut rate = t.allocation_rate;
    if priority {
        rate *= 1.8;
    }
    if situation == SituationLogement::LocataireHlm {
        rate *= 0.8;
    }
    let to_allocation = exponential_days(rng, rate).max(20);
    let to_removal = exponential_days(rng, t.radiation_rate).max(1);
    let motif = pick(
        rng,
        &[
            (MotifRadiation::NonRenouvellement, 0.60),
            (MotifRadiation::Abandon, 0.20),
            (MotifRadiation::Injoignable, 0.08),
            (MotifRadiation::Irrecevabilite, 0.04),
            (MotifRadiation::Doublon, 0.03),
            (MotifRadiation::Autre, 0.05),
        ],
    );
    let (statut, closed, motif_radiation) = if plus_days(depot, to_allocation.min(to_removal)) > end
    {
        (Statut::Active, None, None)
    } else if to_allocation < to_removal {
        (Statut::Attribuee, Some(plus_days(depot, to_allocation)), None)
    } else {
        (Statut::Radiee, Some(plus_days(depot, to_removal)), Some(motif))
    };
    let demande = Demande {
        numero_unique: numero(t, first, depot, sequences),
        date_depot: depot,
        date_renouvellement: renewal(depot, closed.unwrap_or(end)),
        statut,
        date_radiation: closed,
        motif_radiation,
        commune_residence: Some(
            CodeInsee::parse(&t.communes[residence].insee).expect("valid code"),
        ),
        situation_logement: situation,
        bailleur_actuel,
        ressources_mensuelles: ressources,
        revenu_fiscal_reference: Some(Amount::from_euros(
            (ressources.as_f64() * 12.0 * rng.random_range(0.85..1.05)).round() as i64,
        )),
        motifs: motifs(rng, situation),
        typologies_souhaitees: household::typologies(rng, membres.len()),
        communes_souhaitees: communes
            .iter()
            .map(|&c| CodeInsee::parse(&t.communes[c].insee).expect("valid code"))
            .collect(),
        pmr: Some(chance(
            rng,
            if criteres.contains(&CriterePrioritaire::Handicap) { 0.5 } else { 0.03 },
        )),
        criteres_prioritaires: criteres,
        dalo: Some(dalo),
        date_dalo: dalo
            .then(|| plus_days(depot, rng.random_range(60..400)).min(closed.unwrap_or(end))),
        salarie_prive: Some(titulaire_age < 65 && chance(rng, 0.35)),
        agent_public: Some(titulaire_age < 65 && chance(rng, 0.06)),
        guichet: Some(t.guichets[first].clone()),
        nom: Some(identity.nom),
        prenom: Some(identity.prenom),
        email: chance(rng, 0.8).then_some(identity.email),
        telephone: Some(identity.telephone),
        adresse: Some(identity.adresse),
    };
    Some(Application { demande, membres, communes })
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn renewal_is_the_last_anniversary() {
        assert_eq!(
            renewal(date!(2020 - 03 - 15), date!(2022 - 12 - 31)),
            Some(date!(2022 - 03 - 15))
        );
        assert_eq!(renewal(date!(2022 - 03 - 15), date!(2022 - 12 - 31)), None);
        assert_eq!(
            renewal(date!(2020 - 02 - 29), date!(2021 - 12 - 31)),
            Some(date!(2021 - 03 - 01))
        );
    }
}
