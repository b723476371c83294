//! Every commune of France (34 969, INSEE code, name, population, département, EPCI), shipped
//! with the product so that pages, files and the generator name communes without any download
//! (`data/communes.csv`, from the npm package `@etalab/decoupage-administratif` 6.0.0, MIT).

const COMMUNES: &str = include_str!("../data/communes.csv");

/// One commune of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commune {
    pub insee: &'static str,
    pub nom: &'static str,
    pub population: u32,
    /// Département code (`82`, `2A`, `971`).
    pub departement: &'static str,
    /// SIREN of its EPCI (empty when it belongs to none).
    pub epci: &'static str,
}

/// Every commune, in INSEE code order.
pub fn all() -> impl Iterator<Item = Commune> {
    COMMUNES.lines().skip(1).filter(|l| !l.is_empty()).map(|line| {
        let mut field = line.split(',');
        let mut next = || field.next().unwrap_or_default();
        let (insee, nom, population, departement, epci) = (next(), next(), next(), next(), next());
        Commune { insee, nom, population: population.parse().unwrap_or(0), departement, epci }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_commune_of_france_is_named() {
        let communes: Vec<Commune> = all().collect();
        assert_eq!(communes.len(), 34_969);
        let moissac = communes.iter().find(|c| c.insee == "82112").expect("Moissac");
        assert_eq!(
            (moissac.nom, moissac.departement, moissac.epci),
            ("Moissac", "82", "200066322")
        );
        assert!(communes.iter().all(|c| c.insee.len() == 5 && !c.nom.is_empty()));
    }
}
