//! The history of an application as one timeline, newest first: filing, renewal, scores,
//! priority labels, notes, changes made in Logis, allocation or removal.

use crate::format;
use crate::state::Communes;
use logis_cotation::stored::ApplicantFile;
use logis_domain::Attribution;
use logis_domain::work::LabelStatus;
use logis_store::dossiers::labels::PriorityLabel;
use logis_store::dossiers::notes::{Event, Note};
use time::Date;

/// One moment of the timeline.
pub struct Moment {
    /// For sorting: seconds since 1970.
    at: i64,
    pub quand: String,
    pub quoi: String,
    /// A short class for the dot's mark (`depot`, `score`, `priorite`, `note`, `fin`…).
    pub genre: &'static str,
}

fn day(d: Date) -> i64 {
    d.midnight().assume_utc().unix_timestamp()
}

fn on(d: Date, quoi: String, genre: &'static str) -> Moment {
    Moment { at: day(d), quand: format::date(d), quoi, genre }
}

fn at(seconds: i64, quoi: String, genre: &'static str) -> Moment {
    Moment { at: seconds, quand: format::moment(seconds), quoi, genre }
}

pub fn timeline(
    file: &ApplicantFile,
    labels: &[PriorityLabel],
    notes: &[Note],
    events: &[Event],
    attribution: Option<&Attribution>,
    communes: &Communes,
    today: Date,
) -> Vec<Moment> {
    let d = &file.demande;
    let mut moments = vec![on(d.date_depot, "Dépôt de la demande".into(), "depot")];
    if let Some(renewed) = d.date_renouvellement {
        moments.push(on(renewed, "Demande renouvelée".into(), "renouvellement"));
    }
    if d.statut == logis_domain::Statut::Active {
        let deadline = d.renewal_deadline();
        let verb = if deadline < today {
            "Échéance de renouvellement passée"
        } else {
            "Échéance de renouvellement"
        };
        moments.push(on(deadline, verb.into(), "renouvellement"));
    }
    if let Some(dalo) = d.date_dalo {
        moments.push(on(
            dalo,
            "Reconnue prioritaire et urgente par la commission DALO".into(),
            "priorite",
        ));
    }
    for h in &file.history {
        let provisional = if h.provisoire { " (provisoire)" } else { "" };
        moments.push(on(
            h.depuis,
            format!("Score : {} points{provisional}", format::signed(h.score)),
            "score",
        ));
    }
    for l in labels {
        let verb = match l.statut {
            LabelStatus::Recognised => "Reconnue prioritaire",
            LabelStatus::Proposed => "Priorité proposée",
            LabelStatus::Withdrawn => "Priorité retirée",
        };
        let criterion = l.critere.label();
        moments.push(at(l.moment, format!("{verb} par {} : {criterion}", l.auteur), "priorite"));
    }
    for n in notes {
        moments.push(at(n.moment, format!("Note de {}", n.auteur), "note"));
    }
    for e in events {
        moments.push(at(e.moment, format!("{} ({})", e.detail, e.auteur), "modification"));
    }
    if let Some(a) = attribution {
        if let Some(cal) = a.date_cal {
            moments.push(on(cal, "Désignée par la commission d'attribution (CAL)".into(), "fin"));
        }
        moments.push(on(
            a.date_bail,
            format!("Bail signé : {} à {}", a.typologie.label(), communes.name(a.commune.as_str())),
            "fin",
        ));
    }
    if let (Some(date), Some(motif)) = (d.date_radiation, d.motif_radiation)
        && attribution.is_none()
    {
        moments.push(on(date, format!("Radiée : {}", motif.label()), "fin"));
    }
    moments.sort_by_key(|m| std::cmp::Reverse(m.at));
    moments
}
