//! The priorities for next year — the territory's own text, then the objectives that were
//! missed and what reaching them would have taken — and the definitions used.

use super::ReportInputs;
use super::objectives::{HOLDERS_SHOWN, shown};
use crate::document::{Block, Section, Span, paragraph};
use crate::markdown::markdown_blocks;
use logis_domain::french::{int, percent};

pub fn section(inputs: &ReportInputs) -> Section {
    let b = inputs.bilan;
    let next = b.annee + 1;
    let mut blocks = match inputs.priorities {
        Some(text) if !text.trim().is_empty() => markdown_blocks(text),
        _ => vec![Block::Note(format!(
            "Le territoire n'a pas encore rédigé ses priorités pour {next} : le service logement de l'intercommunalité les rédige dans la page Paramètres de Logis (« Priorités du territoire pour l'année à venir ») et elles figurent ici."
        ))],
    };
    blocks.push(Block::Subheading(format!("Objectifs non atteints en {}", b.annee)));
    let (objectives, left_out) = shown(&b.objectifs);
    let missed: Vec<Vec<Span>> = objectives
        .iter()
        .filter(|o| o.atteint == Some(false))
        .map(|o| {
            let missing = o.missing_allocations().unwrap_or_default();
            vec![
                Span::Strong(format!("{} : ", o.libelle)),
                Span::Text(format!(
                    "{} pour une cible de {} ; il aurait fallu {} attribution{} de plus sur {} pour l'atteindre.",
                    o.taux.map_or_else(|| "n.d.".to_owned(), |t| percent(t, 1)),
                    percent(o.cible, 0),
                    int(missing),
                    if missing > 1 { "s" } else { "" },
                    int(o.denominateur)
                )),
            ]
        })
        .collect();
    if left_out > 0 {
        blocks.push(paragraph(format!(
            "Seuls les {HOLDERS_SHOWN} contingents de réservataires qui ont le plus d'attributions sont repris ici ; les autres sont détaillés dans le classeur et le fichier CSV du bilan."
        )));
    }
    if missed.is_empty() {
        let which = if left_out > 0 { " montrés ici" } else { "" };
        blocks.push(paragraph(format!(
            "Tous les objectifs mesurables{which} ont été atteints en {}.",
            b.annee
        )));
    } else {
        blocks.push(Block::List(missed));
    }
    Section { title: format!("Priorités pour {next}"), blocks }
}

pub fn definitions(year: i32) -> Section {
    let item =
        |name: &str, text: String| vec![Span::Strong(format!("{name} : ")), Span::Text(text)];
    Section {
        title: "Définitions".into(),
        blocks: vec![Block::List(vec![
            item("Demande active", format!("déposée au plus tard le 31/12/{year} et ni radiée ni satisfaite à cette date.")),
            item("Attribution", format!("logement attribué dont le bail a été signé en {year}.")),
            item("Pression", "demandes actives au 31 décembre pour 1 attribution de l'année, dans le même segment.".into()),
            item("Ancienneté, délai", "en mois de 30,4375 jours ; délai d'attribution = de la date de dépôt à la signature du bail (médiane).".into()),
            item("Quartile", format!("ressources annuelles par unité de consommation comparées aux seuils publiés pour {year} (1 UC pour le demandeur, 0,5 par autre personne de 14 ans ou plus, 0,3 par enfant de moins de 14 ans).")),
            item("Ménage prioritaire", "reconnu DALO ou relevant d'au moins un critère de priorité (article L441-1 du CCH).".into()),
            item("Mutation", "demande d'un ménage déjà locataire du parc social.".into()),
            item("Sans logement propre", "hébergé (famille, tiers, structure), en logement temporaire, à l'hôtel, en camping, sans titre ou sans abri.".into()),
            item("Refus", format!("proposition de logement faite dans Logis, refusée par le demandeur avec une réponse datée de {year} ; le motif est celui qu'il a donné, sa légitimité celle que le bailleur a reconnue.")),
            item("Candidat le mieux classé", "premier des candidats du logement dans l'ordre de la cotation, pour les attributions dont la commission a enregistré ses décisions dans Logis ; sinon, le motif d'écart qu'elle a noté.".into()),
            item("Sous le plafond PLAI", format!("revenu fiscal de référence au plus égal au plafond PLAI de {year} de la catégorie du ménage, dans la zone de la commune souhaitée en premier ; parmi les demandes actives dont le revenu est renseigné.")),
        ])],
    }
}
