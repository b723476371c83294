//! The report's opening: what this evaluation is, and the applicant's path from the first
//! visit to the lease, with this year's waiting times.

use super::{ReportInputs, months};
use crate::document::{Block, Section, Span, paragraph};

pub fn section(inputs: &ReportInputs) -> Section {
    let b = inputs.bilan;
    let k = &b.chiffres_cles;
    let year = b.annee;
    let mut blocks = vec![
        paragraph(format!(
            "Ce bilan évalue, pour l'année {year}, la politique intercommunale d'attributions des logements sociaux {} : le profil des demandes et des attributions, l'atteinte des objectifs fixés par la convention intercommunale d'attributions (CIA) et les priorités pour {}. Il est établi chaque année avec les mêmes définitions, ce qui permet de suivre les évolutions d'une année sur l'autre.",
            logis_domain::french::of(&b.territoire.nom),
            year + 1
        )),
        Block::Subheading("Le parcours du demandeur".into()),
        Block::List(vec![
            step(
                "Accueillir et informer",
                "le demandeur est reçu par un guichet (mairie, bailleur, service d'accueil) qui l'informe sur l'offre, les délais et ses droits.",
            ),
            step(
                "Enregistrer",
                "la demande et ses pièces sont enregistrées dans le système national d'enregistrement ; la cotation situe la demande parmi les demandes comparables.",
            ),
            step(
                "Suivre et traiter",
                &format!(
                    "bailleurs, communes, réservataires et travailleurs sociaux suivent la demande de manière harmonisée ; au {}, une demande active attend en moyenne depuis {}.",
                    inputs.as_of(),
                    months(k.anciennete_moyenne_mois)
                ),
            ),
            step(
                "Attribuer",
                "la commission d'attribution des logements (CAL) du bailleur examine au moins trois candidatures par logement, guidée par la cotation, et décide.",
            ),
            step(
                "Signer le bail",
                &format!(
                    "l'attribution est effective à la signature du bail et la demande est satisfaite ; en {year}, il s'est écoulé {} (médiane) entre le dépôt de la demande et la signature.",
                    months(k.delai_median_attribution_mois)
                ),
            ),
        ]),
    ];
    if k.demandes_actives == 0 && k.attributions == 0 {
        blocks.push(Block::Note(format!(
            "Les données ne contiennent ni demande active au 31/12/{year} ni attribution en {year} : ce bilan est vide. Vérifiez l'année demandée ou importez les données de l'année."
        )));
    }
    if !b.seuils_disponibles {
        blocks.push(Block::Note(format!(
            "Les seuils de ressources des quartiles de {year} ne sont pas enregistrés : les indicateurs qui en dépendent (quartile, profil « bas revenus », objectifs de mixité) ne peuvent pas être calculés. Importez le fichier seuils.csv de l'année pour les obtenir."
        )));
    }
    Section { title: "Contexte et parcours du demandeur".into(), blocks }
}

fn step(name: &str, text: &str) -> Vec<Span> {
    vec![Span::Strong(format!("{name} : ")), Span::Text(text.to_owned())]
}
