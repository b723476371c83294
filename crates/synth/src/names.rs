//! Fictitious names and contact details for synthetic households (never real people).

use crate::random::Rand;
use rand::Rng;

const NOMS: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Benali",
    "Nguyen",
    "Da Silva",
    "Fabre",
    "Rouquette",
    "Cazals",
    "Delmas",
    "Lacombe",
    "Bousquet",
    "Castan",
];

const PRENOMS: &[&str] = &[
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Sarah",
    "Emma",
    "Jade",
    "Louise",
    "Nadia",
    "Fatima",
    "Sophie",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Lucas",
    "Hugo",
    "Thomas",
    "Nicolas",
    "Julien",
    "Mehdi",
    "Karim",
    "Antoine",
    "Pierre",
    "Jean",
    "Michel",
    "Alain",
    "Philippe",
    "Yannick",
    "Éric",
    "Marie",
    "Anne",
    "Céline",
    "Aurélie",
    "Mathieu",
    "Romain",
    "Kevin",
    "Sébastien",
    "Amandine",
    "Océane",
];

const RUES: &[&str] = &[
    "rue de la République",
    "avenue du 8 Mai 1945",
    "place de la Liberté",
    "rue Jean Jaurès",
    "boulevard Léon Cladel",
    "rue des Écoles",
    "chemin de Sarlac",
    "rue du Pont",
    "allée des Platanes",
    "rue Gambetta",
];

/// A fictitious titulaire: name, first name, e-mail, telephone, street address.
#[derive(Clone)]
pub struct Identity {
    pub nom: String,
    pub prenom: String,
    pub email: String,
    pub telephone: String,
    pub adresse: String,
}

/// The identity of the `serial`-th titulaire drawn: a name and first name from the lists, an
/// e-mail and a mobile number that are this household's own (derived from `serial`, as real
/// ones are unique to a person), an address in `commune_name`. The random draws of the contact
/// details are kept so that the rest of a generated set does not change with their form.
pub fn identity(rng: &mut Rand, commune_name: &str, serial: u64) -> Identity {
    let nom = NOMS[rng.random_range(0..NOMS.len())].to_owned();
    let prenom = PRENOMS[rng.random_range(0..PRENOMS.len())].to_owned();
    let _drawn_for_the_email: u32 = rng.random_range(1..100);
    let _drawn_for_the_phone: [u32; 3] = std::array::from_fn(|_| rng.random_range(0..100));
    let email = format!("{}.{}.{serial}@exemple.fr", slug(&prenom), slug(&nom));
    let telephone = mobile(serial);
    let adresse = format!(
        "{} {}, {}",
        rng.random_range(1..120),
        RUES[rng.random_range(0..RUES.len())],
        commune_name
    );
    Identity { nom, prenom, email, telephone, adresse }
}

/// `s` as a part of an e-mail: lower case, without accents, spaces as hyphens.
fn slug(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'à' => 'a',
            'ç' => 'c',
            ' ' => '-',
            c => c,
        })
        .collect()
}

/// A mobile number of its own for each `serial` below 10⁸ (a bijection of the eight digits:
/// 48 271 is prime to 10⁸), written as people do (« 06 12 34 56 78 »).
fn mobile(serial: u64) -> String {
    const DIGITS: u64 = 100_000_000;
    let n = (serial % DIGITS * 48_271 + 12_345) % DIGITS;
    format!("06 {:02} {:02} {:02} {:02}", n / 1_000_000, n / 10_000 % 100, n / 100 % 100, n % 100)
}

/// The same person registered again, as a reception desk may type them a second time: the
/// name in capitals without accents, and the phone written without spaces.
pub fn typed_again(first: &Identity) -> Identity {
    let plain = |s: &str| logis_domain::french::folded(s).to_uppercase();
    Identity {
        nom: plain(&first.nom),
        prenom: first.prenom.clone(),
        email: first.email.to_uppercase(),
        telephone: first.telephone.replace(' ', ""),
        adresse: first.adresse.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_household_has_its_own_mobile_number() {
        let numbers: std::collections::HashSet<String> = (0..200_000).map(mobile).collect();
        assert_eq!(numbers.len(), 200_000);
        assert_eq!(mobile(0), "06 00 01 23 45");
    }
}
