//! The bilan's tables as workbook sheets, with French labels.

use super::labels::{CommuneNames, label};
use crate::{Cell, Sheet};
use logis_evaluation::{Bilan, Profil, Segment};

fn optional(value: Option<f64>, decimals: u8) -> Cell {
    value.map_or(Cell::Empty, |v| Cell::Decimal(v, decimals))
}

fn segment_sheet(
    title: &str,
    dimension: &str,
    segments: &[Segment],
    communes: CommuneNames,
) -> Sheet {
    let mut sheet = Sheet::new(
        title,
        &[
            "modalité",
            "demandes actives",
            "attributions",
            "pression",
            "délai médian d'attribution (mois)",
        ],
    )
    .titled(format!("{title} : demandes actives au 31 décembre et attributions de l'année"));
    for s in segments {
        sheet.push(vec![
            label(dimension, &s.modalite, communes).into(),
            Cell::Int(s.demandes as i64),
            Cell::Int(s.attributions as i64),
            optional(s.pression, 2),
            optional(s.delai_median_attribution_mois, 1),
        ]);
    }
    sheet
}

fn profile_row(name: &str, p: &Profil) -> Vec<Cell> {
    let none = |_: &str| None;
    let text = |dimension: &str, v: &Option<String>| {
        v.as_deref().map_or(Cell::Empty, |code| Cell::Text(label(dimension, code, &none)))
    };
    vec![
        name.into(),
        Cell::Int(p.demandes as i64),
        Cell::Int(p.attributions as i64),
        optional(p.pression, 2),
        text("age", &p.age),
        text("composition", &p.composition),
        text("situation_logement", &p.situation_logement),
    ]
}

/// Every table of the bilan, one sheet each.
pub fn sheets(b: &Bilan, communes: CommuneNames) -> Vec<Sheet> {
    let k = &b.chiffres_cles;
    let mut key = Sheet::new("Chiffres clés", &["indicateur", "valeur"])
        .titled(format!("{} — bilan {} (au 31/12/{})", b.territoire.nom, b.annee, b.annee));
    for (name, value) in [
        ("Demandes actives au 31 décembre", Cell::Int(k.demandes_actives as i64)),
        ("dont demandes de mutation", Cell::Int(k.demandes_mutation as i64)),
        ("Demandes nouvelles de l'année", Cell::Int(k.demandes_nouvelles as i64)),
        ("Demandes satisfaites dans l'année", Cell::Int(k.demandes_satisfaites as i64)),
        ("Attributions (baux signés)", Cell::Int(k.attributions as i64)),
        ("Pression (demandes pour une attribution)", optional(k.pression, 2)),
        ("Ancienneté moyenne des demandes (mois)", optional(k.anciennete_moyenne_mois, 1)),
        ("Délai médian d'attribution (mois)", optional(k.delai_median_attribution_mois, 1)),
    ] {
        key.push(vec![name.into(), value]);
    }
    let s = &b.segments;
    let mut sheets = vec![key];
    for (title, dimension) in [
        ("Âge", "age"),
        ("Composition", "composition"),
        ("Situation de logement", "situation_logement"),
        ("Sans logement propre", "sans_logement_propre"),
        ("Mutation", "mutation"),
        ("Quartile", "quartile"),
        ("Priorité", "priorite"),
        ("Typologie", "typologie"),
        ("Commune", "commune"),
    ] {
        if let Some(segments) = s.get(dimension) {
            sheets.push(segment_sheet(title, dimension, segments, communes));
        }
    }
    let mut profiles = Sheet::new(
        "Profils",
        &[
            "profil",
            "demandes",
            "attributions",
            "pression",
            "âge le plus fréquent",
            "composition la plus fréquente",
            "situation la plus fréquente",
        ],
    );
    profiles.push(profile_row("Ensemble des demandeurs", &b.profils.ensemble));
    if let Some(p) = &b.profils.bas_revenus {
        profiles.push(profile_row("Bas revenus (1er quartile)", p));
    }
    profiles.push(profile_row("Demandes de mutation", &b.profils.mutation));
    sheets.push(profiles);
    let mut objectives = Sheet::new(
        "Objectifs",
        &["objectif", "cible", "numérateur", "dénominateur", "taux", "atteint"],
    );
    for o in &b.objectifs {
        objectives.push(vec![
            o.libelle.clone().into(),
            Cell::Percent(o.cible),
            o.numerateur.map_or(Cell::Empty, |n| Cell::Int(n as i64)),
            Cell::Int(o.denominateur as i64),
            o.taux.map_or(Cell::Empty, Cell::Percent),
            match o.atteint {
                Some(true) => "oui".into(),
                Some(false) => "non".into(),
                None => Cell::Empty,
            },
        ]);
    }
    sheets.push(objectives);
    sheets.extend(practice_sheets(b));
    sheets.extend(super::flux::sheets(b));
    sheets
}

/// The refusals, the score order and the PLAI ceilings (issue 16), when the bilan holds them.
fn practice_sheets(b: &Bilan) -> Vec<Sheet> {
    let count = |n: u64| Cell::Int(n as i64);
    let mut sheets = Vec::new();
    if let Some(r) = &b.refus {
        let mut sheet =
            Sheet::new("Refus", &["motif donné", "refus", "légitimes", "non légitimes"]).titled(
                format!("Propositions refusées en {} : {} au total", b.annee, r.offres_refusees),
            );
        for m in &r.par_motif {
            sheet.push(vec![
                m.motif.clone().into(),
                count(m.refus),
                count(m.legitimes),
                count(m.non_legitimes),
            ]);
        }
        sheet.push(vec![
            "Ensemble".into(),
            count(r.offres_refusees),
            count(r.motif_legitime),
            count(r.motif_non_legitime),
        ]);
        sheets.push(sheet);
    }
    if let Some(m) = &b.attributions_mieux_classees {
        let mut sheet =
            Sheet::new("Ordre de la cotation", &["indicateur", "valeur"]).titled(format!(
                "Attributions de {} décidées en commission dans Logis et ordre de la cotation",
                b.annee
            ));
        sheet.push(vec!["Attributions suivies dans Logis".into(), count(m.attributions_suivies)]);
        sheet.push(vec!["Au candidat le mieux classé".into(), count(m.au_mieux_classe)]);
        sheet.push(vec!["Part".into(), m.part.map_or(Cell::Empty, Cell::Percent)]);
        for x in &m.motifs {
            sheet.push(vec![format!("Autre candidat : {}", x.motif).into(), count(x.attributions)]);
        }
        sheets.push(sheet);
    }
    if let Some(e) = &b.eligibilite_plai {
        let mut sheet = Sheet::new("Plafonds PLAI", &["indicateur", "valeur"]).titled(format!(
            "Demandes actives au 31/12/{} et plafonds PLAI de {}",
            b.annee, e.annee_plafonds
        ));
        for (name, value) in [
            ("Demandes actives", count(e.demandes_actives)),
            ("Sous le plafond PLAI", count(e.eligibles)),
            ("Au-dessus du plafond PLAI", count(e.non_eligibles)),
            ("Revenu ou plafond inconnu", count(e.inconnues)),
            ("Part sous le plafond (revenu connu)", e.part.map_or(Cell::Empty, Cell::Percent)),
        ] {
            sheet.push(vec![name.into(), value]);
        }
        sheets.push(sheet);
    }
    sheets
}
