//! The zone of the income ceilings: Paris and its adjacent communes, the rest of Île-de-France,
//! the other regions (arrêté of 29 July 1987, annex I).

/// A zone of the ceilings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Zone {
    ParisLimitrophes,
    IleDeFrance,
    AutresRegions,
}

/// The communes adjacent to Paris (INSEE codes), in the first zone with Paris.
pub const ADJACENT_TO_PARIS: [&str; 29] = [
    "93001", "93006", "92012", "94018", "92024", "94033", "94037", "92040", "94041", "94042",
    "94043", "93045", "93061", "92044", "92046", "93048", "92049", "92051", "94052", "93055",
    "92062", "92064", "93066", "94067", "94069", "93070", "92073", "92075", "94080",
];

/// The départements of Île-de-France.
const ILE_DE_FRANCE: [&str; 8] = ["75", "77", "78", "91", "92", "93", "94", "95"];

impl Zone {
    pub const ALL: [Zone; 3] = [Zone::ParisLimitrophes, Zone::IleDeFrance, Zone::AutresRegions];

    /// The code used in the settings file.
    pub fn code(self) -> &'static str {
        match self {
            Zone::ParisLimitrophes => "paris_limitrophes",
            Zone::IleDeFrance => "ile_de_france",
            Zone::AutresRegions => "autres_regions",
        }
    }

    /// The French label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Zone::ParisLimitrophes => "Paris et communes limitrophes",
            Zone::IleDeFrance => "Île-de-France hors Paris et communes limitrophes",
            Zone::AutresRegions => "autres régions",
        }
    }

    pub fn from_code(code: &str) -> Option<Zone> {
        Zone::ALL.into_iter().find(|z| z.code() == code)
    }

    /// The zone of commune `insee`.
    pub fn of_commune(insee: &str) -> Zone {
        if insee.starts_with("75") || ADJACENT_TO_PARIS.contains(&insee) {
            Zone::ParisLimitrophes
        } else if ILE_DE_FRANCE.iter().any(|d| insee.starts_with(d)) {
            Zone::IleDeFrance
        } else {
            Zone::AutresRegions
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communes_fall_in_their_zone() {
        assert_eq!(Zone::of_commune("75056"), Zone::ParisLimitrophes);
        assert_eq!(Zone::of_commune("75115"), Zone::ParisLimitrophes, "an arrondissement");
        assert_eq!(Zone::of_commune("92012"), Zone::ParisLimitrophes, "Boulogne-Billancourt");
        assert_eq!(Zone::of_commune("92050"), Zone::IleDeFrance, "Nanterre is not adjacent");
        assert_eq!(Zone::of_commune("77288"), Zone::IleDeFrance);
        assert_eq!(Zone::of_commune("82112"), Zone::AutresRegions, "Moissac");
        assert_eq!(Zone::of_commune("2A004"), Zone::AutresRegions);
    }

    #[test]
    fn codes_read_back() {
        for zone in Zone::ALL {
            assert_eq!(Zone::from_code(zone.code()), Some(zone));
        }
    }
}
