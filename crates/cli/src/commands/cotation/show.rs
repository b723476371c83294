//! `logis cotation show NUMERO`: one application's cotation, in French, as a partner at the
//! desk explains it to the applicant.

use crate::database;
use anyhow::Result;
use logis_cotation::Status;
use logis_cotation::stored::{ApplicantFile, file_of};
use logis_domain::Statut;
use logis_domain::french::{date, int, signed, tenths};
use std::process::ExitCode;

pub async fn run(url: &str, numero: &str) -> Result<ExitCode> {
    let store = database::open(url).await?;
    let file = file_of(&*store, numero.trim()).await;
    store.close().await;
    let Some(file) = file? else {
        eprintln!("Aucune demande n'a le numéro unique « {} ».", numero.trim());
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
    println!("Demande {} — {state}, déposée le {}", d.numero_unique, date(d.date_depot));
    let Some(score) = &file.score else {
        match d.statut {
            Statut::Active => println!("Pas encore de score : lancez `logis cotation`."),
            _ => println!("Pas de score en cours : seules les demandes actives sont cotées."),
        }
        print_history(file);
        return;
    };
    let provisional = if score.provisoire {
        " — provisoire : une partie des points repose sur une déclaration, à vérifier sur pièces"
    } else {
        ""
    };
    println!();
    println!("Score : {} points{provisional}", signed(score.score));
    println!(
        "Grille : {} (en vigueur depuis le {}) ; calcul du {}",
        file.grid_name.as_deref().unwrap_or("grille inconnue"),
        date(score.grille_en_vigueur),
        date(score.calcule_le)
    );
    println!();
    println!("Détail des points");
    let width = file.lines.iter().map(|l| l.libelle.chars().count()).max().unwrap_or(0).min(70);
    let mut pending_title = false;
    for l in &file.lines {
        if l.line.status == Status::EnAttente && !pending_title {
            println!("  En attente de justificatif (ces points ne comptent pas encore) :");
            pending_title = true;
        }
        let label: String = l.libelle.chars().take(70).collect();
        println!(
            "  {label:<width$}  {:>5}  {}",
            signed(i64::from(l.line.points)),
            l.line.status.label()
        );
    }
    if file.lines.is_empty() {
        println!("  Aucun critère de la grille ne s'applique à cette demande.");
    }
    println!();
    let typologie = if score.typologie.is_empty() {
        "sans typologie précisée".to_owned()
    } else {
        score.typologie.clone()
    };
    println!(
        "Position : {} sur {} demande{} comparable{} (première commune souhaitée : {}, typologie : {typologie})",
        ordinal(score.rang),
        int(score.comparables as u64),
        if score.comparables > 1 { "s" } else { "" },
        if score.comparables > 1 { "s" } else { "" },
        commune_name(&score.commune),
    );
    if let Some(g) = &file.group {
        println!(
            "Scores des demandes comparables : 1er quartile {} · médiane {} · 3e quartile {}",
            signed(g.score_q1),
            signed(g.score_mediane),
            signed(g.score_q3)
        );
        match (g.attente_mois_dixiemes, file.waiting_level) {
            (Some(months), Some(level)) => println!(
                "Délai d'attente observé : {} mois (médiane de {} attribution{} des 12 derniers mois {})",
                tenths(months as u64),
                int(g.attente_attributions as u64),
                if g.attente_attributions > 1 { "s" } else { "" },
                level.label()
            ),
            _ => println!(
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
    println!();
    println!("Historique des scores");
    for h in file.history.iter().rev() {
        println!(
            "  depuis le {} : {} points{} (grille du {})",
            date(h.depuis),
            signed(h.score),
            if h.provisoire { ", provisoire" } else { "" },
            date(h.grille_en_vigueur)
        );
    }
}

fn ordinal(rank: i64) -> String {
    if rank == 1 { "1re".to_owned() } else { format!("{}e", int(rank as u64)) }
}
