//! The flux computations on a small landlord worked by hand from the definitions of
//! ../shared/spec/flux.md (each expected figure is derived in the comments, not by the code).

use logis_domain::{
    Attribution, CodeInsee, ConstructionPeriod, Convention, Financement, LogementId, NumeroUnique,
    OrganismeId, Part, Typologie,
};
use logis_flux::orientation::{propose, propose_in};
use logis_flux::{ConventionIndex, Dwelling, Register, bilan, inventory};
use serde_json::{Value, json};
use std::collections::HashMap;
use time::macros::date;

fn org(id: &str) -> OrganismeId {
    OrganismeId::parse(id).expect("an organisme")
}

fn commune(code: &str) -> CodeInsee {
    CodeInsee::parse(code).expect("a commune")
}

fn part(text: &str) -> Part {
    Part::parse(text).expect("a share")
}

/// A letting of B1 in `commune`, to `holder`, of `dwelling` if any.
fn letting(
    n: u32,
    on: time::Date,
    place: &str,
    holder: &str,
    dwelling: Option<&str>,
) -> Attribution {
    Attribution {
        numero_unique: NumeroUnique::parse(&format!("0820119{n:06}G0001")).expect("numéro"),
        logement_id: dwelling.map(|d| LogementId::parse(d).expect("dwelling")),
        bailleur: org("B1"),
        commune: commune(place),
        qpv: None,
        typologie: Typologie::T3,
        reservataire: org(holder),
        date_cal: None,
        date_bail: on,
        relogement_anru: None,
        motif_ecart: None,
    }
}

fn convention(holder: &str, share: &str, place: Option<&str>, signed: time::Date) -> Convention {
    Convention {
        bailleur: org("B1"),
        reservataire: org(holder),
        annee: 2025,
        part: part(share),
        commune: place.map(commune),
        date_signature: Some(signed),
    }
}

fn dwelling(
    landlord: &str,
    holder: Option<&str>,
    financement: Financement,
    year: Option<i32>,
) -> Dwelling {
    Dwelling {
        bailleur: org(landlord),
        reservataire: holder.map(org),
        financement,
        construction: ConstructionPeriod::of(year),
    }
}

/// B1 in 2025: 12 lettings, one rehousing of urban renewal and one internal transfer set
/// aside, a net flow of 10 (6 in 82033, 4 in 82112).
fn register_2025() -> Register {
    let day = date!(2025 - 06 - 15);
    let mut attributions = vec![
        Attribution { relogement_anru: Some(true), ..letting(1, day, "82033", "ETAT", None) },
        letting(2, day, "82033", "B1", None), // a tenant of B1: internal transfer
        // ETAT: 3 received (T2 in 82033, T3 in a QPV of 82033, T3 in 82112 without dwelling).
        Attribution { typologie: Typologie::T2, ..letting(3, day, "82033", "ETAT", Some("L3")) },
        Attribution {
            qpv: Some("QN082001".into()),
            ..letting(4, day, "82033", "ETAT", Some("L4"))
        },
        letting(5, day, "82112", "ETAT", None),
        letting(6, day, "82033", "AL", None),
        letting(7, day, "82112", "AL", None),
        letting(8, day, "82112", "C82", None),
        letting(9, day, "82033", "B1", None),
        letting(10, day, "82033", "B1", None),
        letting(11, day, "82112", "B1", None),
        letting(12, day, "82033", "X9", None),
    ];
    // Let in another year, or by another landlord: not in B1's 2025 bilan.
    attributions.push(letting(13, date!(2024 - 12 - 31), "82033", "ETAT", None));
    attributions
        .push(Attribution { bailleur: org("B2"), ..letting(14, day, "82033", "ETAT", None) });
    let numero = |n: u32| NumeroUnique::parse(&format!("0820119{n:06}G0001")).expect("numéro");
    Register {
        attributions,
        dwellings: HashMap::from([
            (
                LogementId::parse("L3").expect("id"),
                dwelling("B1", Some("ETAT"), Financement::Plus, Some(1980)),
            ),
            (
                LogementId::parse("L4").expect("id"),
                dwelling("B1", Some("ETAT"), Financement::Plai, None),
            ),
        ]),
        social_tenants: HashMap::from([(numero(2), Some(org("B1"))), (numero(3), Some(org("B2")))]),
        conventions: vec![
            convention("ETAT", "25", None, date!(2024 - 01 - 10)),
            convention("AL", "20", None, date!(2023 - 06 - 01)),
            convention("AL", "10", Some("82033"), date!(2023 - 06 - 01)),
            convention("C82", "5", Some("82112"), date!(2024 - 03 - 01)),
        ],
    }
}

