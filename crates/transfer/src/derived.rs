//! What an import of the applications and their members derives from the rows as it reads
//! them: the fingerprints of the possible duplicates' keys (`duplicate_keys::KeyPrints`), the
//! cotation's applications, and, for a whole load, the bilan's projection of every application
//! (`logis_store::bilan::projected`), so that nothing reads millions of rows back after the
//! load. A re-import's are used only when its files brought every stored application and
//! household again (`crate::compared`): they are then the register's, as stored after it.
//! A few bytes are kept per application, by the validator's numbering of the numéros, until
//! its household has been read; the projection's rows are written with the others, before the
//! commit.

use crate::follow_up::ReadAhead;
use logis_cotation::stored::Gathering;
use logis_domain::chunked::Chunked;
use logis_domain::household::LinkCounts;
use logis_domain::{
    Attribution, Date, Demande, Lien, Membre, Seuils, SituationLogement, Statut, Typologie,
};
use logis_exchange::Validator;
use logis_store::Row;
use logis_store::bilan::projected::Projected;
use logis_store::dossiers::duplicate_keys::{KeyPrints, email_key, phone_key};
use logis_store::dossiers::duplicates::Criterion;

/// What the projection keeps of an application until its household is read.
#[derive(Clone, Copy)]
struct Application {
    radiation: Option<Date>,
    statut: Statut,
    situation: SituationLogement,
    typologie: Option<Typologie>,
    prioritaire: bool,
    /// The first desired commune's INSEE code (always five ASCII characters).
    commune: Option<[u8; 5]>,
    /// Monthly resources, in hundredths.
    ressources: i64,
}

/// What the projection keeps of a household, member after member.
#[derive(Clone, Copy, Default)]
struct Household {
    links: LinkCounts,
    titulaire: Option<Date>,
}

/// What an import derives, filled as its rows are read.
#[derive(Default)]
pub(crate) struct Derived {
    /// Each valid application's date of registration (of a pair of duplicates, the older
    /// comes first).
    depots: Chunked<Option<Date>>,
    /// What the projection keeps of each valid application (a whole load only).
    applications: Chunked<Option<Application>>,
    households: Chunked<Household>,
    /// The birth year of each member other than a titulaire, with its application's index.
    others: Vec<(u32, u16)>,
    prints: KeyPrints,
    /// The fingerprint of each active application's folded name and first name: its key is
    /// complete with the titulaire's birth date, read with the members.
    names: Vec<(u64, u32)>,
    /// The applications the cotation that follows the import scores, when a grid is in force.
    gathering: Option<Gathering>,
    /// Whether the projection is sent (a whole load), or left to the store (a re-import,
    /// whose store projects the applications it changes).
    projects: bool,
}

fn commune_code(code: &str) -> Option<[u8; 5]> {
    code.as_bytes().try_into().ok()
}

impl Derived {
    /// What an import derives, the cotation's applications included when `gathering`, the
    /// projection when `projects`.
    pub fn new(gathering: Option<Gathering>, projects: bool) -> Self {
        Derived { gathering, projects, ..Derived::default() }
    }

    /// A valid application of the set, numbered `index` by the validator, with its folded
    /// name and first name (as its row holds them: `codec::folded_names`).
    pub fn demande(&mut self, index: u32, d: &Demande, (nom, prenom): (&str, &str)) {
        if let Some(gathering) = &mut self.gathering {
            gathering.demande(index, d);
        }
        *self.depots.slot(index as usize) = Some(d.date_depot);
        if self.projects {
            self.project_later(index, d);
        }
        if d.statut != Statut::Active {
            return;
        }
        if !nom.is_empty() && !prenom.is_empty() {
            self.names.push((self.prints.print((nom, prenom)), index));
        }
        for (criterion, key) in [
            (Criterion::Courriel, email_key(d.email.as_deref())),
            (Criterion::Telephone, phone_key(d.telephone.as_deref())),
        ] {
            if let Some(key) = key {
                let print = self.prints.print(&key);
                self.prints.add(criterion, print, index);
            }
        }
    }

    /// Keeps what the projection of application `index` needs until its household is read.
    fn project_later(&mut self, index: u32, d: &Demande) {
        *self.applications.slot(index as usize) = Some(Application {
            radiation: d.date_radiation,
            statut: d.statut,
            situation: d.situation_logement,
            typologie: d.first_typologie(),
            prioritaire: d.is_priority(),
            commune: d.first_commune().and_then(|c| commune_code(c.as_str())),
            ressources: d.ressources_mensuelles.cents(),
        });
    }

