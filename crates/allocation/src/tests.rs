//! The matching rules on small examples: each rule excludes with its French reason, candidates
//! are ranked by score then seniority.

use super::*;
use logis_domain::fixtures::demande;
use logis_domain::{
    Amount, CodeInsee, CriterePrioritaire, Financement, Lien, LogementId, OrganismeId, Typologie,
};
use time::macros::date;

const ON: Date = date!(2026 - 03 - 01);

fn dwelling(typologie: Typologie, financement: Financement) -> Logement {
    Logement {
        logement_id: LogementId::parse("L1").expect("id"),
        bailleur: OrganismeId::parse("tgh").expect("id"),
        commune: CodeInsee::parse("82033").expect("code"),
        adresse: None,
        qpv: None,
        typologie,
        surface: None,
        loyer: Amount::from_euros(450),
        charges: Some(Amount::from_euros(60)),
        financement,
        etage: None,
        ascenseur: None,
        pmr: None,
        reservataire: None,
        annee_construction: None,
    }
}

fn alone() -> Vec<Membre> {
    vec![Membre { rang: 1, lien: Lien::Titulaire, date_naissance: date!(1980 - 01 - 01) }]
}

fn context<'a>(
    ceilings: &'a CeilingTables,
    sizes: &'a SizeFit,
    public: HolderPublic,
) -> Context<'a> {
    Context { ceilings, sizes, public, on: ON, commune_name: "Castelsarrasin" }
}

#[test]
fn a_fitting_application_is_a_candidate_with_its_reasons() {
    let (ceilings, sizes) = (CeilingTables::published(), SizeFit::default());
    let mut d = demande("A", date!(2020 - 01 - 01));
    d.revenu_fiscal_reference = Some(Amount::from_euros(15_000));
    let members = alone();
    let verdict = examine(
        &dwelling(Typologie::T2, Financement::Plus),
        &Applicant { demande: &d, members: &members, score: Some(40) },
        &context(&ceilings, &sizes, HolderPublic::Any),
    );
    assert!(verdict.is_candidate(), "{verdict:?}");
    assert_eq!(verdict.fits[0], "souhaite Castelsarrasin");
    assert!(verdict.fits.iter().any(|f| f == "sous le plafond PLUS (23\u{a0}403 € pour 15\u{a0}000 € de revenu fiscal de référence, catégorie 1)"), "{:?}", verdict.fits);
}

#[test]
fn each_rule_excludes_with_its_reason() {
    let (ceilings, sizes) = (CeilingTables::published(), SizeFit::default());
    let members = alone();
    let mut d = demande("B", date!(2020 - 01 - 01));
    d.communes_souhaitees = vec![CodeInsee::parse("82112").expect("code")];
    d.revenu_fiscal_reference = Some(Amount::from_euros(40_000));
    d.pmr = Some(true);
    let applicant = Applicant { demande: &d, members: &members, score: None };
    let verdict = examine(
        &dwelling(Typologie::T4, Financement::Plus),
        &applicant,
        &context(&ceilings, &sizes, HolderPublic::PriorityHouseholds),
    );
    assert_eq!(
        verdict.excluded,
        [
            "ne souhaite pas Castelsarrasin",
            "un T4 ne convient pas à une personne (T1 ou T2 attendu)",
            "revenu fiscal de référence au-dessus du plafond PLUS : 40\u{a0}000 € pour 23\u{a0}403 € (catégorie 1)",
            "le ménage a besoin d'un logement accessible en fauteuil roulant : celui-ci ne l'est pas",
            "logement du contingent préfectoral, réservé aux ménages prioritaires (DALO ou critère de l'article L441-1) : ce ménage ne l'est pas",
        ]
    );
}

#[test]
fn pls_admits_more_and_a_missing_plai_table_is_only_to_check() {
    let (ceilings, sizes) = (CeilingTables::published(), SizeFit::default());
    let members = alone();
    let mut d = demande("C", date!(2020 - 01 - 01));
    d.revenu_fiscal_reference = Some(Amount::from_euros(25_000));
    let applicant = Applicant { demande: &d, members: &members, score: None };
    let ctx = context(&ceilings, &sizes, HolderPublic::Any);
    assert!(!examine(&dwelling(Typologie::T2, Financement::Plus), &applicant, &ctx).is_candidate());
    assert!(
        examine(&dwelling(Typologie::T2, Financement::Pls), &applicant, &ctx).is_candidate(),
        "PLS = PLUS × 1.3"
    );
    let plai = examine(&dwelling(Typologie::T2, Financement::Plai), &applicant, &ctx);
    assert!(plai.is_candidate());
    assert!(plai.to_check[0].contains("les plafonds PLAI de 2026"), "{:?}", plai.to_check);
}

#[test]
fn a_disabled_member_raises_the_category_and_the_ceiling() {
    let (ceilings, sizes) = (CeilingTables::published(), SizeFit::default());
    let members = alone();
    let mut d = demande("D", date!(2020 - 01 - 01));
    d.revenu_fiscal_reference = Some(Amount::from_euros(25_000));
    d.criteres_prioritaires = vec![CriterePrioritaire::Handicap];
    let applicant = Applicant { demande: &d, members: &members, score: None };
    let verdict = examine(
        &dwelling(Typologie::T2, Financement::Plus),
        &applicant,
        &context(&ceilings, &sizes, HolderPublic::PriorityHouseholds),
    );
    assert!(verdict.is_candidate(), "category 2: 31 254 €; {verdict:?}");
}

#[test]
fn candidates_are_ranked_by_score_then_seniority() {
    let (ceilings, sizes) = (CeilingTables::published(), SizeFit::default());
    let members = alone();
    let mut older = demande("OLD", date!(2018 - 01 - 01));
    let mut newer = demande("NEW", date!(2024 - 01 - 01));
    let mut best = demande("BEST", date!(2025 - 01 - 01));
    let mut other_town = demande("FAR", date!(2010 - 01 - 01));
    other_town.communes_souhaitees = vec![CodeInsee::parse("82112").expect("code")];
    for d in [&mut older, &mut newer, &mut best, &mut other_town] {
        d.revenu_fiscal_reference = Some(Amount::from_euros(12_000));
    }
    let applicants = [
        Applicant { demande: &newer, members: &members, score: Some(30) },
        Applicant { demande: &other_town, members: &members, score: Some(90) },
        Applicant { demande: &best, members: &members, score: Some(50) },
        Applicant { demande: &older, members: &members, score: Some(30) },
    ];
    let ranked = rank(
        &dwelling(Typologie::T1, Financement::Plus),
        &applicants,
        &context(&ceilings, &sizes, HolderPublic::Any),
    );
    let order: Vec<&str> = ranked.iter().map(|(a, _)| a.demande.numero_unique.as_str()).collect();
    assert_eq!(order, ["BEST", "OLD", "NEW"]);
}

#[test]
fn holders_admit_their_public() {
    let mut d = demande("E", date!(2020 - 01 - 01));
    assert!(HolderPublic::PrivateEmployees.admits(&d).is_err());
    d.salarie_prive = Some(true);
    assert!(HolderPublic::PrivateEmployees.admits(&d).expect("admitted").is_some());
    assert!(HolderPublic::PublicServants.admits(&d).is_err());
    d.dalo = Some(true);
    assert!(HolderPublic::PriorityHouseholds.admits(&d).is_ok());
    assert_eq!(HolderPublic::Any.admits(&d), Ok(None));
}
