//! A register's conventions indexed by landlord and year, built once for many calls — the
//! dwellings a landlord orients through a year, every landlord's bilan — so that each call
//! reads its own rows instead of every convention of the register.

use crate::Register;
use logis_domain::{Convention, OrganismeId};
use std::collections::HashMap;

/// The conventions of a [`Register`] by landlord and year, in the register's order, without
/// the rows that name the landlord itself as holder (the import refuses them).
#[derive(Debug, Clone, Default)]
pub struct ConventionIndex<'a> {
    by_landlord: HashMap<&'a OrganismeId, HashMap<i32, Vec<&'a Convention>>>,
}

impl<'a> ConventionIndex<'a> {
    /// Indexes the conventions of `register`.
    pub fn new(register: &'a Register) -> ConventionIndex<'a> {
        let mut by_landlord: HashMap<&OrganismeId, HashMap<i32, Vec<&Convention>>> = HashMap::new();
        for c in register.conventions.iter().filter(|c| c.reservataire != c.bailleur) {
            by_landlord.entry(&c.bailleur).or_default().entry(c.annee).or_default().push(c);
        }
        ConventionIndex { by_landlord }
    }

    /// The conventions of `landlord` for `year`.
    pub fn of(&self, landlord: &OrganismeId, year: i32) -> &[&'a Convention] {
        self.by_landlord.get(landlord).and_then(|years| years.get(&year)).map_or(&[], Vec::as_slice)
    }
}
