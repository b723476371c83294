//! A file set with every awkward form French spreadsheets and SNE extracts write: it loads,
//! and exports in canonical form; export, import, export again gives identical files.

use crate::support::{every_backend, export_texts, file_set, import, texts_as_set};

/// Windows-1252, `,` separator, CRLF, headers in any case with accents and spaces, French
/// amounts and dates, every boolean form, a quoted name holding `;`, `,` and `"`.
fn demandes_windows_1252() -> Vec<u8> {
    let text = "Numéro_Unique , DATE DÉPÔT,statut,date_radiation,motif_radiation,Situation Logement,\
ressources_mensuelles,communes_souhaitees,typologies_souhaitees,motifs,pmr,dalo,salarie_prive,agent_public,nom,prenom,colonne_maison\r\n\
A1,31/12/2022,active,,,heberge_famille,\"1 234,50\",82033|82112,T2|T3,trop_cher|sante,Oui,non,VRAI,0,\"D'Artagnan; \"\"dit\"\", le Gascon\",Zoé,x\r\n\
A2,2021-03-01,radiee,15/06/2023,abandon,locataire_hlm,980,82112,,,,,,,,Hélène,y\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn membres_utf8_bom() -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        "numero_unique;rang;lien;date_naissance\nA1;1;titulaire;29/02/2000\nA1;2;Enfant;2015-06-01\nA2;1;TITULAIRE;1960-01-01\n"
            .as_bytes(),
    );
    bytes
}

const ORGANISMES: &str = "organisme_id;nom;type;commune\ntgh;Tarn-et-Garonne Habitat;bailleur;\n\
etat;\"Préfecture ; contingent\";etat;\nc82112;Moissac;commune;82112\n";

const LOGEMENTS: &str = "logement_id;bailleur;commune;qpv;typologie;surface;loyer;charges;financement;etage;ascenseur;pmr;reservataire;annee_construction\n\
L1;tgh;82112;qp082003;t3;65,5;\"380,12\";40;plus;0;n;o;etat; 1987\n";

const ATTRIBUTIONS: &str = "numero_unique;logement_id;bailleur;commune;qpv;typologie;reservataire;date_cal;date_bail;relogement_anru\n\
A1;L1;tgh;82112;QP082003;T3;etat;02/05/2023;2023-06-01;faux\n";

const SEUILS: &str = "annee;q1;q2;q3\n2024;7 867;11\u{a0}472;14969,00\n";

const EXPECTED_DEMANDES: &str = "numero_unique;date_depot;date_renouvellement;statut;date_radiation;motif_radiation;commune_residence;situation_logement;bailleur_actuel;ressources_mensuelles;revenu_fiscal_reference;motifs;typologies_souhaitees;communes_souhaitees;pmr;criteres_prioritaires;dalo;date_dalo;salarie_prive;agent_public;guichet;nom;prenom;email;telephone;adresse;loyer_actuel;refus_offres_adaptees;pieces_verifiees\n\
A1;2022-12-31;;active;;;;heberge_famille;;1234.50;;trop_cher|sante;T2|T3;82033|82112;oui;;non;;oui;non;;\"D'Artagnan; \"\"dit\"\", le Gascon\";Zoé;;;;;;\n\
A2;2021-03-01;;radiee;2023-06-15;abandon;;locataire_hlm;;980;;;;82112;;;;;;;;;Hélène;;;;;;\n";

const EXPECTED_MEMBRES: &str = "numero_unique;rang;lien;date_naissance\nA1;1;titulaire;2000-02-29\nA1;2;enfant;2015-06-01\nA2;1;titulaire;1960-01-01\n";

const EXPECTED_LOGEMENTS: &str = "logement_id;bailleur;commune;adresse;qpv;typologie;surface;loyer;charges;financement;etage;ascenseur;pmr;reservataire;annee_construction\n\
L1;tgh;82112;;QP082003;T3;65.50;380.12;40;PLUS;0;non;oui;etat;1987\n";

const EXPECTED_SEUILS: &str = "annee;q1;q2;q3\n2024;7867;11472;14969\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn awkward_encodings_load_and_export_canonically() {
    let demandes = demandes_windows_1252();
    let membres = membres_utf8_bom();
    let set = file_set(&[
        ("demandes.csv", &demandes),
        ("Membres.CSV", &membres),
        ("organismes.csv", ORGANISMES.as_bytes()),
        ("logements.csv", LOGEMENTS.as_bytes()),
        ("attributions.csv", ATTRIBUTIONS.as_bytes()),
        ("seuils.csv", SEUILS.as_bytes()),
    ]);
    for backend in every_backend().await {
        let outcome = import(&*backend.store, set.path()).await;
        assert!(outcome.written, "{}: {:?}", backend.name, outcome.report.errors);
        let warnings: Vec<String> =
            outcome.report.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("colonne inconnue") && warnings[0].contains("colonne_maison"),
            "{warnings:?}"
        );

        let texts = export_texts(&*backend.store).await;
        assert_eq!(texts["demandes.csv"], EXPECTED_DEMANDES, "{}", backend.name);
        assert_eq!(texts["membres.csv"], EXPECTED_MEMBRES, "{}", backend.name);
        assert_eq!(texts["logements.csv"], EXPECTED_LOGEMENTS, "{}", backend.name);
        assert_eq!(texts["seuils.csv"], EXPECTED_SEUILS, "{}", backend.name);
        assert!(
            texts["organismes.csv"].contains("etat;\"Préfecture ; contingent\";etat;"),
            "{}",
            texts["organismes.csv"]
        );

        // The export, imported into an empty database, exports to identical files.
        let again = crate::support::sqlite().await;
        let exported = texts_as_set(&texts);
        assert!(import(&*again.store, exported.path()).await.written);
        assert_eq!(export_texts(&*again.store).await, texts, "{}", backend.name);
        again.finish().await;
        backend.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zip_of_the_set_loads_like_the_folder() {
    use std::io::Write;
    let demandes = demandes_windows_1252();
    let membres = membres_utf8_bom();
    let dir = tempfile::tempdir().expect("temporary folder");
    let zip_path = dir.path().join("extrait.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).expect("create zip"));
    for (name, bytes) in
        [("extrait/demandes.csv", &demandes[..]), ("extrait/membres.csv", &membres[..])]
    {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).expect("zip entry");
        zip.write_all(bytes).expect("zip data");
    }
    zip.finish().expect("zip written");
    let backend = crate::support::sqlite().await;
    let outcome = import(&*backend.store, &zip_path).await;
    assert!(outcome.written, "{:?}", outcome.report.errors);
    assert_eq!(export_texts(&*backend.store).await["membres.csv"], EXPECTED_MEMBRES);
    backend.finish().await;
}