    /// A valid income threshold of the set (for the cotation).
    pub fn seuils(&mut self, s: &Seuils) {
        if let Some(gathering) = &mut self.gathering {
            gathering.seuils(s);
        }
    }

    /// A valid allocation of the set, read after the applications (for the cotation).
    pub fn attribution(&mut self, a: &Attribution) {
        if let Some(gathering) = &mut self.gathering {
            gathering.attribution(a);
        }
    }

    /// A valid member of the household of the application numbered `index`.
    pub fn membre(&mut self, index: u32, m: &Membre) {
        if let Some(gathering) = &mut self.gathering {
            gathering.membre(index, m);
        }
        let household = self.households.slot(index as usize);
        household.links.add(m.lien);
        if m.lien == Lien::Titulaire {
            household.titulaire = household.titulaire.max(Some(m.date_naissance));
        } else if self.projects {
            let year = u16::try_from(m.date_naissance.year()).unwrap_or(0);
            self.others.push((index, year));
        }
    }

    /// Sends the projection of every application, in batches of `batch` rows.
    fn project(
        &mut self,
        validator: &Validator,
        batch: usize,
        send: &mut impl FnMut(&mut Vec<Row>),
    ) {
        self.others.sort_unstable();
        let mut others = self.others.as_mut_slice();
        let mut rows = Vec::with_capacity(batch);
        let mut years: Vec<u16> = Vec::new();
        for (index, application) in self.applications.iter().enumerate() {
            let index = index as u32;
            let skipped = others.iter().take_while(|(i, _)| *i < index).count();
            others = &mut others[skipped..];
            let count = others.iter().take_while(|(i, _)| *i == index).count();
            let (own, rest) = others.split_at_mut(count);
            others = rest;
            let (Some(a), Some(depot)) = (application, self.depots.get(index as usize)) else {
                continue;
            };
            let household = self.households.get(index as usize).copied().unwrap_or_default();
            years.clear();
            years.extend(own.iter().map(|(_, year)| *year));
            let links = household.links;
            let titulaires = links.titulaires();
            let projected = Projected {
                numero_unique: validator.numero_at(index),
                date_depot: depot.unwrap_or(Date::MIN),
                statut: a.statut,
                date_radiation: a.radiation,
                situation: a.situation,
                composition: links.composition(),
                prioritaire: a.prioritaire,
                first_typologie: a.typologie,
                first_commune: a
                    .commune
                    .as_ref()
                    .and_then(|c| std::str::from_utf8(c).ok())
                    .unwrap_or(""),
                ressources: a.ressources,
                naissance_titulaire: household.titulaire,
                uc_base: 10 * i64::from(titulaires) + 3 * i64::from(links.members - titulaires),
                naissances_autres: &mut years,
            };
            rows.push(projected.into_row());
            if rows.len() == batch {
                send(&mut rows);
            }
        }
        if !rows.is_empty() {
            send(&mut rows);
        }
    }

    /// Gives the groups of active applications sharing a duplicates' key (the identity's birth
    /// date is the titulaire's, at rang 1 in a valid household), with the cotation's
    /// applications; a whole load's projection of every application sent first, in batches of
    /// `batch` rows (`send` takes a full batch and leaves the vector empty, to be filled again).
    pub fn finish(
        mut self,
        validator: &Validator,
        batch: usize,
        mut send: impl FnMut(&mut Vec<Row>),
    ) -> ReadAhead {
        if self.projects {
            self.project(validator, batch, &mut send);
        }
        for (name, index) in std::mem::take(&mut self.names) {
            let born = self.households.get(index as usize).and_then(|h| h.titulaire);
            if let Some(born) = born {
                let print = self.prints.print((name, born));
                self.prints.add(Criterion::Identite, print, index);
            }
        }
        let depots = &self.depots;
        let groups = self.prints.groups(|i| {
            let depot = depots.get(i as usize).copied().flatten().unwrap_or(Date::MIN);
            (depot, validator.numero_at(i))
        });
        ReadAhead { duplicate_groups: Some(groups), cotation: self.gathering }
    }
}
