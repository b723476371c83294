//! `logis cotation show NUMERO`: one application's cotation, in French, as a partner at the
//! desk explains it to the applicant.

use crate::database;
use anyhow::Result;
use logis_cotation::Status;
use logis_cotation::stored::{ApplicantFile, file_of};
use logis_domain::Statut;
use logis_domain::french::{Gender, date, int, signed, tenths};
use std::process::ExitCode;

pub async fn run(url: &str, numero: &str) -> Result<ExitCode> {
    let store = database::open(url).await?;
    let file = file_of(&*store, numero.trim()).await;
    store.close().await;
    let Some(file) = file? else {
        tell!("Aucune demande n'a le numéro unique « {} ».", numero.trim());
        return Ok(ExitCode::FAILURE);
    };
    print(&file);
    Ok(ExitCode::SUCCESS)
}

fn commune_name(insee: &str) -> String {
    crate::communes::name(insee)
        .map_or_else(|| insee.to_owned(), |name| format!("{name} ({insee})"))
}

fn print(file: &ApplicantFile) {
    let d = &file.demande;
    let state = match d.statut {
        Statut::Active => "active".to_owned(),
        other => format!("{} le {}", other.label(), d.date_radiation.map(date).unwrap_or_default()),
    };
    say!("Demande {} — {state}, déposée le {}", d.numero_unique, date(d.date_depot));
    let Some(score) = &file.score else {
        match d.statut {
            Statut::Active => say!("Pas encore de score : lancez `logis cotation`."),
            _ => say!("Pas de score en cours : seules les demandes actives sont cotées."),
        }
        print_history(file);
        return;
    };
    let provisional = if score.provisoire {
        " — provisoire : une partie des points repose sur une déclaration, à vérifier sur pièces"
    } else {
        ""
    };
    say!("");
    say!("Score : {} points{provisional}", signed(score.score));
    say!(
        "Grille : {} (en vigueur depuis le {}) ; calcul du {}",
        file.grid_name.as_deref().unwrap_or("grille inconnue"),
        date(score.grille_en_vigueur),
        date(score.calcule_le)
    );
    say!("");
    say!("Détail des points");
    let width =
        file.lines.iter().map(|l| l.libelle.chars().count()).max().unwrap_or(0).min(LABEL_WIDTH);
    let mut pending_title = false;
    for l in &file.lines {
        if l.line.status == Status::EnAttente && !pending_title {
            say!("  En attente de justificatif (ces points ne comptent pas encore) :");
            pending_title = true;
        }
        let mut label = wrapped(&l.libelle, LABEL_WIDTH);
        let last = label.pop().unwrap_or_default();
        for part in label {
            say!("  {part}");
        }
        say!(
            "  {last:<width$}  {:>5}  {}",
            signed(i64::from(l.line.points)),
            l.line.status.label()
        );
    }
    if file.lines.is_empty() {
        say!("  Aucun critère de la grille ne s'applique à cette demande.");
    }
    say!("");
    let typologie = if score.typologie.is_empty() {
        "sans typologie précisée".to_owned()
    } else {
        score.typologie.clone()
    };
    say!(
        "Position : {} sur {} demande{} comparable{} (première commune souhaitée : {}, typologie : {typologie})",
        ordinal(score.rang),
        int(score.comparables as u64),
        if score.comparables > 1 { "s" } else { "" },
        if score.comparables > 1 { "s" } else { "" },
        commune_name(&score.commune),
    );
    if let Some(g) = &file.group {
        say!(
            "Scores des demandes comparables : 1er quartile {} · médiane {} · 3e quartile {}",
            signed(g.score_q1),
            signed(g.score_mediane),
            signed(g.score_q3)
        );
        match (g.attente_mois_dixiemes, file.waiting_level) {
            (Some(months), Some(level)) => say!(
                "Délai d'attente observé : {} mois (médiane de {} attribution{} des 12 derniers mois {})",
                tenths(months as u64),
                int(g.attente_attributions as u64),
                if g.attente_attributions > 1 { "s" } else { "" },
                level.label()
            ),
            _ => say!(
                "Délai d'attente observé : aucune attribution sur le territoire ces 12 derniers mois."
            ),
        }
    }
    print_history(file);
}

fn print_history(file: &ApplicantFile) {
    if file.history.is_empty() {
        return;
    }
    say!("");
    say!("Historique des scores");
    for h in file.history.iter().rev() {
        say!(
            "  depuis le {} : {} points{} (grille du {})",
            date(h.depuis),
            signed(h.score),
            if h.provisoire { ", provisoire" } else { "" },
            date(h.grille_en_vigueur)
        );
    }
}

/// A rank among applications (feminine: « 1re demande »).
fn ordinal(rank: i64) -> String {
    logis_domain::french::ordinal(rank.max(0) as u64, Gender::Feminine)
}

/// The widest a criterion's label is printed on one line; a longer one goes on several.
const LABEL_WIDTH: usize = 70;

/// `text` cut between words into lines of at most `width` characters (a longer word alone
/// on its line), nothing left out.
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_label_is_kept_whole_on_several_lines() {
        let label = "Ménage hébergé chez un tiers depuis plus de six mois, avec des enfants mineurs \
                     et une procédure d'expulsion engagée par le propriétaire";
        let lines = wrapped(label, LABEL_WIDTH);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= LABEL_WIDTH), "{lines:?}");
        assert_eq!(lines.join(" "), label.split_whitespace().collect::<Vec<_>>().join(" "));
        assert_eq!(wrapped("Court", LABEL_WIDTH), ["Court"]);
    }
}
