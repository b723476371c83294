//! The conformance cases of the access register, run with the store's suite on every backend:
//! accounts saved, replaced, deactivated and deleted; sessions opened, used, ended by their
//! lifetime, by a time without use or with their account; tokens with their scope, expiry and
//! revocation; the audit log read newest first and forgotten past a date.

use super::accounts::{self, SessionAccount, StoredAccount, of_session, of_token};
use super::audit::{self, AuditEntry};
use super::sessions::{self, StoredSession};
use super::tokens::{self, ApiToken};
use super::write;
use crate::Store;
use logis_access::{Role, TokenScope};

fn agent() -> StoredAccount {
    StoredAccount {
        commune: Some("82033".to_owned()),
        ..StoredAccount::new(
            login("agent"),
            Role::Guichet,
            "$argon2id$v=19$m=19456,t=2,p=1$c2VsIGRlIG1lcg$aGFjaMOp",
            1_764_460_800,
        )
    }
}

pub async fn accounts_are_saved_replaced_and_found(store: &dyn Store) {
    assert_eq!(accounts::find(store, "agent").await.expect("read"), None);
    let first = agent();
    write(store, accounts::save(&first)).await.expect("save");
    assert_eq!(accounts::find(store, "agent").await.expect("read"), Some(first.clone()));
    let replaced = StoredAccount {
        role: Role::Bailleur,
        organisme: Some("tgh".to_owned()),
        commune: None,
        password_hash: "$argon2id$autre".to_owned(),
        created_at: first.created_at + 3_600,
        ..first.clone()
    };
    write(store, accounts::save(&replaced)).await.expect("save again");
    let read = accounts::find(store, "agent").await.expect("read").expect("found");
    assert_eq!(read, StoredAccount { created_at: first.created_at, ..replaced });
    assert_eq!(accounts::find(store, "Agent").await.expect("read"), None, "logins are exact");
    let demo = StoredAccount {
        demonstration: true,
        ..StoredAccount::new(login("admin"), Role::Administrateur, "$argon2id$demo", 5)
    };
    write(store, accounts::save(&demo)).await.expect("demo account");
    let logins = |list: Vec<StoredAccount>| list.into_iter().map(|a| a.login).collect::<Vec<_>>();
    assert_eq!(logins(accounts::all(store).await.expect("all")), ["admin", "agent"]);
    assert_eq!(logins(accounts::demonstration(store).await.expect("demo")), ["admin"]);
    write(store, accounts::delete("admin")).await.expect("delete");
    write(store, accounts::save(&first)).await.expect("the first again");
}

fn session(hash: &str, created_at: i64) -> StoredSession {
    StoredSession {
        token_hash: hash.to_owned(),
        login: login("agent"),
        created_at,
        expires_at: created_at + 1_000,
        last_seen: created_at,
    }
}

pub async fn sessions_end_by_lifetime_idleness_and_account(store: &dyn Store) {
    write(store, accounts::save(&agent())).await.expect("the agent's account");
    let opened = session("s1", 1_000);
    write(store, sessions::open(&opened, 0)).await.expect("open");
    let found = |now: i64, idle_since: i64| of_session(store, "s1", now, idle_since);
    let seen = found(1_500, 900).await.expect("read").map(|s: SessionAccount| s.last_seen);
    assert_eq!(seen, Some(1_000), "open and used since 900");
    assert_eq!(found(1_500, 1_000).await.expect("read"), None, "unused since its opening");
    write(store, sessions::touch("s1", 1_400)).await.expect("touch");
    let seen = found(1_500, 1_200).await.expect("read").map(|s| s.last_seen);
    assert_eq!(seen, Some(1_400), "used again");
    write(store, sessions::touch("s1", 1_300)).await.expect("an older use");
    assert_eq!(found(1_500, 1_200).await.expect("read").map(|s| s.last_seen), Some(1_400));
    assert_eq!(found(2_000, 0).await.expect("read"), None, "ended by its lifetime");
    assert_eq!(of_session(store, "autre", 1_500, 0).await.expect("read"), None);
    write(store, sessions::close("s1")).await.expect("close");
    assert_eq!(found(1_500, 0).await.expect("read"), None, "closed");
    write(store, sessions::close("s1")).await.expect("closing twice is fine");

    write(store, sessions::open(&session("s2", 1_000), 0)).await.expect("open");
    write(store, sessions::open(&session("s3", 5_000), 4_500)).await.expect("a later one");
    let left = store
        .fetch_access("SELECT jeton_hache FROM sessions", &[], &[crate::ColumnType::Text])
        .await
        .expect("sessions");
    assert_eq!(left.len(), 1, "the ended session is removed when another opens");
    write(store, sessions::open(&session("s4", 5_000), 0)).await.expect("another");
    write(store, sessions::end_all_of("agent")).await.expect("end all");
    assert_eq!(of_session(store, "s3", 5_100, 0).await.expect("read"), None);
    assert_eq!(of_session(store, "s4", 5_100, 0).await.expect("read"), None);
}