#[test]
fn the_bilan_gives_each_holder_its_entitlement_what_it_received_and_the_gap() {
    let document =
        serde_json::to_value(bilan::bilan(2025, &org("B1"), &register_2025())).expect("json");
    assert_eq!(document["annee"], 2025);
    assert_eq!(document["bailleur"], "B1");
    assert_eq!(document["loues"], 12);
    assert_eq!(document["mis_de_cote"], json!({"relogement_anru": 1, "mutation_interne": 1}));
    assert_eq!(document["flux_net"], 10);
    assert_eq!(document["prevision_mis_de_cote"], document["mis_de_cote"]);
    let lines = document["reservataires"].as_array().expect("lines");
    let line = |id: &str| lines.iter().find(|l| l["reservataire"] == id).expect(id).clone();
    let figures =
        |l: Value| (l["part"].clone(), l["droit"].clone(), l["recus"].clone(), l["ecart"].clone());
    // AL: 20 % × 10 + 10 % × 6 (82033) = 2,6; received 2.
    assert_eq!(figures(line("AL")), (json!(20.0), json!(2.6), json!(2), json!(-0.6)));
    // C82: only a commune row, its line's part is 0; 5 % × 4 (82112) = 0,2; received 1.
    assert_eq!(figures(line("C82")), (json!(0.0), json!(0.2), json!(1), json!(0.8)));
    // ETAT: 25 % × 10 = 2,5; received 3.
    assert_eq!(figures(line("ETAT")), (json!(25.0), json!(2.5), json!(3), json!(0.5)));
    // X9: no convention, one received.
    assert_eq!(figures(line("X9")), (json!(0.0), json!(0.0), json!(1), json!(1.0)));
    // B1: 100 − 25 − 20 = 55 %; 10 − 2,6 − 0,2 − 2,5 − 0 = 4,7; received 3.
    assert_eq!(figures(line("B1")), (json!(55.0), json!(4.7), json!(3), json!(-1.7)));
    let order: Vec<&str> = lines.iter().map(|l| l["reservataire"].as_str().expect("id")).collect();
    assert_eq!(order, ["AL", "C82", "ETAT", "X9", "B1"], "identifier order, the landlord last");
    assert_eq!(
        line("ETAT")["par"],
        json!({
            "typologie": {"T2": 1, "T3": 2},
            "financement": {"PLAI": 1, "PLUS": 1, "non_renseigne": 1},
            "qpv": {"oui": 1, "non": 2},
            "commune": {"82033": 2, "82112": 1},
            "periode_construction": {"1975_1999": 1, "non_renseignee": 2}
        })
    );
    // The order of the codes, as written (a JSON value read back would sort its keys).
    let typed = bilan::bilan(2025, &org("B1"), &register_2025());
    let etat = typed.reservataires.iter().find(|l| l.reservataire == "ETAT").expect("ETAT");
    let text = serde_json::to_string(&etat.par).expect("text");
    let at = |key: &str| text.find(key).expect(key);
    assert!(
        at("\"PLAI\"") < at("\"PLUS\"") && at("\"PLUS\"") < at("non_renseigne\""),
        "code order: {text}"
    );
    assert!(at("\"oui\"") < at("\"non\""), "{text}");
    assert_eq!(line("X9")["par"]["financement"], json!({"non_renseigne": 1}));
}

