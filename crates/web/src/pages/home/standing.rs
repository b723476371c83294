//! Where each vacancy of a home page stands, in a few words: candidates to choose, on the
//! agenda of a session, examined in commission, an offer waiting for its answer, the answer,
//! the lease. Read per vacancy (its decisions and offers, through their indexes): a home page
//! shows a landlord's or a holder's open vacancies, never the territory's.

use crate::format;
use crate::render::Refusal;
use crate::state::AppState;
use logis_domain::allocation::{CommissionId, VacancyStatus};
use logis_store::allocation::commissions::{self, Commission};
use logis_store::allocation::offers;
use logis_store::allocation::vacancies::Vacancy;

/// The most vacancies a home page details (the others: the vacancies' page).
pub const SHOWN: usize = 20;

/// The stage a vacancy reached, for the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Candidates,
    Agenda,
    Examined,
    Offer,
    Answered,
}

impl Stage {
    pub const ALL: [Stage; 5] =
        [Stage::Candidates, Stage::Agenda, Stage::Examined, Stage::Offer, Stage::Answered];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Candidates => "candidats à choisir",
            Stage::Agenda => "inscrits à une commission",
            Stage::Examined => "examinés en commission",
            Stage::Offer => "offre en attente de réponse",
            Stage::Answered => "offre répondue",
        }
    }
}

/// One vacancy and where it stands.
pub struct Standing {
    pub ligne: i64,
    pub logement: String,
    pub title: String,
    pub disponible_le: String,
    /// Its holder's or its landlord's name (whichever the page does not belong to).
    pub other: String,
    pub stage: Stage,
    /// Where it stands, in words.
    pub said: String,
}

/// Where each of `vacancies` stands (the first [`SHOWN`]), `sessions` being the landlords'
/// sessions (their agendas are read for those to come).
pub async fn of(
    state: &AppState,
    vacancies: &[Vacancy],
    sessions: &[Commission],
    holder_view: bool,
) -> Result<Vec<Standing>, Refusal> {
    let store = &*state.store;
    let today = state.clock.today();
    let date_of = |id: CommissionId| {
        sessions.iter().find(|c| c.ligne == id).map(|c| format::date(c.date_seance))
    };
    let mut on_agenda = Vec::new();
    for session in sessions.iter().filter(|c| c.date_seance >= today) {
        for item in commissions::agenda(store, session.ligne).await? {
            on_agenda.push((item.vacance, format::date(session.date_seance)));
        }
    }
    let mut lines = Vec::new();
    for v in vacancies.iter().take(SHOWN) {
        let offers = offers::of_vacancy(store, v.ligne).await?;
        let (stage, said) = if v.statut == VacancyStatus::Let {
            (Stage::Answered, "loué".to_owned())
        } else if let Some(o) = offers.iter().rev().find(|o| o.is_pending()) {
            (
                Stage::Offer,
                format!(
                    "offre faite le {}, réponse attendue avant le {}",
                    format::date(o.proposee_le),
                    format::date(o.reponse_avant)
                ),
            )
        } else if let Some(o) = offers.last() {
            let answer = o.reponse.map_or("répondue", |r| r.label());
            let on = o.repondue_le.map(|d| format!(" le {}", format::date(d))).unwrap_or_default();
            (Stage::Answered, format!("offre {answer}{on}"))
        } else if let Some(d) = commissions::decisions_on(store, v.ligne).await?.first() {
            let on = date_of(d.commission).map(|d| format!(" le {d}")).unwrap_or_default();
            (Stage::Examined, format!("examiné en commission{on}, offre à faire"))
        } else if let Some((_, on)) = on_agenda.iter().find(|(id, _)| *id == v.ligne) {
            (Stage::Agenda, format!("inscrit à la commission du {on}"))
        } else {
            (Stage::Candidates, "candidats à choisir pour la commission".to_owned())
        };
        let title = match logis_allocation::workflow::vacancy::dwelling(store, &v.logement_id).await
        {
            Ok(d) => crate::pages::allocation::view::dwelling_title(
                &d,
                &state.communes.name(d.commune.as_str()),
            ),
            Err(_) => "logement absent des données".to_owned(),
        };
        let other = if holder_view { &v.bailleur } else { &v.reservataire };
        lines.push(Standing {
            ligne: v.ligne.get(),
            logement: v.logement_id.to_string(),
            title,
            disponible_le: format::date(v.disponible_le),
            other: state.organismes.name(other.as_str()),
            stage,
            said,
        });
    }
    Ok(lines)
}

/// How many of `lines` reached each stage, as a chart with its text alternative (empty
/// without vacancies).
pub fn chart(lines: &[Standing]) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let counts: Vec<(Stage, usize)> =
        Stage::ALL.iter().map(|s| (*s, lines.iter().filter(|l| l.stage == *s).count())).collect();
    let bars: Vec<logis_report::chart::Bar> = counts
        .iter()
        .map(|(s, n)| logis_report::chart::Bar {
            label: s.label().to_owned(),
            value: Some(*n as f64),
            text: n.to_string(),
            mark: None,
            colour: super::common::ACCENT,
        })
        .collect();
    let description =
        counts.iter().map(|(s, n)| format!("{} : {n}", s.label())).collect::<Vec<_>>().join(" ; ");
    logis_report::chart::bars(
        &bars,
        "logements",
        "",
        None,
        &format!("Où en sont les logements vacants — {description}"),
    )
}
