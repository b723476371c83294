//! The cotation's snapshot gathered while an import reads a whole register (its applications,
//! then their members), so that the cotation that follows the import reads back only the
//! income thresholds and the allocations, not millions of households. While the import reads,
//! each applicant is kept packed (its numéro and communes in shared buffers, its members in a
//! list of their own: no allocation of its own, a third of its size); the applicants are made
//! whole after the import's reading, when it has given its memory back. When the import loads
//! the thresholds and the allocations whole too, they are gathered as well, and the cotation
//! is computed from the files while the import commits ([`Gathering::score_read`]).

use super::grids::registered_grids;
use super::snapshot::{Kept, Snapshot, active_during};
use crate::engine::{self, Cotation, Thresholds};
use crate::facts::{Applicant, Commune};
use crate::grid::{Grid, in_force};
use crate::waiting::{Lease, one_year_before};
use logis_domain::chunked::Chunked;
use logis_domain::{
    Amount, Attribution, Date, Demande, Membre, Motif, NumeroUnique, Seuils, SituationLogement,
    Typologie,
};
use logis_store::{Store, StoreError};
use rayon::slice::ParallelSliceMut;

/// What a cotation at `date` needs of the applications, filled as an import reads them. The
/// applications are numbered by the import (each numéro unique once, from 0).
pub struct Gathering {
    date: Date,
    /// The grid in force on the date.
    grid: Grid,
    kept: Kept,
    packed: Chunked<Packed>,
    /// The numéros of the packed applicants, one after the other.
    numeros: String,
    /// Their desired communes, one list after the other.
    communes: Vec<Commune>,
    /// The members of their households, with their applicant's place.
    membres: Chunked<(u32, Membre)>,
    /// For each application numbered by the import, its place among the applicants plus one
    /// (0: not an applicant on the date).
    places: Chunked<u32>,
    /// The income thresholds and the leases of the allocations, as the import read them.
    seuils: Vec<Seuils>,
    leases: Vec<Lease>,
    /// The snapshot made of the files and its cotation, once computed.
    scored: Option<(Snapshot, Cotation)>,
}

/// An [`Applicant`] without its numéro, communes and members (kept in the gathering's buffers,
/// up to the ends given here).
struct Packed {
    ressources: Amount,
    loyer_actuel: Option<Amount>,
    date_depot: Date,
    date_radiation: Option<Date>,
    motifs: u32,
    numero_end: u32,
    communes_end: u32,
    criteres: u16,
    refus: u16,
    situation: SituationLogement,
    motif_principal: Option<Motif>,
    typologies: u8,
    first_typologie: Option<Typologie>,
    pieces: u8,
    /// `dalo`, `pmr`, `salarie_prive`, `agent_public` as bits 0 to 3.
    flags: u8,
}

impl std::fmt::Debug for Gathering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gathering")
            .field("date", &self.date)
            .field("applicants", &self.packed.len())
            .field("membres", &self.membres.len())
            .finish()
    }
}

impl Gathering {
    /// An empty gathering for a cotation at `date` with `grid`.
    fn new(date: Date, grid: Grid) -> Self {
        Gathering {
            date,
            grid,
            kept: Kept::new(Some(date)),
            packed: Chunked::default(),
            numeros: String::new(),
            communes: Vec::new(),
            membres: Chunked::default(),
            places: Chunked::default(),
            seuils: Vec::new(),
            leases: Vec::new(),
            scored: None,
        }
    }

    /// An empty gathering for a cotation at `date` when the territory has a readable grid in
    /// force on that date; `None` otherwise (no cotation will follow the import).
    pub async fn if_scored(store: &dyn Store, date: Date) -> Option<Self> {
        let grids = registered_grids(store).await.ok()?;
        in_force(&grids, date).map(|grid| Gathering::new(date, grid.clone()))
    }

    /// The date of the cotation it is gathered for.
    pub fn date(&self) -> Date {
        self.date
    }

    /// An application of the register, numbered `index`.
    pub fn demande(&mut self, index: u32, d: &Demande) {
        if !active_during(d, (one_year_before(self.date), self.date)) {
            return;
        }
        if let Some(applicant) = self.kept.note(d, &[]) {
            self.pack(applicant);
            *self.places.slot(index as usize) = self.packed.len() as u32;
        }
    }

    /// An income threshold of the register.
    pub fn seuils(&mut self, s: &Seuils) {
        self.seuils.push(*s);
    }

    /// An allocation of the register (read after the applications).
    pub fn attribution(&mut self, a: &Attribution) {
        self.leases.extend(self.kept.lease_of(a));
    }

    /// A member of the household of the application numbered `index` (read after it).
    pub fn membre(&mut self, index: u32, m: &Membre) {
        let place = self.places.get(index as usize).copied().unwrap_or(0);
        if let Some(place) = place.checked_sub(1) {
            self.membres.push((place, m.clone()));
        }
    }

