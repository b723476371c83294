//! « L'attribution en pratique »: the offers refused in the year by reason, the
//! leases decided in Logis against the score order, the active applications within the
//! PLAI ceilings and the reservation rights as a flow ([`super::flux`]) — worded from the
//! bilan model, which counted them.

use super::ReportInputs;
use crate::document::{Block, Section, Table, paragraph};
use logis_domain::french::{int, percent, plural};
use logis_evaluation::{EligibilitePlai, MieuxClassees, Refus};

/// The section, when the bilan holds these indicators (a bilan counted from a snapshot only
/// does not).
pub fn section(inputs: &ReportInputs) -> Option<Section> {
    let b = inputs.bilan;
    if b.refus.is_none()
        && b.attributions_mieux_classees.is_none()
        && b.eligibilite_plai.is_none()
        && b.flux.is_none()
    {
        return None;
    }
    let mut blocks = Vec::new();
    blocks.push(Block::Subheading("Les refus des propositions".into()));
    blocks.extend(b.refus.as_ref().map_or_else(Vec::new, |r| refusals(b.annee, r)));
    blocks.push(Block::Subheading("Les attributions et l'ordre de la cotation".into()));
    blocks.extend(match &b.attributions_mieux_classees {
        Some(m) => score_order(b.annee, m),
        None => vec![paragraph(
            "Non publié : trop peu d'attributions pour respecter le secret statistique.".to_owned(),
        )],
    });
    if let Some(e) = &b.eligibilite_plai {
        blocks.push(Block::Subheading("Les demandes sous les plafonds PLAI".into()));
        blocks.push(plai(inputs, e));
    }
    if let Some(f) = &b.flux {
        blocks.extend(super::flux::blocks(b.annee, f));
    }
    Some(Section { title: "L'attribution en pratique".into(), blocks })
}

fn refusals(year: i32, r: &Refus) -> Vec<Block> {
    if r.offres_refusees == 0 {
        return vec![paragraph(format!(
            "Aucune proposition refusée n'est enregistrée dans Logis pour {year}."
        ))];
    }
    let n = r.offres_refusees;
    let mut text = format!(
        "En {year}, {} proposition{} de logement {} été refusée{} par les demandeurs : {} pour un motif légitime, {} sans motif légitime",
        int(n),
        plural(n),
        if n > 1 { "ont" } else { "a" },
        plural(n),
        int(r.motif_legitime),
        int(r.motif_non_legitime)
    );
    if r.legitimite_non_renseignee > 0 {
        text.push_str(&format!(
            ", {} sans que la légitimité du motif soit dite",
            int(r.legitimite_non_renseignee)
        ));
    }
    text.push('.');
    let mut blocks = vec![paragraph(text)];
    if !r.par_motif.is_empty() {
        blocks.push(Block::Table(Table {
            headers: ["motif donné", "refus", "dont légitimes", "dont non légitimes"]
                .map(String::from)
                .to_vec(),
            rows: r
                .par_motif
                .iter()
                .map(|m| {
                    vec![m.motif.clone(), int(m.refus), int(m.legitimes), int(m.non_legitimes)]
                })
                .collect(),
            numeric: vec![false, true, true, true],
        }));
    }
    blocks
}

fn score_order(year: i32, m: &MieuxClassees) -> Vec<Block> {
    let Some(part) = m.part else {
        return vec![paragraph(format!(
            "Aucune attribution de {year} n'a été décidée en commission dans Logis : cet indicateur porte sur les attributions dont la commission a enregistré ses décisions dans Logis (un fichier importé ne dit pas le classement des candidats)."
        ))];
    };
    let mut blocks = vec![paragraph(format!(
        "Sur les {} attribution{} de {year} décidée{} en commission dans Logis, {} ({}) {} allée{} au candidat le mieux classé par la cotation parmi les candidats du logement.",
        int(m.attributions_suivies),
        plural(m.attributions_suivies),
        plural(m.attributions_suivies),
        int(m.au_mieux_classe),
        percent(part, 0),
        if m.au_mieux_classe > 1 { "sont" } else { "est" },
        plural(m.au_mieux_classe)
    ))];
    if !m.motifs.is_empty() {
        blocks.push(Block::Table(Table {
            headers: ["pourquoi pas le mieux classé", "attributions"].map(String::from).to_vec(),
            rows: m.motifs.iter().map(|x| vec![x.motif.clone(), int(x.attributions)]).collect(),
            numeric: vec![false, true],
        }));
    }
    blocks
}

fn plai(inputs: &ReportInputs, e: &EligibilitePlai) -> Block {
    let known = e.eligibles + e.non_eligibles;
    let unknown = if e.inconnues > 0 {
        format!(
            " {} demande{} ne {} pas comptée{} : revenu fiscal de référence non renseigné, ou plafonds {} non chargés.",
            int(e.inconnues),
            plural(e.inconnues),
            if e.inconnues > 1 { "sont" } else { "est" },
            plural(e.inconnues),
            e.annee_plafonds
        )
    } else {
        String::new()
    };
    match e.part {
        Some(part) => paragraph(format!(
            "Au {}, {} des {} demandes actives dont le revenu est connu ({}) ont un revenu fiscal de référence sous le plafond PLAI de {} (zone de la commune souhaitée en premier, catégorie du ménage) : ce sont les ménages à qui les logements très sociaux sont destinés.{unknown}",
            inputs.as_of(),
            int(e.eligibles),
            int(known),
            percent(part, 0),
            e.annee_plafonds
        )),
        None => paragraph(format!(
            "La part des demandes sous le plafond PLAI ne peut pas être calculée.{unknown}"
        )),
    }
}