#[test]
fn an_entitlement_is_rounded_once_half_away_from_zero() {
    let register = Register {
        attributions: vec![letting(1, date!(2025 - 03 - 01), "82033", "B1", None)],
        conventions: vec![convention("ETAT", "25", None, date!(2024 - 01 - 10))],
        ..Register::default()
    };
    let document = serde_json::to_value(bilan::bilan(2025, &org("B1"), &register)).expect("json");
    let lines = &document["reservataires"];
    // 25 % × 1 = 0,25 → 0,3; the landlord 1 − 0,3 = 0,7.
    assert_eq!((lines[0]["droit"].clone(), lines[0]["ecart"].clone()), (json!(0.3), json!(-0.3)));
    assert_eq!((lines[1]["droit"].clone(), lines[1]["ecart"].clone()), (json!(0.7), json!(0.3)));
    assert_eq!(lines[0]["par"]["typologie"], json!({}), "a line that received nothing");
}

#[test]
fn the_epci_s_document_holds_every_landlord_in_identifier_order() {
    let document = bilan::bilans(2025, &[org("B2"), org("B1")], &register_2025());
    let landlords: Vec<&str> = document.bailleurs.iter().map(|b| b.bailleur.as_str()).collect();
    assert_eq!(landlords, ["B1", "B2"]);
    assert_eq!(document.bailleurs[1].loues, 1, "B2's one letting of 2025");
}

#[test]
fn the_inventory_proposes_the_share_each_holder_s_stock_gave_it() {
    let id = |s: &str| LogementId::parse(s).expect("id");
    let on = |y: i32| time::Date::from_calendar_date(y, time::Month::May, 2).expect("day");
    let dwellings = HashMap::from([
        (id("L1"), dwelling("B1", Some("ETAT"), Financement::Plus, None)),
        (id("L2"), dwelling("B1", Some("ETAT"), Financement::Plus, None)),
        (id("L3"), dwelling("B1", Some("AL"), Financement::Plus, None)),
        (id("L4"), dwelling("B1", None, Financement::Plus, None)),
        (id("L5"), dwelling("B1", None, Financement::Plus, None)),
        (id("L6"), dwelling("B1", None, Financement::Plus, None)),
        (id("L9"), dwelling("B2", Some("ETAT"), Financement::Plus, None)),
    ]);
    let attributions = vec![
        letting(1, on(2023), "82033", "ETAT", Some("L1")),
        letting(2, on(2025), "82033", "ETAT", Some("L1")),
        Attribution {
            relogement_anru: Some(true),
            ..letting(3, on(2024), "82033", "ETAT", Some("L2"))
        },
        letting(4, on(2024), "82033", "AL", Some("L3")),
        letting(5, on(2025), "82033", "B1", Some("L4")),
        letting(6, on(2022), "82033", "B1", Some("L5")), // before the three years
        Attribution { bailleur: org("B2"), ..letting(7, on(2024), "82033", "ETAT", Some("L9")) },
    ];
    let register = Register { attributions, dwellings, ..Register::default() };
    let document =
        serde_json::to_value(inventory::inventory(2026, &org("B1"), &register)).expect("json");
    assert_eq!(document["annees"], json!([2023, 2024, 2025]));
    // AL: stock 1, 1 letting: 1 / 3 / 1 = 0,3333; 1 of 4 lettings = 25 %.
    // ETAT: stock 2, 2 lettings (the urban-renewal one set aside): 2 / 3 / 2 = 0,3333; 50 %.
    // B1: stock 3, 1 letting (2022 is out): 1 / 9 = 0,1111; 25 %.
    assert_eq!(
        document["reservataires"],
        json!([
            {"reservataire": "AL", "stock": 1, "attribues_3ans": 1, "rotation": 0.3333, "part_proposee": 25.0},
            {"reservataire": "ETAT", "stock": 2, "attribues_3ans": 2, "rotation": 0.3333, "part_proposee": 50.0},
            {"reservataire": "B1", "stock": 3, "attribues_3ans": 1, "rotation": 0.1111, "part_proposee": 25.0}
        ])
    );
    let nothing_let = Register { attributions: Vec::new(), ..register };
    let document = inventory::inventory(2026, &org("B1"), &nothing_let);
    assert!(document.reservataires.iter().all(|l| l.part_proposee.is_none()));
    let without_stock = inventory::inventory(2026, &org("B3"), &nothing_let);
    assert_eq!(without_stock.reservataires.len(), 1, "the landlord's line, always");
    assert_eq!(without_stock.reservataires[0].rotation, None);
}

