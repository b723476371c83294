//! The two synthetic territories: the CCTC demo (its real 22 communes) and a national-scale
//! set (every commune of France). A territory says where dwellings are, who owns and reserves
//! them, and the demand's rates; the simulation does the rest.

use crate::data::{self, Commune};
use logis_domain::{CodeInsee, Organisme, OrganismeId, OrganismeType, Seuils};

/// Who may own or reserve a dwelling in a commune, with weights (indexes into `organismes`;
/// `None` as reservataire = the landlord itself).
pub type Owners = Vec<(usize, f64)>;
pub type Reservations = Vec<(Option<usize>, f64)>;

/// Everything the simulation needs to know about a territory.
pub struct Territory {
    pub code: String,
    pub name: String,
    pub communes: Vec<Commune>,
    pub organismes: Vec<Organisme>,
    /// Dwellings to create in each commune.
    pub dwellings: Vec<u32>,
    pub owners: Vec<Owners>,
    pub reservations: Vec<Reservations>,
    /// QPV codes of each commune and the share of its dwellings inside them.
    pub qpvs: Vec<(Vec<String>, f64)>,
    /// Reception desk that registers applications for a commune.
    pub guichets: Vec<String>,
    pub seuils: Vec<Seuils>,
    /// Applications are filed from this year…
    pub first_filing_year: i32,
    /// …to the end of this year, the last of the history.
    pub last_year: i32,
    pub filings_per_year: f64,
    /// Yearly chance of an allocation, and of a removal, for an active application.
    pub allocation_rate: f64,
    pub radiation_rate: f64,
    pub mutation_share: f64,
    /// Write only applications that matter from this year on: active at the end of the year
    /// before, or filed or allocated since (the history starts there).
    pub relevant_from: Option<i32>,
}

fn organisme(id: &str, nom: &str, kind: OrganismeType, commune: Option<&str>) -> Organisme {
    Organisme {
        organisme_id: OrganismeId::parse(id).expect("generator ids are valid"),
        nom: nom.to_owned(),
        kind,
        commune: commune.map(|c| CodeInsee::parse(c).expect("generator INSEE codes are valid")),
    }
}

const CASTELSARRASIN: &str = "82033";
const MOISSAC: &str = "82112";

/// The CC Terres des Confluences: about 1,400 dwellings mostly in Castelsarrasin and Moissac,
/// about 500 active applications at each 31 December and 150 allocations a year, 2019–2025.
pub fn cctc() -> Territory {
    use OrganismeType::*;
    let communes = data::cctc_communes();
    let organismes = vec![
        organisme("tgh", "Tarn-et-Garonne Habitat", Bailleur, None),
        organisme("promologis", "Promologis", Bailleur, None),
        organisme("colomiers_habitat", "Colomiers Habitat", Bailleur, None),
        organisme("etat", "État — contingent préfectoral (ménages prioritaires)", Etat, None),
        organisme("etat_fonctionnaires", "État — agents publics", Etat, None),
        organisme("action_logement", "Action Logement Services", ActionLogement, None),
        organisme("departement_82", "Département de Tarn-et-Garonne", Departement, None),
        organisme("200066322", "CC Terres des Confluences", Epci, None),
        organisme("commune_82033", "Commune de Castelsarrasin", Commune, Some(CASTELSARRASIN)),
        organisme("commune_82112", "Commune de Moissac", Commune, Some(MOISSAC)),
    ];
    let qpv_codes: Vec<String> = data::cctc_qpvs().into_iter().map(|q| q.code).collect();
    let mut dwellings = Vec::new();
    let mut owners = Vec::new();
    let mut reservations = Vec::new();
    let mut qpvs = Vec::new();
    let mut guichets = Vec::new();
    for c in &communes {
        let (count, own, commune_holder): (u32, Owners, Option<usize>) = match c.insee.as_str() {
            CASTELSARRASIN => (660, vec![(0, 0.62), (1, 0.38)], Some(8)),
            MOISSAC => (560, vec![(0, 0.48), (1, 0.38), (2, 0.14)], Some(9)),
            "82096" => (62, vec![(0, 0.7), (1, 0.3)], None),
            "82169" => (38, vec![(0, 1.0)], None),
            "82171" => (26, vec![(1, 1.0)], None),
            "82031" => (20, vec![(0, 1.0)], None),
            _ => ((c.population / 160).min(8), vec![(0, 1.0)], None),
        };
        dwellings.push(count);
        owners.push(own);
        let mut holders: Reservations = vec![
            (Some(3), 0.25),
            (Some(4), 0.05),
            (Some(5), 0.15),
            (Some(6), 0.04),
            (Some(7), 0.02),
            (None, 0.39),
        ];
        if let Some(h) = commune_holder {
            holders.push((Some(h), 0.10));
        }
        reservations.push(holders);
        qpvs.push(if c.insee == MOISSAC { (qpv_codes.clone(), 0.42) } else { (Vec::new(), 0.0) });
        guichets.push(match c.insee.as_str() {
            CASTELSARRASIN => "Mairie de Castelsarrasin".to_owned(),
            MOISSAC => "Mairie de Moissac".to_owned(),
            _ => "Tarn-et-Garonne Habitat — agence de Castelsarrasin".to_owned(),
        });
    }
    let seuils = data::with_history(data::epci_thresholds("200066322"));
    Territory {
        code: "200066322".into(),
        name: "Communauté de communes Terres des Confluences".into(),
        communes,
        organismes,
        dwellings,
        owners,
        reservations,
        qpvs,
        guichets,
        seuils,
        first_filing_year: 2012,
        last_year: 2025,
        filings_per_year: 318.0,
        allocation_rate: 0.30,
        radiation_rate: 0.33,
        mutation_share: 0.33,
        relevant_from: Some(2019),
    }
}

