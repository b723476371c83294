//! conventions.csv rows (reservation rights as a yearly flow, ../shared/spec/flux.md).

use super::{Record, ids, opt, opt_iso};
use crate::row::RowReader;
use crate::schema::FileKind;
use crate::values::{parse_date, parse_int};
use logis_domain::{Convention, Part};

impl Record for Convention {
    const KIND: FileKind = FileKind::Conventions;

    fn read(r: &mut RowReader<'_>) -> Option<Self> {
        let bailleur = r.required("bailleur", ids::organisme);
        let reservataire = r.required("reservataire", ids::organisme);
        let annee = r.required("annee", |s| {
            parse_int(s)
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| "une année sur quatre chiffres, par exemple 2025".to_owned())
        });
        let part = r.required("part", Part::parse);
        let commune = r.optional("commune", ids::insee);
        let date_signature = r.optional("date_signature", parse_date);
        if let (Some(b), Some(h)) = (&bailleur, &reservataire)
            && b == h
        {
            r.issue(
                "reservataire",
                Some(h.as_str()),
                "le bailleur ne passe pas de convention avec lui-même",
                Some(
                    "un autre organisme : le bailleur garde ce que les conventions laissent".into(),
                ),
            );
        }
        r.finish(|| {
            Some(Convention {
                bailleur: bailleur?,
                reservataire: reservataire?,
                annee: annee?,
                part: part?,
                commune,
                date_signature,
            })
        })
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.bailleur.to_string(),
            self.reservataire.to_string(),
            self.annee.to_string(),
            self.part.decimal(),
            opt(&self.commune),
            opt_iso(self.date_signature),
        ]
    }
}
