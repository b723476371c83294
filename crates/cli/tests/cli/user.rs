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

#[tokio::test]
async fn an_account_is_deactivated_reactivated_given_a_new_password_and_deleted() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let args = ["user", "add", "--login", "agent", "--role", "observateur"];
    assert!(logis_with_input(dir.path(), &args, "premier mot de passe\n").status.success());
    let args = ["user", "add", "--login", "chef", "--role", "administrateur"];
    assert!(logis_with_input(dir.path(), &args, "mot de passe du chef\n").status.success());

    let out = logis(dir.path(), &["user", "disable", "--login", "agent"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("désactivé : il ne peut plus se connecter"));
    let disabled = account(dir.path(), "agent").await.expect("kept");
    assert!(!disabled.is_active());
    assert!(stdout(&logis(dir.path(), &["user", "list"])).contains("agent"));
    assert!(stdout(&logis(dir.path(), &["user", "list"])).contains("désactivé"));
    assert!(logis(dir.path(), &["user", "enable", "--login", "agent"]).status.success());
    assert!(account(dir.path(), "agent").await.expect("kept").is_active());

    let args = ["user", "password", "--login", "agent"];
    let out = logis_with_input(dir.path(), &args, "second mot de passe\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("ses sessions sont fermées et ses jetons d'API révoqués"));
    let changed = account(dir.path(), "agent").await.expect("kept");
    assert!(logis_access::password::verify("second mot de passe", &changed.password_hash));

    let out = logis(dir.path(), &["user", "disable", "--login", "chef"]);
    assert_eq!(out.status.code(), Some(1), "the last administrateur");
    assert!(stderr(&out).contains("dernier compte administrateur actif"), "{}", stderr(&out));
    let out = logis(dir.path(), &["user", "delete", "--login", "personne"]);
    assert!(stderr(&out).contains("aucun compte « personne »"), "{}", stderr(&out));

    assert!(logis(dir.path(), &["user", "delete", "--login", "agent"]).status.success());
    assert_eq!(account(dir.path(), "agent").await, None);
    let url = format!("sqlite://{}", dir.path().join("logis.db").display());
    let store = logis_store_sqlite::SqliteStore::open(&url).await.expect("open");
    let log = logis_store::access::audit::latest(&store, 20).await.expect("audit");
    store.close().await;
    let said: Vec<&str> = log.iter().map(|l| l.target.as_str()).collect();
    for change in
        ["agent désactivé", "agent réactivé", "mot de passe du compte agent", "agent supprimé"]
    {
        assert!(said.iter().any(|t| t.contains(change)), "{change} in {said:?}");
    }
    assert!(log.iter().all(|l| l.origin == "ligne de commande"));
}
