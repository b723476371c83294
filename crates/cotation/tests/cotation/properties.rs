//! Properties of scoring and ranking, over arbitrary applications.

use crate::support::{day, demande, score_at};
use logis_cotation::engine::{Thresholds, score_with_grids};
use logis_cotation::position::{Entry, GroupKey, rank};
use logis_cotation::{Applicant, Grid, Status, default_grid};
use logis_domain::*;
use proptest::prelude::*;

fn code<T: CodeList + std::fmt::Debug>() -> impl Strategy<Value = T> {
    proptest::sample::select(T::all().to_vec())
}

fn date_between(from: i32, to: i32) -> impl Strategy<Value = Date> {
    (from..=to, 1u16..=365).prop_map(|(y, d)| Date::from_ordinal_date(y, d).expect("valid day"))
}

fn applicant() -> impl Strategy<Value = Applicant> {
    let situation =
        (code::<SituationLogement>(), proptest::collection::vec(code::<Motif>(), 0..=3));
    let priority = (proptest::collection::vec(code::<CriterePrioritaire>(), 0..=2), any::<bool>());
    let money = (0i64..5_000, proptest::option::of(0i64..2_000), proptest::option::of(0u16..4));
    let household = proptest::collection::vec((code::<Lien>(), date_between(1930, 2025)), 0..5);
    let wishes = (
        proptest::collection::vec(code::<Typologie>(), 0..=2),
        proptest::sample::select(vec!["82033", "82112", "82003"]),
    );
    (
        date_between(2015, 2025),
        date_between(1940, 2005),
        situation,
        priority,
        money,
        household,
        wishes,
        proptest::collection::vec(code::<Piece>(), 0..=5),
    )
        .prop_map(
            |(
                depot,
                born,
                (situation, motifs),
                (criteres, dalo),
                (res, loyer, refus),
                others,
                (typos, commune),
                pieces,
            )| {
                let mut d = demande("P", depot);
                d.situation_logement = situation;
                d.motifs = motifs;
                d.criteres_prioritaires = criteres;
                d.dalo = Some(dalo);
                d.ressources_mensuelles = Amount::from_euros(res);
                d.loyer_actuel = loyer.map(Amount::from_euros);
                d.refus_offres_adaptees = refus;
                d.typologies_souhaitees = typos;
                d.communes_souhaitees = vec![CodeInsee::parse(commune).expect("valid")];
                d.pieces_verifiees = pieces;
                let mut membres =
                    vec![Membre { rang: 1, lien: Lien::Titulaire, date_naissance: born }];
                for (i, (lien, birth)) in others.into_iter().enumerate() {
                    let lien = if lien == Lien::Titulaire { Lien::Enfant } else { lien };
                    membres.push(Membre { rang: i as u16 + 2, lien, date_naissance: birth });
                }
                Applicant::new(&d, &membres)
            },
        )
}

fn thresholds() -> Thresholds {
    Thresholds::new(vec![Seuils {
        annee: 2025,
        q1: Amount::from_euros(8391),
        q2: Amount::from_euros(12162),
        q3: Amount::from_euros(16562),
    }])
}

const CONDITIONS: &[&str] = &[
    "sans_logement_propre",
    "taille_menage >= 3",
    "quartile <= 2 ou dalo",
    "non mutation et motif dans (expulsion, trop_cher, sante)",
    "taux_effort > 30",
    "age_titulaire >= 60 ou enfants >= 2",
    "critere_prioritaire = handicap",
    "anciennete_mois > 12 et non (composition = personne_seule)",
];

