//! Parsers of identifiers and codes for [`RowReader`](crate::row::RowReader), with the
//! French expectation of each.

use crate::values::Expected;
use logis_domain::{CodeInsee, LogementId, NumeroUnique, OrganismeId};

const EXPECTED_ID: &str =
    "un identifiant non vide de 64 caractères au plus, sans caractère de contrôle";

pub fn numero(raw: &str) -> Result<NumeroUnique, Expected> {
    NumeroUnique::parse(raw).map_err(|_| EXPECTED_ID.to_owned())
}

pub fn organisme(raw: &str) -> Result<OrganismeId, Expected> {
    OrganismeId::parse(raw).map_err(|_| EXPECTED_ID.to_owned())
}

pub fn logement(raw: &str) -> Result<LogementId, Expected> {
    LogementId::parse(raw).map_err(|_| EXPECTED_ID.to_owned())
}

pub fn insee(raw: &str) -> Result<CodeInsee, Expected> {
    CodeInsee::parse(raw).map_err(|e| e.to_string())
}

/// A QPV code: `QP` or `QN` then 6 characters (`QP082003`, `QN07511M`).
pub fn qpv(raw: &str) -> Result<String, Expected> {
    let value = raw.trim().to_ascii_uppercase();
    let ok = value.len() == 8
        && (value.starts_with("QP") || value.starts_with("QN"))
        && value[2..].bytes().all(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(value)
    } else {
        Err("un code QPV de 8 caractères, par exemple QP082003 ou QN07511M".into())
    }
}
