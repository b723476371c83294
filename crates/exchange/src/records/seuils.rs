//! seuils.csv rows.

use super::Record;
use crate::row::RowReader;
use crate::schema::FileKind;
use crate::values::{parse_amount, parse_int};
use logis_domain::Seuils;

impl Record for Seuils {
    const KIND: FileKind = FileKind::Seuils;

    fn read(r: &mut RowReader<'_>) -> Option<Self> {
        let annee = r.required("annee", |s| {
            parse_int(s)
                .ok()
                .filter(|y| (1990..=2100).contains(y))
                .ok_or_else(|| "une année sur quatre chiffres, par exemple 2024".to_owned())
        });
        let q1 = r.required("q1", parse_amount);
        let q2 = r.required("q2", parse_amount);
        let q3 = r.required("q3", parse_amount);
        let seuils = match (annee, q1, q2, q3) {
            (Some(annee), Some(q1), Some(q2), Some(q3)) => Some(Seuils { annee, q1, q2, q3 }),
            _ => None,
        };
        if let Some(s) = seuils.filter(|s| !s.is_ordered()) {
            let value = format!("{} / {} / {}", s.q1, s.q2, s.q3);
            r.issue("q1", Some(&value), "seuils dans le désordre", Some("q1 ≤ q2 ≤ q3".into()));
        }
        r.finish(|| seuils)
    }

    fn cells(&self) -> Vec<String> {
        vec![self.annee.to_string(), self.q1.to_string(), self.q2.to_string(), self.q3.to_string()]
    }
}