/// The default grid with one more criterion appended to its general and transfer parts.
fn with_extra(condition: &str, points: i32, group: Option<&str>, verified: bool) -> Grid {
    let group = group.map(|g| format!("groupe = \"{g}\"\n")).unwrap_or_default();
    let justification = if verified { "justification = \"verifiee\"\n" } else { "" };
    let block = |table: &str, code: &str| {
        format!(
            "\n[[{table}]]\ncode = \"{code}\"\nlibelle = \"Essai\"\nsi = \"{condition}\"\npoints = {points}\n{group}{justification}"
        )
    };
    let base = logis_cotation::DEFAULT_GRID;
    let split = base.find("[mutation]").expect("the default grid has a transfer part");
    let text = format!(
        "{}{}\n{}{}",
        &base[..split],
        block("critere", "essai"),
        &base[split..],
        block("mutation.critere", "essai_mutation")
    );
    Grid::parse(&text).expect("valid grid")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_positive_criterion_never_lowers_a_score(
        applicant in applicant(),
        condition in proptest::sample::select(CONDITIONS),
        points in 1i32..100,
        group in proptest::option::of(proptest::sample::select(vec!["logement_actuel", "autre"])),
        verified in any::<bool>(),
        at in date_between(2025, 2026),
    ) {
        let base = score_at(&default_grid(), &applicant, at, &thresholds());
        let extended = score_at(&with_extra(condition, points, group, verified), &applicant, at, &thresholds());
        prop_assert!(extended.total >= base.total, "{} < {}", extended.total, base.total);
    }

    #[test]
    fn an_exclusive_group_counts_once(
        applicant in applicant(),
        points in proptest::collection::vec(-50i32..50, 2..6),
        at in date_between(2025, 2026),
    ) {
        let mut text = String::from("nom = \"G\"\nen_vigueur = 2020-01-01\n");
        for (i, p) in points.iter().enumerate() {
            let condition = CONDITIONS[i % CONDITIONS.len()];
            text += &format!("[[critere]]\ncode = \"c{i}\"\nlibelle = \"C\"\nsi = \"{condition}\"\npoints = {p}\ngroupe = \"g\"\n");
        }
        let grid = Grid::parse(&text).expect("valid grid");
        let score = score_at(&grid, &applicant, at, &thresholds());
        let counted: Vec<_> = score.lines.iter().filter(|l| l.status != Status::EnAttente).collect();
        prop_assert!(counted.len() <= 1, "{counted:?}");
        // The counted line is the best of the criteria the application meets.
        let alone: Vec<i32> = (0..points.len())
            .filter_map(|i| {
                let single = format!("nom = \"G\"\nen_vigueur = 2020-01-01\n[[critere]]\ncode = \"c{i}\"\nlibelle = \"C\"\nsi = \"{}\"\npoints = {}\n", CONDITIONS[i % CONDITIONS.len()], points[i]);
                let s = score_at(&Grid::parse(&single).expect("valid"), &applicant, at, &thresholds());
                (!s.lines.is_empty()).then_some(s.total)
            })
            .collect();
        prop_assert_eq!(score.total, alone.iter().copied().max().unwrap_or(0));
    }

    #[test]
    fn rank_order_is_score_then_seniority(
        entries in proptest::collection::vec((0u8..3, -20i32..20, date_between(2018, 2020)), 1..60),
    ) {
        let communes = [*b"82033", *b"82112", *b"82003"];
        let entries: Vec<Entry> = entries
            .iter()
            .map(|&(g, score, depot)| Entry {
                key: GroupKey { commune: communes[g as usize], typologie: Some(Typologie::T3) },
                score,
                depot,
            })
            .collect();
        let (positions, groups) = rank(&entries);
        for (i, a) in entries.iter().enumerate() {
            let same: Vec<usize> = (0..entries.len()).filter(|&j| entries[j].key == a.key).collect();
            prop_assert_eq!(positions[i].comparables as usize, same.len());
            for &j in &same {
                let b = &entries[j];
                let a_first = (a.score, std::cmp::Reverse(a.depot), std::cmp::Reverse(i))
                    > (b.score, std::cmp::Reverse(b.depot), std::cmp::Reverse(j));
                prop_assert_eq!(a_first, positions[i].rang < positions[j].rang);
            }
        }
        prop_assert_eq!(groups.iter().map(|g| g.effectif as usize).sum::<usize>(), entries.len());
        for g in &groups {
            prop_assert!(g.q1 <= g.mediane && g.mediane <= g.q3);
        }
    }

    #[test]
    fn a_later_grid_changes_nothing_before_its_date(
        applicants in proptest::collection::vec(applicant(), 1..20),
        at in date_between(2024, 2025),
        days_after in 1i64..800,
    ) {
        let old = default_grid();
        let new_text = logis_cotation::DEFAULT_GRID
            .replace("en_vigueur = 2022-01-01", &format!("en_vigueur = {}", at + time::Duration::days(days_after)))
            .replace("points = 50", "points = 500");
        let new = Grid::parse(&new_text).expect("valid grid");
        let totals = |grids: &[Grid], date| {
            let (grid, scored) = score_with_grids(grids, &applicants, date, &thresholds()).expect("a grid is in force");
            (grid.empreinte.clone(), scored.iter().map(|s| (s.index, s.score.encode())).collect::<Vec<_>>())
        };
        let only_old = totals(std::slice::from_ref(&old), at);
        let both = [old.clone(), new.clone()];
        prop_assert_eq!(totals(&both, at), only_old.clone());
        // From its date on, the new grid is the one used.
        let later = new.en_vigueur;
        prop_assert_eq!(totals(&both, later).0, new.empreinte.clone());
        prop_assert!(score_with_grids(&both, &applicants, day(2021, 12, 31), &thresholds()).is_none());
    }
}
