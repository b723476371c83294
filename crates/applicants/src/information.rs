//! What the territory's information service (SAID, service d'accueil et d'information des
//! demandeurs, CCH L441-2-8) tells applicants and the public: the reception desks with their
//! address and hours, how allocation works here, the objectives of the territory. The EPCI
//! edits it ([`save`]: checked against [`MOST_DESKS`] and the lengths, every problem said in
//! French where it is); anyone reads it ([`read`]), with plain words by default until
//! something was saved. Kept as one setting (JSON), which keeps who changed it and when; it
//! holds nothing personal, so no audit line is written.

use logis_store::settings::{self, INFORMATION, StoredSetting};
use logis_store::{Store, StoreError};
use serde::{Deserialize, Serialize};

/// The most reception desks listed.
pub const MOST_DESKS: usize = 40;
/// The longest field of a desk, in characters.
pub const MOST_FIELD_CHARS: usize = 300;
/// The longest text (how allocation works, the objectives), in characters.
pub const MOST_TEXT_CHARS: usize = 6_000;

/// A reception desk where applicants register and are informed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guichet {
    pub nom: String,
    /// Several lines allowed.
    pub adresse: String,
    /// Opening hours, several lines allowed.
    pub horaires: String,
    pub telephone: Option<String>,
    pub courriel: Option<String>,
}

/// What the information service says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Information {
    pub guichets: Vec<Guichet>,
    /// How allocation works here: plain text, paragraphs separated by a blank line, a list
    /// as lines starting with « - ».
    pub fonctionnement: String,
    /// The territory's objectives, in the same plain text.
    pub objectifs: String,
}

/// When it was last saved, and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub at: i64,
    pub by: String,
}

/// A field of a desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskField {
    Nom,
    Adresse,
    Horaires,
    Telephone,
    Courriel,
}

/// Where a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The list of desks as a whole.
    Guichets,
    /// A field of the desk at this index (from 0) of [`Information::guichets`].
    Guichet(usize, DeskField),
    Fonctionnement,
    Objectifs,
}

/// One problem of a refused text, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub why: String,
}

/// Why the information was not saved or cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum InformationError {
    #[error("informations non enregistrées : {}", .0.iter().map(|p| p.why.as_str()).collect::<Vec<_>>().join(" ; "))]
    Invalid(Vec<Problem>),
    /// The saved text is no longer readable (changed outside Logis).
    #[error("les informations enregistrées ne se lisent plus : enregistrez-les de nouveau")]
    Unreadable,
    /// The store failed; its cause is kept for the server's log.
    #[error("service momentanément indisponible")]
    Store(#[from] StoreError),
}

/// How allocation works, in general terms, until the territory writes its own words.
pub const DEFAULT_FONCTIONNEMENT: &str = "\
Pour obtenir un logement social, il faut d'abord déposer une demande. Vous pouvez la déposer à un guichet d'enregistrement, ou en ligne sur www.demande-logement-social.gouv.fr. Vous recevez un numéro unique : gardez-le, il vous sera demandé.

Votre demande reçoit des points, selon la grille de cotation adoptée par le territoire. C'est la cotation. Elle aide à choisir les candidats, mais elle ne décide pas seule.

Quand un logement se libère, le bailleur présente en général trois candidats à sa commission d'attribution des logements (CALEOL). La commission décide librement. Quand elle ne suit pas l'ordre des points, elle doit dire pourquoi.

Votre demande est valable un an. Renouvelez-la chaque année avant sa date anniversaire : sinon, elle est radiée et vous perdez votre ancienneté.

Votre situation change (naissance, séparation, emploi, ressources, adresse) ? Signalez-le à un guichet : votre demande et vos points seront mis à jour.";

/// The objectives the law sets every territory, until the territory writes its own words.
pub const DEFAULT_OBJECTIFS: &str = "\
La loi fixe des objectifs à chaque territoire :
- hors des quartiers prioritaires de la politique de la ville, au moins un quart des logements attribués va aux ménages aux ressources les plus modestes (le premier quart des demandeurs) ;
- dans ces quartiers, au moins la moitié des logements attribués va aux autres ménages ;
- au moins un quart des logements attribués va aux ménages prioritaires, dont les ménages reconnus au titre du droit au logement opposable (DALO).

La convention intercommunale d'attribution précise les objectifs du territoire et la part de chaque bailleur.";

impl Default for Information {
    fn default() -> Self {
        Information {
            guichets: Vec::new(),
            fonctionnement: DEFAULT_FONCTIONNEMENT.to_owned(),
            objectifs: DEFAULT_OBJECTIFS.to_owned(),
        }
    }
}

