//! Command-line arguments: every command and option, with the help users read.

use clap::{Args, Parser, Subcommand, ValueEnum};
use logis_domain::Date;
use std::path::PathBuf;

/// Logis : la gestion partagée de la demande de logement social et l'évaluation de la politique
/// intercommunale d'attributions.
#[derive(Debug, Parser)]
#[command(name = "logis", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Base de données : `sqlite://FICHIER` (par défaut `sqlite://logis.db` dans le dossier
    /// courant) ou `postgres://utilisateur@hôte/base` pour un serveur partagé.
    #[arg(long, global = true, env = "LOGIS_DATABASE_URL", default_value = "sqlite://logis.db")]
    pub database: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Crée au premier lancement la base du territoire de démonstration (CC Terres des
    /// Confluences) et un compte de démonstration par rôle, en affiche le résumé, puis sert
    /// l'application des partenaires (arrêt : Ctrl+C).
    Demo {
        /// Adresse d'écoute de l'application.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Affiche le résumé sans lancer l'application.
        #[arg(long)]
        sans_serveur: bool,
        /// Paramètres du serveur de courriel (SMTP) par lequel les demandeurs reçoivent leurs
        /// codes de connexion et leurs rappels (modèle : docs/parametres-courriel.toml ; le mot
        /// de passe dans LOGIS_SMTP_MOT_DE_PASSE). Sans lui, aucun courriel ne part : les
        /// guichets remettent les codes par courrier.
        #[arg(long, value_name = "FICHIER", env = "LOGIS_COURRIEL")]
        courriel: Option<PathBuf>,
    },

    /// Sert l'application des partenaires (pages et API) sur la base choisie (arrêt : Ctrl+C).
    Serve {
        /// Adresse d'écoute : 127.0.0.1 pour ce poste seul ; derrière un serveur HTTPS
        /// (reverse proxy) pour un accès partagé, les cookies de session étant « Secure ».
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Nom du territoire affiché en tête de chaque page.
        #[arg(long, default_value = "Territoire")]
        territoire: String,
        /// Adresse IP d'un serveur mandataire (reverse proxy) placé devant l'application : de
        /// lui seul, l'adresse du client est lue dans l'en-tête X-Forwarded-For, et l'adresse
        /// du site dans X-Forwarded-Host. Répétable ; aussi LOGIS_PROXY (séparées par des
        /// virgules).
        #[arg(long = "proxy", value_name = "IP", env = "LOGIS_PROXY", value_delimiter = ',')]
        proxies: Vec<std::net::IpAddr>,
        /// Adresse publique de l'application (par exemple https://logis.cc-terres-confluences.fr),
        /// écrite dans les courriers et les courriels aux demandeurs pour leur dire où trouver
        /// leur espace ; aussi LOGIS_ADRESSE_PUBLIQUE.
        #[arg(long, value_name = "URL", env = "LOGIS_ADRESSE_PUBLIQUE")]
        adresse_publique: Option<String>,
        /// Paramètres du serveur de courriel (SMTP) par lequel les demandeurs reçoivent leurs
        /// codes de connexion et leurs rappels (modèle : docs/parametres-courriel.toml ; le mot
        /// de passe dans LOGIS_SMTP_MOT_DE_PASSE). Sans lui, aucun courriel ne part : les
        /// guichets remettent les codes par courrier.
        #[arg(long, value_name = "FICHIER", env = "LOGIS_COURRIEL")]
        courriel: Option<PathBuf>,
    },

    /// Importe un jeu de fichiers au format d'échange v1 (un dossier ou une archive .zip).
    ///
    /// Tout ou rien : si une seule ligne est fausse, rien n'est écrit et le rapport liste chaque
    /// ligne fautive (fichier, ligne, colonne, valeur, problème, valeur attendue). Réimporter le
    /// même jeu ne change rien ; une ligne modifiée met à jour l'enregistrement. Des fichiers
    /// identiques à ceux du dernier import (même contenu, octet pour octet) ne sont pas relus.
    Import {
        /// Dossier ou archive .zip contenant organismes.csv, demandes.csv, membres.csv,
        /// logements.csv, attributions.csv et/ou seuils.csv.
        path: PathBuf,
        /// Écrit aussi le rapport d'erreurs dans ce fichier CSV (séparateur `;`, UTF-8 avec BOM,
        /// pour un tableur).
        #[arg(long, value_name = "FICHIER")]
        errors: Option<PathBuf>,
        /// Vérifie tout le jeu (valeurs, clés, ménages, références à la base) sans rien écrire.
        #[arg(long)]
        verifier: bool,
        /// Affiche à la fin la durée de chaque étape et la mémoire maximale qu'elle a prise
        /// (allouée, et résidente : pages de la base lues en mémoire comprises).
        #[arg(long)]
        mesures: bool,
        /// Relit les fichiers même s'ils sont ceux du dernier import : leurs valeurs remplacent
        /// alors ce qui a été modifié dans Logis depuis (fusions, radiations, saisies).
        #[arg(long)]
        tout_relire: bool,
    },

    /// Exporte toute la base au format d'échange v1 (UTF-8, séparateur `;`, dates ISO,
    /// décimales avec un point) dans un dossier.
    Export {
        /// Dossier de destination (créé s'il n'existe pas).
        dir: PathBuf,
    },

    /// Candidats pour un logement : les demandes actives qui remplissent toutes les règles
    /// (commune souhaitée, taille du ménage, plafond de ressources, accessibilité, public du
    /// réservataire), classées par score puis ancienneté, avec pourquoi elles conviennent et
    /// leur taux d'effort (voir docs/attribution.md).
    Candidats {
        /// Identifiant du logement (logements.csv).
        #[arg(long)]
        logement: String,
        /// Réservataire vers lequel le logement est orienté (par défaut : celui du logement,
        /// sinon le bailleur).
        #[arg(long)]
        reservataire: Option<String>,
        /// Nombre de candidats voulus.
        #[arg(long, default_value_t = 10)]
        nombre: usize,
    },

    /// « Pourquoi pas ? » : les règles qui écartent une demande d'un logement, ou pourquoi elle
    /// convient.
    PourquoiPas {
        /// Identifiant du logement.
        #[arg(long)]
        logement: String,
        /// Numéro unique de la demande.
        #[arg(long)]
        demande: String,
        /// Réservataire vers lequel le logement est orienté (par défaut : celui du logement).
        #[arg(long)]
        reservataire: Option<String>,
    },

    /// Objectifs de l'année à ce jour (ou à la date donnée) : attributions hors QPV au 1er
    /// quartile, en QPV aux quartiles 2 à 4, aux ménages prioritaires, par bailleur,
    /// réservataire et commune, avec les attributions manquantes pour chaque cible.
    Objectifs {
        /// Date de fin du décompte (AAAA-MM-JJ ; par défaut aujourd'hui).
        #[arg(long)]
        date: Option<String>,
    },

    /// Cotation des demandes : calcule et enregistre le score de chaque demande active avec la
    /// grille en vigueur, sa position parmi les demandes comparables et le délai d'attente
    /// observé (voir docs/cotation.md).
    Cotation(CotationArgs),

    /// Bilan annuel de la politique d'attributions pour une année (indicateurs de
    /// ../shared/spec/bilan.md) : chiffres clés, pression par segment, profils des demandeurs,
    /// objectifs. En JSON (sur la sortie standard sans --out), en rapport HTML ou PDF (avec
    /// graphiques et évolution sur toutes les années des données), en classeur XLSX ou en CSV.
    Bilan {
        /// Année du bilan (date de référence : le 31 décembre).
        #[arg(long)]
        year: i32,
        /// `json` (le document de bilan.md), `html` ou `pdf` (le rapport), `xlsx` (un onglet
        /// par tableau) ou `csv` (tous les tableaux en un fichier `;` : tableau, ligne,
        /// indicateur, valeur).
        #[arg(long, value_enum, default_value_t = BilanFormat::Json)]
        format: BilanFormat,
        /// Écrit le bilan dans ce fichier (obligatoire sauf en json).
        #[arg(long, value_name = "FICHIER")]
        out: Option<PathBuf>,
        /// Paramètres du territoire : code, nom, cibles des objectifs (fichier TOML, voir
        /// docs/parametres-territoire.toml) ; par défaut la CC Terres des Confluences et les
        /// cibles légales.
        #[arg(long, value_name = "FICHIER")]
        parametres: Option<PathBuf>,
        /// Les priorités du territoire pour l'année suivante (texte Markdown), reprises dans
        /// le rapport HTML ou PDF.
        #[arg(long, value_name = "FICHIER")]
        priorities: Option<PathBuf>,
    },

    /// Génère un territoire synthétique au format d'échange v1 (identique pour une même
    /// graine).
    Generate {
        /// `cctc` : les 22 communes réelles de Terres des Confluences, 2019–2025 ;
        /// `national` : toutes les communes de France, environ 2,7 millions de demandes actives.
        #[arg(long, value_enum)]
        scale: ScaleArg,
        /// Dossier de destination (créé s'il n'existe pas).
        #[arg(long, value_name = "DOSSIER")]
        out: PathBuf,
        /// Graine du tirage aléatoire.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },

    /// Efface les données personnelles que le territoire ne doit plus garder (règle du SNE :
    /// un an après la sortie du registre ; délais réglés dans les paramètres « données
    /// personnelles ») : noms, coordonnées, dates de naissance exactes, notes, étiquettes,
    /// suivis et historique des demandes sorties, lignes anciennes du journal d'audit. Les
    /// chiffres des bilans ne changent pas. L'application le fait chaque nuit d'elle-même.
    Purge {
        /// Dit ce qui serait effacé, sans rien effacer.
        #[arg(long)]
        simulation: bool,
        /// Date de la purge (JJ/MM/AAAA ou AAAA-MM-JJ) ; aujourd'hui par défaut.
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
    },

    /// Importe les plafonds de ressources de l'année : un fichier CSV aux colonnes du fichier
    /// officiel (annee, financement, zone, categorie, plafond_eur). Les tables complètes
    /// s'ajoutent aux paramètres ou remplacent celles de même année, financement et zone ; le
    /// rapport dit ce qui change.
    Plafonds {
        /// Le fichier CSV.
        fichier: std::path::PathBuf,
        /// Dit ce qui changerait, sans rien enregistrer.
        #[arg(long)]
        verifier: bool,
    },

    /// Radie les demandes non renouvelées un mois après leur échéance (un an après
    /// l'enregistrement ou le dernier renouvellement), motif « non-renouvellement » : chaque
    /// radiation est écrite dans l'historique de la demande et le journal d'audit.
    /// L'application le fait chaque nuit d'elle-même.
    Radiations {
        /// Dit quelles demandes seraient radiées, sans rien changer.
        #[arg(long)]
        simulation: bool,
        /// Date des radiations (JJ/MM/AAAA ou AAAA-MM-JJ) ; aujourd'hui par défaut.
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
    },

    /// Envoie les avis de renouvellement du jour : un mois avant l'échéance de sa demande (un
    /// an après son enregistrement ou son dernier renouvellement), chaque demandeur est
    /// prévenu par courriel s'il a donné une adresse électronique, sinon par un courrier que
    /// les guichets impriment et postent. Une seule fois par échéance ; un courriel refusé par
    /// le serveur est réessayé au passage suivant. L'application le fait chaque nuit.
    AvisRenouvellement {
        /// Date des avis (JJ/MM/AAAA ou AAAA-MM-JJ) ; aujourd'hui par défaut.
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
        /// Dit combien d'avis partiraient, sans rien envoyer ni enregistrer.
        #[arg(long)]
        simulation: bool,
        /// Paramètres du serveur de courriel (SMTP) par lequel partent les avis (modèle :
        /// docs/parametres-courriel.toml ; le mot de passe dans LOGIS_SMTP_MOT_DE_PASSE). Sans
        /// lui, tous les avis partent par courrier.
        #[arg(long, value_name = "FICHIER", env = "LOGIS_COURRIEL")]
        courriel: Option<PathBuf>,
        /// Nom du territoire qui signe les avis.
        #[arg(long, default_value = "Territoire")]
        territoire: String,
        /// Adresse de l'espace demandeur (par exemple https://logement.exemple.fr/demandeur),
        /// donnée dans les avis pour renouveler en ligne.
        #[arg(long, value_name = "URL")]
        espace: Option<String>,
        /// Écrit aussi dans ce fichier PDF les courriers du jour à imprimer et poster.
        #[arg(long, value_name = "FICHIER")]
        courriers: Option<PathBuf>,
    },

    /// Recherche les doublons possibles parmi les demandes actives (même nom, prénom et date de
    /// naissance du titulaire, sans tenir compte des accents, majuscules et traits d'union ;
    /// même adresse électronique ; même téléphone) et dit combien sont à examiner. L'EPCI les
    /// fusionne ou les écarte sur la page « Doublons ». Fait aussi après chaque import et
    /// chaque nuit.
    Doublons {
        /// Date de la recherche (JJ/MM/AAAA ou AAAA-MM-JJ) ; aujourd'hui par défaut.
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
    },

    /// Comptes de l'application des partenaires (voir docs/comptes.md).
    User {
        #[command(subcommand)]
        action: UserAction,
    },

    /// Gestion en flux des droits de réservation : le bilan qu'un bailleur envoie avant le
    /// 28 février, et l'inventaire qui convertit le stock réservé en parts de flux (le JSON de
    /// ../shared/spec/flux.md).
    Flux {
        #[command(subcommand)]
        action: FluxAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum FluxAction {
    /// Le bilan de l'année d'un bailleur (sans --bailleur : de tous les bailleurs) : logements
    /// loués, mis de côté, flux net, et par réservataire sa part, son droit, ce qu'il a reçu,
    /// l'écart.
    Bilan {
        /// Année du bilan.
        #[arg(long)]
        year: i32,
        #[command(flatten)]
        document: FluxDocument,
    },
    /// L'inventaire préparé l'année donnée, sur les trois années d'avant : par réservataire
    /// son stock, ses attributions, la rotation et la part de flux proposée (sans --bailleur :
    /// de tous les bailleurs).
    Inventaire {
        /// Année de la conversion (les trois années d'avant sont lues).
        #[arg(long)]
        year: i32,
        #[command(flatten)]
        document: FluxDocument,
    },
}

/// Which landlord's document, in which format, where.
#[derive(Debug, Args)]
pub struct FluxDocument {
    /// Identifiant du bailleur (organismes.csv).
    #[arg(long)]
    pub bailleur: Option<String>,
    /// `json` (le document du contrat), `pdf` (le bilan à envoyer ou les parts à signer, une
    /// partie par bailleur) ou `xlsx` (une synthèse et un onglet par bailleur).
    #[arg(long, value_enum, default_value_t = FluxFormat::Json)]
    pub format: FluxFormat,
    /// Écrit le document dans ce fichier plutôt que sur la sortie (obligatoire sauf en json).
    #[arg(long, value_name = "FICHIER")]
    pub out: Option<PathBuf>,
}

/// How `logis flux` writes its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FluxFormat {
    Json,
    Pdf,
    Xlsx,
}

impl FluxFormat {
    /// The file extension, lower case.
    pub fn extension(self) -> &'static str {
        match self {
            FluxFormat::Json => "json",
            FluxFormat::Pdf => "pdf",
            FluxFormat::Xlsx => "xlsx",
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Crée un compte, ou remplace celui du même identifiant (rôle, rattachement, mot de
    /// passe). Le mot de passe est lu sur l'entrée standard quand elle n'est pas un terminal,
    /// demandé deux fois sans affichage sinon ; il est gardé haché (Argon2id), jamais en clair.
    Add {
        /// Identifiant de connexion.
        #[arg(long)]
        login: String,
        /// administrateur, guichet, bailleur, reservataire, travailleur_social ou observateur.
        #[arg(long)]
        role: String,
        /// Organisme de rattachement (identifiant de organismes.csv) : obligatoire pour un
        /// bailleur ou un réservataire.
        #[arg(long, value_name = "IDENTIFIANT")]
        organisme: Option<String>,
        /// Commune de rattachement (code INSEE), pour le guichet d'une mairie.
        #[arg(long, value_name = "INSEE")]
        commune: Option<String>,
    },
    /// Change le mot de passe d'un compte (lu comme pour `add`) : ses sessions se ferment et
    /// ses jetons d'API sont révoqués.
    Password {
        /// Identifiant du compte.
        #[arg(long)]
        login: String,
    },
    /// Désactive un compte : il ne peut plus se connecter, ses sessions se ferment et ses
    /// jetons d'API sont révoqués. Le compte et son historique restent.
    Disable {
        /// Identifiant du compte.
        #[arg(long)]
        login: String,
    },
    /// Réactive un compte désactivé (ses jetons révoqués le restent).
    Enable {
        /// Identifiant du compte.
        #[arg(long)]
        login: String,
    },
    /// Supprime un compte, avec ses sessions, ses jetons et ses suivis de ménages (le journal
    /// d'audit garde ses lignes).
    Delete {
        /// Identifiant du compte.
        #[arg(long, required_unless_present = "demonstration")]
        login: Option<String>,
        /// Supprime tous les comptes de démonstration : ceux créés par `logis demo`, et ceux
        /// dont le mot de passe est encore celui publié dans le README.
        #[arg(long, conflicts_with = "login")]
        demonstration: bool,
    },
    /// Liste les comptes, avec leur rôle, leur rattachement et leur état.
    List,
}

/// Options of `logis cotation`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CotationArgs {
    #[command(subcommand)]
    pub action: Option<CotationAction>,
    /// Grille à vérifier et enregistrer avant le calcul (fichier TOML, voir
    /// docs/cotation.md) ; elle s'applique à partir de sa date `en_vigueur`.
    #[arg(long, value_name = "FICHIER")]
    pub grid: Option<PathBuf>,
    /// Date du calcul (JJ/MM/AAAA ou AAAA-MM-JJ) ; aujourd'hui par défaut.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
}

#[derive(Debug, Subcommand)]
pub enum CotationAction {
    /// Affiche le score d'une demande et le détail de ses points, sa position parmi les
    /// demandes comparables, le délai d'attente observé et l'historique de ses scores.
    Show {
        /// Numéro unique de la demande.
        numero: String,
    },
    /// Mesure ce que changerait l'adoption d'une nouvelle grille : demandes qui gagnent ou
    /// perdent des places, groupes de ménages gagnants et perdants, plus grands mouvements.
    Compare {
        /// Grille actuelle (TOML).
        old: PathBuf,
        /// Grille proposée (TOML).
        new: PathBuf,
        /// Date du calcul (JJ/MM/AAAA ou AAAA-MM-JJ) ; aujourd'hui par défaut.
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
        /// Écrit aussi la comparaison dans un classeur `.xlsx` ou un fichier `.csv`.
        #[arg(long, value_name = "FICHIER")]
        out: Option<PathBuf>,
    },
    /// Évalue la cotation sur les attributions d'une année : part des logements attribués au
    /// ménage le mieux classé, motifs des écarts, par bailleur.
    Evaluation {
        /// Année des baux signés.
        #[arg(long)]
        year: i32,
        /// Grille à appliquer à toute l'année au lieu des grilles enregistrées.
        #[arg(long, value_name = "FICHIER")]
        grid: Option<PathBuf>,
        /// Écrit aussi l'évaluation dans un classeur `.xlsx` ou un fichier `.csv`.
        #[arg(long, value_name = "FICHIER")]
        out: Option<PathBuf>,
    },
}

/// A date as users write it: `31/12/2025` or `2025-12-31`.
fn parse_date(raw: &str) -> Result<Date, String> {
    logis_exchange::values::parse_date(raw)
        .map_err(|expected| format!("date invalide : {expected}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BilanFormat {
    Json,
    Html,
    Pdf,
    Xlsx,
    Csv,
}

impl BilanFormat {
    /// The file extension, lower case.
    pub fn extension(self) -> &'static str {
        match self {
            BilanFormat::Json => "json",
            BilanFormat::Html => "html",
            BilanFormat::Pdf => "pdf",
            BilanFormat::Xlsx => "xlsx",
            BilanFormat::Csv => "csv",
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScaleArg {
    Cctc,
    National,
}
