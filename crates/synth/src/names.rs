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
pub struct Identity {
    pub nom: String,
    pub prenom: String,
    pub email: String,
    pub telephone: String,
    pub adresse: String,
}

pub fn identity(rng: &mut Rand, commune_name: &str) -> Identity {
    let nom = NOMS[rng.random_range(0..NOMS.len())].to_owned();
    let prenom = PRENOMS[rng.random_range(0..PRENOMS.len())].to_owned();
    let slug = |s: &str| {
        s.to_lowercase()
            .chars()
            .map(|c| match c {
                'é' | 'è' | 'ê' => 'e',
                'à' => 'a',
                'ç' => 'c',
                ' ' => '-',
                c => c,
            })
            .collect::<String>()
    };
    let email = format!("{}.{}{}@exemple.fr", slug(&prenom), slug(&nom), rng.random_range(1..100));
    let telephone = format!(
        "06 00 {:02} {:02} {:02}",
        rng.random_range(0..100),
        rng.random_range(0..100),
        rng.random_range(0..100)
    );
    let adresse = format!(
        "{} {}, {}",
        rng.random_range(1..120),
        RUES[rng.random_range(0..RUES.len())],
        commune_name
    );
    Identity { nom, prenom, email, telephone, adresse }
}