#[test]
fn a_freed_dwelling_goes_to_the_holder_furthest_below_its_share() {
    let register = register_2025();
    let oriented = HashMap::from([(org("ETAT"), 1), (org("AL"), 1), (org("B1"), 2)]);
    // In 82033 (4 oriented so far, + 1 = 5): ETAT 25 % × 5 − 1 = 0,25; AL (20 + 10) % × 5 − 1
    // = 0,5; C82 does not cover 82033; B1 (100 − 55) % × 5 − 2 = 0,25.
    let proposal = propose(2025, &org("B1"), &commune("82033"), &register, &oriented);
    assert_eq!(proposal.holder, org("AL"));
    let deficits: Vec<(&str, i128)> =
        proposal.positions.iter().map(|p| (p.holder.as_str(), p.deficit_millionths)).collect();
    assert_eq!(
        deficits,
        [("AL", 500_000), ("ETAT", 250_000), ("B1", 250_000)],
        "the landlord last in a tie"
    );
    assert_eq!(proposal.positions[0].part, part("30"));

    // A tie between holders: the convention signed first wins, whatever the identifiers.
    let tied = Register {
        conventions: vec![
            convention("AA", "25", None, date!(2024 - 01 - 01)),
            convention("ZZ", "25", None, date!(2023 - 01 - 01)),
        ],
        ..Register::default()
    };
    let proposal = propose(2025, &org("B1"), &commune("82033"), &tied, &HashMap::new());
    // Nothing oriented yet: AA and ZZ 0,25, B1 0,5 — the landlord's share is the largest.
    assert_eq!(proposal.holder, org("B1"));
    let oriented = HashMap::from([(org("B1"), 1)]);
    // 1 oriented, + 1 = 2: AA and ZZ 25 % × 2 = 0,5; B1 50 % × 2 − 1 = 0.
    let proposal = propose(2025, &org("B1"), &commune("82033"), &tied, &oriented);
    assert_eq!(proposal.holder, org("ZZ"), "signed first");
}

#[test]
fn conventions_indexed_once_give_the_same_proposals_and_bilans() {
    let mut register = register_2025();
    let signed = date!(2024 - 01 - 10);
    // Another landlord's row, another year's, and a row naming the landlord itself (left out).
    register.conventions.extend([
        Convention { bailleur: org("B2"), ..convention("ETAT", "30", None, signed) },
        Convention { annee: 2024, ..convention("AL", "50", None, signed) },
        convention("B1", "10", None, signed),
    ]);
    let index = ConventionIndex::new(&register);
    let so_far = [
        HashMap::new(),
        HashMap::from([(org("ETAT"), 1), (org("AL"), 1), (org("B1"), 2)]),
        HashMap::from([(org("C82"), 3), (org("B2"), 1)]),
    ];
    for oriented in &so_far {
        for place in ["82033", "82112", "82001"] {
            for landlord in ["B1", "B2", "B3"] {
                for year in [2024, 2025] {
                    let (b, c) = (org(landlord), commune(place));
                    assert_eq!(
                        propose_in(year, &b, &c, &index, oriented),
                        propose(year, &b, &c, &register, oriented),
                        "{landlord} {place} {year} {oriented:?}"
                    );
                }
            }
        }
    }
    let landlords = [org("B3"), org("B1"), org("B2"), org("B1")];
    let one_by_one: Vec<_> =
        ["B1", "B2", "B3"].iter().map(|b| bilan::bilan(2025, &org(b), &register)).collect();
    assert_eq!(bilan::bilans(2025, &landlords, &register).bailleurs, one_by_one);
}
