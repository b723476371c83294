//! Drawing one application: where the household wants to live, who it is, its situation and
//! resources, and how it ends (allocation, removal, or still active) under competing yearly
//! rates.

use crate::evidence;
use crate::household;
use crate::names;
use crate::random::{Rand, Weighted, chance, day_in_year, exponential_days, pick, plus_days};
use crate::territory::Territory;
use logis_domain::{
    Amount, CodeInsee, CriterePrioritaire, Demande, Membre, Motif, MotifRadiation, NumeroUnique,
    Seuils, SituationLogement, Statut,
};
use rand::Rng;
use std::collections::HashMap;
use time::{Date, Month};

/// Where demand goes: communes that have dwellings, weighted by their stock, and the same
/// within each département for second choices.
pub struct Demand {
    all: Weighted,
    places: Vec<usize>,
    by_departement: HashMap<String, (Weighted, Vec<usize>)>,
}

impl Demand {
    pub fn new(t: &Territory) -> Self {
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
pub struct Application {
    pub demande: Demande,
    pub membres: Vec<Membre>,
    /// Index of the chosen commune for an allocation.
    pub communes: Vec<usize>,
}

impl Application {
    /// Whether the application matters for the evaluation of the years from `from` on (the
    /// history starts there): filed since, active at the end of the year, or allocated since.
    /// An application filed before and removed during that year without a lease counts in no
    /// evaluation of those years.
    pub fn relevant(&self, from: Option<i32>) -> bool {
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

/// What the drawing of one application needs to know of those drawn before it.
#[derive(Default)]
pub struct Drawn {
    /// The last sequence number of each numéro's prefix.
    sequences: HashMap<String, u32>,
    /// How many applications were drawn.
    serial: u64,
    /// The titulaire of the application drawn last, with their birth date.
    previous: Option<(names::Identity, Date)>,
}

/// One application in this many is the previous household registered a second time (a
/// duplicate: registers hold some, more or less).
const REGISTERED_TWICE: u64 = 60;

pub fn draw_application(
    t: &Territory,
    demand: &Demand,
    rng: &mut Rand,
    year: i32,
    end: Date,
    drawn: &mut Drawn,
) -> Option<Application> {
    drawn.serial += 1;
    let depot = day_in_year(rng, year);
    let first = demand.first(rng);
    let mut communes = vec![first];
    for _ in 0..pick(rng, &[(0usize, 0.45), (1, 0.35), (2, 0.2)]) {
        let other = demand.near(t, first, rng);
        if !communes.contains(&other) {
            communes.push(other);
        }
    }
    let mut membres = household::members(rng, depot);
    let situation = household::situation(rng, t.mutation_share);
    let seuils = seuils_for(t, year);
    let ressources = household::monthly_resources(rng, &membres, depot, seuils);
    let criteres = criteres(rng, situation);
    let dalo = chance(rng, if criteres.is_empty() { 0.003 } else { 0.12 });
    let priority = dalo || !criteres.is_empty();
    let titulaire_age = logis_domain::household::age_at(membres[0].date_naissance, depot);
    let residence = if chance(rng, 0.7) { first } else { demand.near(t, first, rng) };
    let mut identity = names::identity(rng, &t.communes[residence].name, drawn.serial);
    if drawn.serial.is_multiple_of(REGISTERED_TWICE)
        && let Some((first, born)) = &drawn.previous
    {
        identity = names::typed_again(first);
        membres[0].date_naissance = *born;
    }
    drawn.previous = Some((identity.clone(), membres[0].date_naissance));
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
        numero_unique: numero(t, first, depot, &mut drawn.sequences),
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
        loyer_actuel: evidence::current_rent(rng, situation, ressources),
        refus_offres_adaptees: evidence::refused_offers(rng),
        pieces_verifiees: evidence::verified_pieces(
            rng,
            (closed.unwrap_or(end) - depot).whole_days() / 30,
            priority,
        ),
    };
    Some(Application { demande, membres, communes })
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
