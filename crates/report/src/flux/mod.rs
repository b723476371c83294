//! Reservation rights as a yearly flow (`logis_flux`) as documents people read and sign: the
//! 28-February bilan of one landlord or of all ([`bilan_document`], [`bilan_sheets`]) and the
//! stock → flow inventory with its signature page ([`inventory_document`],
//! [`inventory_sheets`]). Organismes and communes are named, codes worded in French; every
//! figure comes from the computed model, this module only words and lays it out.

mod bilan;
mod bilan_sheets;
mod inventory;
mod inventory_sheets;
mod labels;
mod words;

pub use bilan::bilan_document;
pub use bilan_sheets::bilan_sheets;
pub use inventory::inventory_document;
pub use inventory_sheets::inventory_sheets;

use crate::bilan::CommuneNames;
use crate::{ReportError, to_pdf, xlsx_bytes};
use logis_flux::bilan::FluxBilan;
use logis_flux::inventory::Inventory;

/// Names organismes by identifier (`None`: the identifier is shown).
pub type OrganismeNames<'a> = &'a dyn Fn(&str) -> Option<String>;

/// What the documents name in place of identifiers and codes.
#[derive(Clone, Copy)]
pub struct Names<'a> {
    pub organismes: OrganismeNames<'a>,
    /// Communes by INSEE code.
    pub communes: CommuneNames<'a>,
}

impl Names<'_> {
    /// The organisme's name, or its identifier when unknown.
    pub fn organisme(&self, id: &str) -> String {
        (self.organismes)(id).unwrap_or_else(|| id.to_owned())
    }

    /// The commune's name, or its INSEE code when unknown.
    pub fn commune(&self, code: &str) -> String {
        (self.communes)(code).unwrap_or_else(|| code.to_owned())
    }
}

/// The bilan of `year` of each landlord of `bilans` as a PDF (one part per landlord).
pub fn bilan_pdf(year: i32, bilans: &[FluxBilan], names: &Names) -> Result<Vec<u8>, ReportError> {
    to_pdf(&bilan_document(year, bilans, names))
}

/// The bilan of `year` as an XLSX workbook: a summary sheet, then one sheet per landlord.
pub fn bilan_xlsx(year: i32, bilans: &[FluxBilan], names: &Names) -> Result<Vec<u8>, ReportError> {
    xlsx_bytes(&bilan_sheets(year, bilans, names))
}

/// The inventories prepared in `year` as a PDF to sign (one part per landlord).
pub fn inventory_pdf(
    year: i32,
    inventories: &[Inventory],
    names: &Names,
) -> Result<Vec<u8>, ReportError> {
    to_pdf(&inventory_document(year, inventories, names))
}

/// The inventories prepared in `year` as an XLSX workbook: a summary sheet, then one sheet
/// per landlord.
pub fn inventory_xlsx(
    year: i32,
    inventories: &[Inventory],
    names: &Names,
) -> Result<Vec<u8>, ReportError> {
    xlsx_bytes(&inventory_sheets(year, inventories, names))
}
