//! attributions.csv rows.

use super::{Record, ids, iso, opt, opt_iso, yes_no};
use crate::row::RowReader;
use crate::schema::FileKind;
use crate::values::{parse_bool, parse_code, parse_date};
use logis_domain::Attribution;

impl Record for Attribution {
    const KIND: FileKind = FileKind::Attributions;

    fn read(r: &mut RowReader<'_>) -> Option<Self> {
        let numero_unique = r.required("numero_unique", ids::numero);
        let logement_id = r.optional("logement_id", ids::logement);
        let bailleur = r.required("bailleur", ids::organisme);
        let commune = r.required("commune", ids::insee);
        let qpv = r.optional("qpv", ids::qpv);
        let typologie = r.required("typologie", parse_code);
        let reservataire = r.required("reservataire", ids::organisme);
        let date_cal = r.optional("date_cal", parse_date);
        let date_bail = r.required("date_bail", parse_date);
        let relogement_anru = r.optional("relogement_anru", parse_bool);
        let motif_ecart = r.text("motif_ecart");
        if let (Some(cal), Some(bail)) = (date_cal, date_bail)
            && bail < cal
        {
            r.issue(
                "date_bail",
                None,
                "le bail est signé avant la décision de la commission",
                None,
            );
        }
        r.finish(|| {
            Some(Attribution {
                numero_unique: numero_unique?,
                logement_id,
                bailleur: bailleur?,
                commune: commune?,
                qpv,
                typologie: typologie?,
                reservataire: reservataire?,
                date_cal,
                date_bail: date_bail?,
                relogement_anru,
                motif_ecart,
            })
        })
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.numero_unique.to_string(),
            opt(&self.logement_id),
            self.bailleur.to_string(),
            self.commune.to_string(),
            opt(&self.qpv),
            self.typologie.code().into(),
            self.reservataire.to_string(),
            opt_iso(self.date_cal),
            iso(self.date_bail),
            yes_no(self.relogement_anru),
            opt(&self.motif_ecart),
        ]
    }
}
