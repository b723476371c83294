//! Eligibility for social housing (CCH R441-1, arrêté of 29 July 1987): the household's category
//! ([`category`]: 1 to 6 plus extra persons, with the disability and « jeune ménage » rules), the
//! zone of a commune ([`zone`]), the yearly income ceilings by financing ([`ceilings`]: PLUS and
//! PLAI tables as settings, PLS = PLUS × 1.3), shipped with the published values found
//! (docs/plafonds-ressources.toml), and their yearly update from the official CSV ([`yearly`]).
//! Pure: no IO, dates come in as parameters.

pub mod category;
pub mod ceilings;
pub mod yearly;
pub mod zone;

pub use category::{HouseholdCategory, category_of, category_of_application};
pub use ceilings::{CeilingTables, MissingCeiling};
pub use zone::Zone;