    fn pack(&mut self, a: Applicant) {
        self.numeros.push_str(a.numero.as_str());
        self.communes.extend_from_slice(&a.communes);
        let flag = |on: bool, bit: u8| u8::from(on) << bit;
        self.packed.push(Packed {
            ressources: a.ressources,
            loyer_actuel: a.loyer_actuel,
            date_depot: a.date_depot,
            date_radiation: a.date_radiation,
            motifs: a.motifs,
            numero_end: self.numeros.len() as u32,
            communes_end: self.communes.len() as u32,
            criteres: a.criteres,
            refus: a.refus,
            situation: a.situation,
            motif_principal: a.motif_principal,
            typologies: a.typologies,
            first_typologie: a.first_typologie,
            pieces: a.pieces,
            flags: flag(a.dalo, 0)
                | flag(a.pmr, 1)
                | flag(a.salarie_prive, 2)
                | flag(a.agent_public, 3),
        });
    }

    /// Computes the cotation of the register as the import read it, thresholds and
    /// allocations included: for an import that loaded them whole (with the applications and
    /// their households), which calls it while it commits. Seconds of work at national scale,
    /// kept to one processor (its parallel steps on one thread of their own, made by the
    /// caller's, with its priority): the others are left to the store's commit. Done once;
    /// left undone when that thread cannot be made (the follow-up computes it then).
    pub fn score_read(&mut self) {
        if self.scored.is_some() {
            return;
        }
        if let Ok(alone) = rayon::ThreadPoolBuilder::new().num_threads(1).build() {
            alone.install(|| self.score_read_here());
        }
    }

    fn score_read_here(&mut self) {
        let seuils = std::mem::take(&mut self.seuils);
        let leases = std::mem::take(&mut self.leases);
        let kept = self.whole_applicants();
        let snapshot = kept.with(Thresholds::new(seuils), leases);
        let cotation = engine::compute(
            &self.grid,
            &snapshot.applicants,
            &snapshot.thresholds,
            &snapshot.leases,
            self.date,
        );
        self.scored = Some((snapshot, cotation));
    }

    /// Whether [`Gathering::score_read`] computed the cotation.
    pub fn is_scored(&self) -> bool {
        self.scored.is_some()
    }

    /// The snapshot and the cotation [`Gathering::score_read`] computed, when they are those of
    /// `grid`.
    pub(crate) fn scored_with(&mut self, grid: &Grid) -> Option<(Snapshot, Cotation)> {
        let same = self.grid.empreinte == grid.empreinte && self.grid.en_vigueur == grid.en_vigueur;
        if same { self.scored.take() } else { None }
    }

    /// The snapshot of the register as read, once it is stored: the applicants made whole,
    /// the income thresholds and the allocations read from `store` (or as read, when the
    /// cotation was computed from the files).
    pub async fn snapshot(mut self, store: &dyn Store) -> Result<Snapshot, StoreError> {
        if let Some((snapshot, _)) = self.scored.take() {
            return Ok(snapshot);
        }
        self.whole_applicants().complete(store, false).await
    }

    /// The applicants made whole, taken out of the packed buffers.
    fn whole_applicants(&mut self) -> Kept {
        let mut kept = std::mem::replace(&mut self.kept, Kept::new(Some(self.date)));
        let packed = std::mem::take(&mut self.packed);
        let numeros = std::mem::take(&mut self.numeros);
        let communes = std::mem::take(&mut self.communes);
        let membres = std::mem::take(&mut self.membres);
        drop(std::mem::take(&mut self.places));
        let mut membres = membres.into_vec();
        membres.par_sort_unstable_by_key(|(place, m)| (*place, m.rang));
        let (mut numero_start, mut communes_start) = (0, 0);
        let mut rest = membres.as_slice();
        for (place, p) in packed.into_values().enumerate() {
            let (numero_end, communes_end) = (p.numero_end as usize, p.communes_end as usize);
            let count = rest.iter().take_while(|(at, _)| *at as usize == place).count();
            let bit = |bit: u8| p.flags & 1 << bit != 0;
            kept.applicants.push(Applicant {
                numero: NumeroUnique::parse(&numeros[numero_start..numero_end])
                    .expect("packed from a valid numéro unique"),
                date_depot: p.date_depot,
                date_radiation: p.date_radiation,
                situation: p.situation,
                ressources: p.ressources,
                loyer_actuel: p.loyer_actuel,
                motifs: p.motifs,
                motif_principal: p.motif_principal,
                criteres: p.criteres,
                dalo: bit(0),
                typologies: p.typologies,
                first_typologie: p.first_typologie,
                communes: communes[communes_start..communes_end].into(),
                pmr: bit(1),
                salarie_prive: bit(2),
                agent_public: bit(3),
                refus: p.refus,
                pieces: p.pieces,
                membres: rest[..count].iter().map(|(_, m)| m.clone()).collect(),
            });
            (numero_start, communes_start) = (numero_end, communes_end);
            rest = &rest[count..];
        }
        drop((numeros, communes, membres));
        kept
    }
}
