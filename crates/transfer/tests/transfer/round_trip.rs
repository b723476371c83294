//! Property: for any valid data, export → import into an empty database → export again gives
//! identical files, and the export holds exactly what was imported.

use crate::support::{export_texts, import, sqlite, texts_as_set};
use logis_domain::codes::CodeList;
use logis_domain::*;
use logis_exchange::{FileKind, MembreRow, RecordWriter};
use proptest::prelude::*;

fn date() -> impl Strategy<Value = Date> {
    (1930i32..2030, 1u16..=365).prop_map(|(y, d)| Date::from_ordinal_date(y, d).expect("valid day"))
}

fn code<T: CodeList + std::fmt::Debug>() -> impl Strategy<Value = T> {
    proptest::sample::select(T::all().to_vec())
}

/// Free text with the characters that break naive CSV (separators, quotes, newlines, accents)
/// and those a spreadsheet reads as a formula (`=`, `+`, `@`, `-`, after quotes or not).
fn text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(
        "[a-zA-Zéèàç€ ;,\"'|\\n\\t\\\\=+@-]{0,12}".prop_map(|s| s.trim().to_owned()),
    )
    .prop_map(|s| s.filter(|s| !s.is_empty()))
}

fn insee() -> impl Strategy<Value = CodeInsee> {
    proptest::sample::select(vec!["82033", "82112", "2A004", "97411", "01001"])
        .prop_map(|c| CodeInsee::parse(c).expect("valid"))
}

fn amount() -> impl Strategy<Value = Amount> {
    (0i64..100_000_000).prop_map(Amount::from_cents)
}

fn demande(i: usize) -> impl Strategy<Value = (Demande, Vec<Membre>)> {
    let dates = (date(), proptest::option::of(date()), date(), proptest::option::of(date()));
    let codes = (code::<Statut>(), code::<SituationLogement>(), code::<MotifRadiation>());
    let lists = (
        proptest::collection::vec(code::<Motif>(), 0..=3),
        proptest::collection::vec(code::<Typologie>(), 0..=3),
        proptest::collection::vec(insee(), 1..=3),
        proptest::collection::vec(code::<CriterePrioritaire>(), 0..=2),
    );
    let flags = proptest::collection::vec(proptest::option::of(any::<bool>()), 4);
    let texts = (text(), text(), text(), text());
    let household = proptest::collection::vec((code::<Lien>(), date()), 0..4);
    let extensions = (
        proptest::option::of(amount()),
        proptest::option::of(0u16..=999),
        proptest::collection::vec(code::<Piece>(), 0..=3),
    );
    let money = (amount(), proptest::option::of(amount()), extensions);
    (dates, codes, lists, flags, texts, money, household).prop_map(
        move |(
            (depot, renouvellement, fin, dalo_date),
            (statut, situation, motif),
            lists,
            flags,
            texts,
            (res, rfr, (loyer, refus, pieces)),
            others,
        )| {
            let end = fin.max(depot);
            let d = Demande {
                numero_unique: NumeroUnique::parse(&format!("N{i:04}")).expect("valid"),
                date_depot: depot,
                date_renouvellement: renouvellement.map(|r| r.max(depot)),
                statut,
                date_radiation: (statut != Statut::Active).then_some(end),
                motif_radiation: (statut == Statut::Radiee).then_some(motif),
                commune_residence: None,
                situation_logement: situation,
                bailleur_actuel: None,
                ressources_mensuelles: res,
                revenu_fiscal_reference: rfr,
                motifs: lists.0,
                typologies_souhaitees: lists.1,
                communes_souhaitees: lists.2,
                pmr: flags[0],
                criteres_prioritaires: lists.3,
                dalo: flags[1],
                date_dalo: dalo_date,
                salarie_prive: flags[2],
                agent_public: flags[3],
                guichet: texts.0,
                nom: texts.1,
                prenom: texts.2,
                email: None,
                telephone: None,
                adresse: texts.3,
                loyer_actuel: loyer,
                refus_offres_adaptees: refus,
                pieces_verifiees: pieces,
            };
            let mut membres =
                vec![Membre { rang: 1, lien: Lien::Titulaire, date_naissance: depot }];
            for (k, (lien, birth)) in others.into_iter().enumerate() {
                let lien = if lien == Lien::Titulaire || lien == Lien::Cotitulaire {
                    Lien::Enfant
                } else {
                    lien
                };
                membres.push(Membre { rang: k as u16 + 2, lien, date_naissance: birth });
            }
            (d, membres)
        },
    )
}

fn data() -> impl Strategy<Value = Vec<(Demande, Vec<Membre>)>> {
    (1usize..12).prop_flat_map(|n| (0..n).map(demande).collect::<Vec<_>>())
}

fn write_set(data: &[(Demande, Vec<Membre>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut demandes = RecordWriter::create(dir.path(), FileKind::Demandes).expect("create");
    let mut membres = RecordWriter::create(dir.path(), FileKind::Membres).expect("create");
    for (d, household) in data {
        demandes.write(d).expect("write");
        for m in household {
            membres
                .write(&MembreRow { numero_unique: d.numero_unique.clone(), membre: m.clone() })
                .expect("write");
        }
    }
    demandes.finish().expect("flush");
    membres.finish().expect("flush");
    dir
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn export_import_export_is_identical(data in data()) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        runtime.block_on(async {
            let set = write_set(&data);
            let first = sqlite().await;
            let outcome = import(&*first.store, set.path()).await;
            assert!(outcome.written, "{:?}", outcome.report.errors);
            let exported = export_texts(&*first.store).await;
            // The export holds exactly the imported applications (sorted by number).
            let expected = write_set(&data);
            let written = crate::support::read_dir(expected.path());
            assert_eq!(exported["demandes.csv"], written["demandes.csv"]);
            assert_eq!(exported["membres.csv"], written["membres.csv"]);

            let second = sqlite().await;
            let again = texts_as_set(&exported);
            assert!(import(&*second.store, again.path()).await.written);
            assert_eq!(export_texts(&*second.store).await, exported);
            first.finish().await;
            second.finish().await;
        });
    }
}

/// A name or a phone number that a spreadsheet would run as a formula is exported neutralised
/// by a leading `'`, and imported back unchanged.
#[tokio::test]
async fn formulas_are_exported_neutralised_and_imported_back_unchanged() {
    let source = sqlite().await;
    let mut d = logis_store::conformance::demande(1);
    d.nom = Some("=HYPERLINK(\"http://evil.example\";\"Dossier\")".into());
    d.prenom = Some("'=déjà cité".into());
    d.telephone = Some("+33 6 12 34 56 78".into());
    d.adresse = Some("@SOMME(A1)".into());
    d.email = Some("-2+3@exemple.fr".into());
    let members = vec![logis_store::conformance::membre(1, Lien::Titulaire)];
    let set = write_set(&[(d.clone(), members)]);
    assert!(import(&*source.store, set.path()).await.written);
    let texts = export_texts(&*source.store).await;
    let demandes = &texts["demandes.csv"];
    for neutralised in [
        "\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Dossier\"\")\"",
        "''=déjà cité",
        "'+33 6 12 34 56 78",
        "'@SOMME(A1)",
        "'-2+3@exemple.fr",
    ] {
        assert!(demandes.contains(neutralised), "{neutralised} in {demandes}");
    }
    let copy = sqlite().await;
    assert!(import(&*copy.store, texts_as_set(&texts).path()).await.written);
    let read: Vec<Demande> = logis_testkit::all(&*copy.store).await;
    assert_eq!(read, [d], "imported back unchanged");
    source.finish().await;
    copy.finish().await;
}
