//! membres.csv rows.

use super::{Record, ids, iso};
use crate::row::RowReader;
use crate::schema::FileKind;
use crate::values::{parse_code, parse_date, parse_int};
use logis_domain::{Membre, NumeroUnique};

/// One row of membres.csv: a person and the application of their household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembreRow {
    pub numero_unique: NumeroUnique,
    pub membre: Membre,
}

impl Record for MembreRow {
    const KIND: FileKind = FileKind::Membres;

    fn read(r: &mut RowReader<'_>) -> Option<Self> {
        let numero_unique = r.required("numero_unique", ids::numero);
        let rang = r.required("rang", |s| {
            parse_int(s)
                .ok()
                .and_then(|n| u16::try_from(n).ok())
                .filter(|n| (1..=99).contains(n))
                .ok_or_else(|| "un entier de 1 à 99 (1 pour le titulaire)".to_owned())
        });
        let lien = r.required("lien", parse_code);
        let date_naissance = r.required("date_naissance", parse_date);
        r.finish(|| {
            Some(MembreRow {
                numero_unique: numero_unique?,
                membre: Membre { rang: rang?, lien: lien?, date_naissance: date_naissance? },
            })
        })
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.numero_unique.to_string(),
            self.membre.rang.to_string(),
            self.membre.lien.code().into(),
            iso(self.membre.date_naissance),
        ]
    }
}