impl Information {
    /// The same, as kept: line ends as `\n`, fields trimmed, empty telephone and e-mail as
    /// none, desks left wholly blank dropped.
    pub fn cleaned(&self) -> Information {
        let text = |t: &str| t.replace("\r\n", "\n").replace('\r', "\n").trim().to_owned();
        let optional = |t: &Option<String>| t.as_deref().map(text).filter(|t| !t.is_empty());
        Information {
            guichets: self
                .guichets
                .iter()
                .map(|g| Guichet {
                    nom: text(&g.nom),
                    adresse: text(&g.adresse),
                    horaires: text(&g.horaires),
                    telephone: optional(&g.telephone),
                    courriel: optional(&g.courriel),
                })
                .filter(|g| *g != Guichet::default())
                .collect(),
            fonctionnement: text(&self.fonctionnement),
            objectifs: text(&self.objectifs),
        }
    }

    /// Every problem of this information (as [`Information::cleaned`] gives it); none when it
    /// may be saved.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.guichets.len() > MOST_DESKS {
            problems.push(Problem {
                place: Place::Guichets,
                why: format!(
                    "{} guichets : la liste en compte {MOST_DESKS} au plus ; regroupez ou retirez-en",
                    self.guichets.len()
                ),
            });
        }
        for (i, g) in self.guichets.iter().enumerate() {
            let mut check = |field, value: &str, required: bool, multiline: bool| {
                if let Some(why) = field_problem(value, required, multiline) {
                    problems.push(Problem { place: Place::Guichet(i, field), why });
                }
            };
            check(DeskField::Nom, &g.nom, true, false);
            check(DeskField::Adresse, &g.adresse, true, true);
            check(DeskField::Horaires, &g.horaires, false, true);
            check(DeskField::Telephone, g.telephone.as_deref().unwrap_or(""), false, false);
            check(DeskField::Courriel, g.courriel.as_deref().unwrap_or(""), false, false);
            if let Some(phone) = &g.telephone
                && !is_phone(phone)
            {
                problems.push(Problem {
                    place: Place::Guichet(i, DeskField::Telephone),
                    why: "le numéro de téléphone ne s'écrit qu'avec des chiffres, des espaces et « + » (05 63 00 00 00)".to_owned(),
                });
            }
            if let Some(mail) = &g.courriel
                && !is_email(mail)
            {
                problems.push(Problem {
                    place: Place::Guichet(i, DeskField::Courriel),
                    why: "l'adresse électronique n'est pas complète (accueil@exemple.fr)"
                        .to_owned(),
                });
            }
        }
        for (place, text) in
            [(Place::Fonctionnement, &self.fonctionnement), (Place::Objectifs, &self.objectifs)]
        {
            if let Some(why) = text_problem(text) {
                problems.push(Problem { place, why });
            }
        }
        problems
    }
}

/// What is wrong with a desk's field, if anything.
fn field_problem(value: &str, required: bool, multiline: bool) -> Option<String> {
    let chars = value.chars().count();
    if required && value.is_empty() {
        Some("à remplir pour chaque guichet listé".to_owned())
    } else if chars > MOST_FIELD_CHARS {
        Some(format!("{chars} caractères : {MOST_FIELD_CHARS} au plus ; abrégez"))
    } else if value.chars().any(|c| c.is_control() && !(multiline && c == '\n')) {
        Some(if multiline {
            "contient un caractère invisible (autre qu'un retour à la ligne) : retapez-le"
                .to_owned()
        } else {
            "tient sur une seule ligne, sans caractère invisible".to_owned()
        })
    } else {
        None
    }
}

/// What is wrong with a long text, if anything.
fn text_problem(text: &str) -> Option<String> {
    let chars = text.chars().count();
    if chars > MOST_TEXT_CHARS {
        Some(format!(
            "{} caractères : le texte en compte {} au plus ; résumez-le",
            logis_domain::french::int(chars as u64),
            logis_domain::french::int(MOST_TEXT_CHARS as u64)
        ))
    } else if text.chars().any(|c| c.is_control() && c != '\n') {
        Some("le texte contient un caractère invisible (autre qu'un retour à la ligne) : retapez le passage copié".to_owned())
    } else {
        None
    }
}

fn is_phone(phone: &str) -> bool {
    phone.chars().all(|c| c.is_ascii_digit() || " +.-()".contains(c))
        && phone.chars().filter(char::is_ascii_digit).count() >= 4
}