/// Every commune of France: about 2.7 million applications active at the last 31 December,
/// 384,000 allocations a year, the last two years complete.
pub fn national() -> Territory {
    use OrganismeType::*;
    let communes = data::all_communes();
    let mut departements: Vec<String> = communes.iter().map(|c| c.departement.clone()).collect();
    departements.sort();
    departements.dedup();
    let mut organismes = vec![
        organisme("etat", "État — contingent préfectoral (ménages prioritaires)", Etat, None),
        organisme("etat_fonctionnaires", "État — agents publics", Etat, None),
        organisme("action_logement", "Action Logement Services", ActionLogement, None),
    ];
    const ESH: usize = 180;
    let esh_start = organismes.len();
    for i in 0..ESH {
        organismes.push(organisme(
            &format!("esh_{i:03}"),
            &format!("Entreprise sociale pour l'habitat n° {}", i + 1),
            Bailleur,
            None,
        ));
    }
    let dep_start = organismes.len();
    for d in &departements {
        organismes.push(organisme(
            &format!("oph_{d}"),
            &format!("Office public de l'habitat ({d})"),
            Bailleur,
            None,
        ));
        organismes.push(organisme(
            &format!("departement_{d}"),
            &format!("Département {d}"),
            Departement,
            None,
        ));
    }
    let dep_index =
        |d: &str| departements.binary_search_by(|x| x.as_str().cmp(d)).expect("known département");
    // Social dwellings concentrate in towns: weight population^1.25, about 1.2 million in all.
    let weights: Vec<f64> = communes.iter().map(|c| f64::from(c.population).powf(1.25)).collect();
    let total: f64 = weights.iter().sum();
    let target = 1_200_000.0;
    let mut dwellings = Vec::new();
    let mut owners = Vec::new();
    let mut reservations = Vec::new();
    let mut qpvs = Vec::new();
    let mut guichets = Vec::new();
    for (i, c) in communes.iter().enumerate() {
        let count = (weights[i] / total * target).floor() as u32;
        dwellings.push(if c.population >= 2_000 { count } else { 0 });
        let dep = dep_index(&c.departement);
        let esh = |k: usize| esh_start + (dep * 7 + k * 31) % ESH;
        owners.push(vec![
            (dep_start + 2 * dep, 0.45),
            (esh(0), 0.25),
            (esh(1), 0.18),
            (esh(2), 0.12),
        ]);
        let mut holders: Reservations = vec![
            (Some(0), 0.25),
            (Some(1), 0.05),
            (Some(2), 0.18),
            (Some(dep_start + 2 * dep + 1), 0.04),
            (None, 0.38),
        ];
        if c.population >= 30_000 {
            holders.push((Some(organismes.len()), 0.10));
            organismes.push(organisme(
                &format!("commune_{}", c.insee),
                &format!("Commune de {}", c.name),
                Commune,
                Some(&c.insee),
            ));
        }
        reservations.push(holders);
        // About 31 % of the stock lies in QPVs, in the larger towns.
        let share = if c.population >= 20_000 {
            0.45
        } else if c.population >= 8_000 {
            0.25
        } else {
            0.0
        };
        let codes = if share > 0.0 {
            vec![
                format!("QN{:0>3}{}M", c.departement, &c.insee[2..4]),
                format!("QN{:0>3}{}N", c.departement, &c.insee[2..4]),
            ]
        } else {
            Vec::new()
        };
        qpvs.push((codes, share));
        guichets.push(format!("Mairie de {}", c.name));
    }
    let seuils = data::with_history(data::national_median_thresholds());
    Territory {
        code: "france".into(),
        name: "France entière (jeu national synthétique)".into(),
        communes,
        organismes,
        dwellings,
        owners,
        reservations,
        qpvs,
        guichets,
        seuils,
        first_filing_year: 2016,
        last_year: 2025,
        filings_per_year: 1_400_000.0,
        allocation_rate: 0.142,
        radiation_rate: 0.376,
        mutation_share: 0.33,
        relevant_from: Some(2024),
    }
}