fn token(hash: &str, scope: TokenScope) -> ApiToken {
    ApiToken {
        token_hash: hash.to_owned(),
        nom: "logiciel du bailleur".to_owned(),
        login: login("agent"),
        scope,
        cree_le: 5,
        expire_le: 1_000,
        revoque_le: None,
    }
}

pub async fn tokens_carry_a_scope_until_expiry_or_revocation(store: &dyn Store) {
    write(store, accounts::save(&agent())).await.expect("the agent's account");
    let orphan = ApiToken { login: login("personne"), ..token("t0", TokenScope::Lecture) };
    write(store, tokens::issue(&orphan)).await.expect("issue");
    assert_eq!(of_token(store, "t0", 10).await.expect("token"), None, "no such account");
    write(store, tokens::issue(&token("t1", TokenScope::Attribution))).await.expect("issue");
    let found = of_token(store, "t1", 999).await.expect("token");
    assert_eq!(found, Some((agent(), TokenScope::Attribution)));
    assert_eq!(of_token(store, "t1", 1_000).await.expect("token"), None, "expired");
    assert_eq!(write(store, tokens::revoke("t1", 9)).await.expect("revoke"), 1);
    assert_eq!(write(store, tokens::revoke("t1", 10)).await.expect("again"), 0, "revoked once");
    assert_eq!(of_token(store, "t1", 20).await.expect("token"), None, "revoked");
    write(store, tokens::issue(&token("t2", TokenScope::Import))).await.expect("issue");
    write(store, tokens::issue(&token("t3", TokenScope::Lecture))).await.expect("issue");
    assert_eq!(write(store, tokens::revoke_all_of("agent", 30)).await.expect("all"), 2);
    let listed = tokens::all(store).await.expect("all");
    assert_eq!(listed.len(), 4);
    let t1 = listed.iter().find(|t| t.token_hash == "t1").expect("listed");
    assert_eq!((t1.scope, t1.revoque_le, t1.expire_le), (TokenScope::Attribution, Some(9), 1_000));
    assert!(listed.iter().all(|t| !t.is_valid(20) || t.login == "personne"));
}

pub async fn deactivated_accounts_reach_nothing_and_deleted_ones_leave_nothing(store: &dyn Store) {
    write(store, accounts::save(&agent())).await.expect("the agent's account");
    write(store, sessions::open(&session("s5", 10_000), 0)).await.expect("open");
    write(
        store,
        tokens::issue(&ApiToken { expire_le: 90_000, ..token("t4", TokenScope::Lecture) }),
    )
    .await
    .expect("issue");
    assert!(of_session(store, "s5", 10_001, 0).await.expect("read").is_some());
    assert_eq!(write(store, accounts::disable("agent", 10_002)).await.expect("disable"), 1);
    let read = accounts::find(store, "agent").await.expect("read").expect("kept");
    assert_eq!((read.disabled_at, read.is_active()), (Some(10_002), false));
    assert_eq!(of_session(store, "s5", 10_003, 0).await.expect("read"), None);
    assert_eq!(of_token(store, "t4", 10_003).await.expect("read"), None);
    write(store, accounts::save(&agent())).await.expect("saved again");
    assert!(!accounts::find(store, "agent").await.expect("read").expect("kept").is_active());
    write(store, accounts::enable("agent")).await.expect("enable");
    assert!(of_session(store, "s5", 10_004, 0).await.expect("read").is_some(), "active again");
    write(store, accounts::delete("agent")).await.expect("delete");
    assert_eq!(accounts::find(store, "agent").await.expect("read"), None);
    for table in ["sessions", "jetons_api"] {
        let sql = format!("SELECT login FROM {table} WHERE login = 'agent'");
        let left = store.fetch_access(&sql, &[], &[crate::ColumnType::Text]).await.expect("read");
        assert!(left.is_empty(), "{table} of a deleted account");
    }
}

pub async fn the_audit_log_reads_newest_first_and_forgets_old_lines(store: &dyn Store) {
    use audit::AuditAction::{Consultation, Export, SignIn};
    let line = |at: i64, action: audit::AuditAction| AuditEntry {
        at,
        login: "agent".to_owned(),
        action,
        target: "082112400001".to_owned(),
        origin: "127.0.0.1".to_owned(),
    };
    for entry in [line(10, SignIn), line(20, Consultation), line(20, Export)] {
        write(store, audit::record(&entry)).await.expect("record");
    }
    let latest = audit::latest(store, 2).await.expect("read");
    assert_eq!(latest, [line(20, Export), line(20, Consultation)], "same second: last first");
    assert_eq!(audit::latest(store, 10).await.expect("read").len(), 3);
    assert_eq!(audit::count_before(store, 20).await.expect("count"), 1);
    assert_eq!(write(store, audit::forget_before(20)).await.expect("forget"), 1);
    assert_eq!(audit::latest(store, 10).await.expect("read").len(), 2);
}

/// `text` as a login (the cases' logins are valid ones).
fn login(text: &str) -> logis_access::Login {
    logis_access::Login::parse(text).expect("a login")
}