fn is_email(mail: &str) -> bool {
    match mail.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !mail.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Saves `information` (cleaned, then checked: every problem is refused together) as changed
/// by `by_login` at `now` (seconds since 1970).
pub async fn save(
    store: &dyn Store,
    information: &Information,
    by_login: &str,
    now: i64,
) -> Result<(), InformationError> {
    let kept = information.cleaned();
    let problems = kept.problems();
    if !problems.is_empty() {
        return Err(InformationError::Invalid(problems));
    }
    let text = serde_json::to_string(&kept).expect("plain strings serialise");
    let setting = StoredSetting {
        key: INFORMATION.to_owned(),
        text,
        changed_at: now,
        changed_by: by_login.to_owned(),
    };
    store.execute(&[settings::save(&setting)]).await?;
    Ok(())
}

/// What the information service says: as saved, or [`Information::default`] until then.
pub async fn read(store: &dyn Store) -> Result<Information, InformationError> {
    Ok(read_with_change(store).await?.0)
}

/// What the information service says, and its last change (none until it was saved).
pub async fn read_with_change(
    store: &dyn Store,
) -> Result<(Information, Option<Change>), InformationError> {
    match settings::get(store, INFORMATION).await? {
        None => Ok((Information::default(), None)),
        Some(saved) => {
            let information: Information =
                serde_json::from_str(&saved.text).map_err(|_| InformationError::Unreadable)?;
            Ok((information, Some(Change { at: saved.changed_at, by: saved.changed_by })))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desk(nom: &str) -> Guichet {
        Guichet {
            nom: nom.to_owned(),
            adresse: "Place de la Mairie\n82100 Castelsarrasin".to_owned(),
            horaires: "Lundi au vendredi, 9 h – 12 h".to_owned(),
            telephone: Some("05 63 32 01 39".to_owned()),
            courriel: Some("accueil@castelsarrasin.fr".to_owned()),
        }
    }

    #[test]
    fn blank_desks_are_dropped_and_line_ends_kept_as_newlines() {
        let typed = Information {
            guichets: vec![
                Guichet { adresse: "1 rue\r\n82100".into(), ..desk(" Mairie ") },
                Guichet { telephone: Some("  ".into()), ..Guichet::default() },
            ],
            fonctionnement: "Un.\r\n\r\nDeux.".into(),
            objectifs: String::new(),
        };
        let kept = typed.cleaned();
        assert_eq!(kept.guichets.len(), 1);
        assert_eq!(kept.guichets[0].nom, "Mairie");
        assert_eq!(kept.guichets[0].adresse, "1 rue\n82100");
        assert_eq!(kept.fonctionnement, "Un.\n\nDeux.");
        assert!(kept.problems().is_empty());
    }

    #[test]
    fn every_problem_is_said_where_it_is() {
        let information = Information {
            guichets: vec![
                desk("Mairie de Moissac"),
                Guichet {
                    nom: "x".repeat(301),
                    adresse: String::new(),
                    telephone: Some("zéro cinq".into()),
                    courriel: Some("accueil-at-mairie".into()),
                    ..desk("")
                },
            ],
            fonctionnement: "a".repeat(6_001),
            objectifs: "bip\u{7}".into(),
        };
        let places: Vec<Place> = information.problems().iter().map(|p| p.place).collect();
        assert_eq!(
            places,
            [
                Place::Guichet(1, DeskField::Nom),
                Place::Guichet(1, DeskField::Adresse),
                Place::Guichet(1, DeskField::Telephone),
                Place::Guichet(1, DeskField::Courriel),
                Place::Fonctionnement,
                Place::Objectifs,
            ]
        );
        let said = information.problems()[0].why.clone();
        assert_eq!(said, "301 caractères : 300 au plus ; abrégez");
        let many = Information { guichets: vec![desk("Mairie"); 41], ..Information::default() };
        assert_eq!(many.problems()[0].place, Place::Guichets);
        assert!(many.problems()[0].why.starts_with("41 guichets"));
    }

    #[test]
    fn the_name_holds_on_one_line() {
        let information =
            Information { guichets: vec![desk("Mairie\nde Moissac")], ..Default::default() };
        assert_eq!(
            information.problems(),
            [Problem {
                place: Place::Guichet(0, DeskField::Nom),
                why: "tient sur une seule ligne, sans caractère invisible".to_owned()
            }]
        );
    }

    #[tokio::test]
    async fn the_default_then_what_was_saved_on_every_backend() {
        for test in logis_testkit::every_backend().await {
            let store = &*test.store;
            let (first, change) = read_with_change(store).await.expect("read");
            assert_eq!(first, Information::default());
            assert!(change.is_none());
            assert!(first.fonctionnement.contains("CALEOL"));

            let information = Information {
                guichets: vec![desk("Mairie de Castelsarrasin")],
                fonctionnement: "Ici, la commission se réunit chaque mois.".into(),
                objectifs: "Loger les ménages prioritaires.".into(),
            };
            save(store, &information, "chargee-habitat", 1_700_000_000).await.expect("saved");
            let (back, change) = read_with_change(store).await.expect("read");
            assert_eq!(back, information);
            assert_eq!(change, Some(Change { at: 1_700_000_000, by: "chargee-habitat".into() }));

            let refused = Information { objectifs: "o".repeat(6_001), ..information.clone() };
            let err = save(store, &refused, "chargee-habitat", 1_700_000_100).await;
            assert!(matches!(err, Err(InformationError::Invalid(ref p)) if p.len() == 1));
            assert_eq!(read(store).await.expect("read"), information, "nothing changed");
            test.finish().await;
        }
    }
}
