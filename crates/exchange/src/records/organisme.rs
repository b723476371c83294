//! organismes.csv rows.

use super::{Record, ids, opt};
use crate::row::RowReader;
use crate::schema::FileKind;
use crate::values::parse_code;
use logis_domain::Organisme;

impl Record for Organisme {
    const KIND: FileKind = FileKind::Organismes;

    fn read(r: &mut RowReader<'_>) -> Option<Self> {
        let organisme_id = r.required("organisme_id", ids::organisme);
        let nom = r.required_text("nom");
        let kind = r.required("type", parse_code);
        let commune = r.optional("commune", ids::insee);
        r.finish(|| {
            Some(Organisme { organisme_id: organisme_id?, nom: nom?, kind: kind?, commune })
        })
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.organisme_id.to_string(),
            self.nom.clone(),
            self.kind.code().into(),
            opt(&self.commune),
        ]
    }
}
