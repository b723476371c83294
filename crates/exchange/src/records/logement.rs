//! logements.csv rows.

use super::{Record, ids, opt, yes_no};
use crate::row::RowReader;
use crate::schema::FileKind;
use crate::values::{parse_amount, parse_bool, parse_code, parse_int};
use logis_domain::Logement;

impl Record for Logement {
    const KIND: FileKind = FileKind::Logements;

    fn read(r: &mut RowReader<'_>) -> Option<Self> {
        let logement_id = r.required("logement_id", ids::logement);
        let bailleur = r.required("bailleur", ids::organisme);
        let commune = r.required("commune", ids::insee);
        let adresse = r.text("adresse");
        let qpv = r.optional("qpv", ids::qpv);
        let typologie = r.required("typologie", parse_code);
        let surface = r.optional("surface", parse_amount);
        let loyer = r.required("loyer", parse_amount);
        let charges = r.optional("charges", parse_amount);
        let financement = r.required("financement", parse_code);
        let etage = r.optional("etage", parse_int);
        let ascenseur = r.optional("ascenseur", parse_bool);
        let pmr = r.optional("pmr", parse_bool);
        let reservataire = r.optional("reservataire", ids::organisme);
        let annee_construction = r.optional("annee_construction", |s| {
            parse_int(s)
                .ok()
                .filter(|y| (1800..=2100).contains(y))
                .ok_or_else(|| "une année sur quatre chiffres, par exemple 1987".to_owned())
        });
        r.finish(|| {
            Some(Logement {
                logement_id: logement_id?,
                bailleur: bailleur?,
                commune: commune?,
                adresse,
                qpv,
                typologie: typologie?,
                surface,
                loyer: loyer?,
                charges,
                financement: financement?,
                etage,
                ascenseur,
                pmr,
                reservataire,
                annee_construction,
            })
        })
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.logement_id.to_string(),
            self.bailleur.to_string(),
            self.commune.to_string(),
            opt(&self.adresse),
            opt(&self.qpv),
            self.typologie.code().into(),
            opt(&self.surface),
            self.loyer.to_string(),
            opt(&self.charges),
            self.financement.code().into(),
            opt(&self.etage),
            yes_no(self.ascenseur),
            yes_no(self.pmr),
            opt(&self.reservataire),
            opt(&self.annee_construction),
        ]
    }
}
