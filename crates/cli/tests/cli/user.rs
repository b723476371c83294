//! `logis user add`: accounts saved with their role, attachment and hashed password; French
//! refusals that write nothing.

use crate::support::{logis, logis_with_input, stderr, stdout};
use logis_store::Store;
use logis_store::access::accounts;
use std::path::Path;

async fn account(dir: &Path, login: &str) -> Option<logis_store::StoredAccount> {
    let url = format!("sqlite://{}", dir.join("logis.db").display());
    let store = logis_store_sqlite::SqliteStore::open(&url).await.expect("open");
    let found = accounts::find(&store, login).await.expect("read");
    store.close().await;
    found
}

#[tokio::test]
async fn an_account_is_saved_with_its_hashed_password_and_replaced() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let args =
        ["user", "add", "--login", "accueil.moissac", "--role", "guichet", "--commune", "82112"];
    let out = logis_with_input(dir.path(), &args, "un mot de passe sûr\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "Compte « accueil.moissac » enregistré : guichet d'enregistrement, rattaché à la commune Moissac (82112)."
    );
    let saved = account(dir.path(), "accueil.moissac").await.expect("saved");
    assert_eq!((saved.role.code(), saved.commune.as_deref()), ("guichet", Some("82112")));
    assert!(logis_access::password::verify("un mot de passe sûr", &saved.password_hash));
    assert!(!saved.password_hash.contains("mot de passe"));

    let args = ["user", "add", "--login", "accueil.moissac", "--role", "observateur"];
    let out = logis_with_input(dir.path(), &args, "un autre mot de passe\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let replaced = account(dir.path(), "accueil.moissac").await.expect("saved");
    assert_eq!((replaced.role.code(), replaced.commune), ("observateur", None));
    assert!(logis_access::password::verify("un autre mot de passe", &replaced.password_hash));
    assert_eq!(replaced.created_at, saved.created_at, "creation time kept");
}

#[tokio::test]
async fn refusals_say_what_to_do_and_write_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let cases: [(&[&str], &str, &str); 6] = [
        (
            &["--login", "a", "--role", "maire"],
            "douze caractères",
            "rôle inconnu « maire » : choisissez parmi administrateur, guichet",
        ),
        (
            &["--login", "a b", "--role", "observateur"],
            "douze caractères",
            "identifiant « a b » refusé",
        ),
        (
            &["--login", "b", "--role", "bailleur"],
            "douze caractères",
            "ajoutez --organisme IDENTIFIANT",
        ),
        (
            &["--login", "c", "--role", "guichet", "--commune", "99999"],
            "douze caractères",
            "commune inconnue « 99999 »",
        ),
        (
            &["--login", "d", "--role", "reservataire", "--organisme", "nulle_part"],
            "douze caractères",
            "organisme inconnu « nulle_part »",
        ),
        (
            &["--login", "e", "--role", "observateur"],
            "court",
            "mot de passe trop court : 12 caractères au moins",
        ),
    ];
    for (options, input, message) in cases {
        let args = [&["user", "add"][..], options].concat();
        let out = logis_with_input(dir.path(), &args, input);
        assert_eq!(out.status.code(), Some(1), "{options:?}");
        assert!(stderr(&out).contains(message), "{options:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains(input) || input == "court", "password echoed");
    }
    for login in ["a", "b", "c", "d", "e"] {
        if dir.path().join("logis.db").exists() {
            assert_eq!(account(dir.path(), login).await, None, "{login}");
        }
    }
    assert!(logis(dir.path(), &["user", "add", "--help"]).status.success());
}
