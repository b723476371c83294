//! The applicant's session, on both backends: found by its token on its own application only,
//! ended by a time without use, by its lifetime and by signing out; its token never stored.

use logis_applicants::session::{IDLE, LIFETIME, application_of, close, open};
use logis_domain::NumeroUnique;
use logis_testkit::every_backend;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_opens_on_its_application_and_ends() {
    let numero = NumeroUnique::parse("0820119000001G0004").expect("numéro");
    let other = NumeroUnique::parse("0820119000002G0004").expect("numéro");
    for backend in every_backend().await {
        let store = &*backend.store;
        let now = 1_800_000_000;
        let opened = open(store, &numero, now).await.expect("opened");
        let theirs = open(store, &other, now).await.expect("opened");
        assert_eq!(opened.lifetime, LIFETIME);
        assert_ne!(opened.token, theirs.token);
        let found = application_of(store, &opened.token, now + 10).await.expect("read");
        assert_eq!(found.as_ref(), Some(&numero), "{}", backend.name);
        let found = application_of(store, &theirs.token, now + 10).await.expect("read");
        assert_eq!(found.as_ref(), Some(&other));
        assert_eq!(application_of(store, "pas-un-jeton", now).await.expect("read"), None);
        let stored = logis_store::access::applicant_sessions::of(store, &opened.token, now, 0)
            .await
            .expect("read");
        assert_eq!(stored, None, "the token itself is not what is kept");

        // Used now and then, it stays open until its lifetime.
        let mut at = now;
        while at + IDLE - 60 < now + LIFETIME {
            at += IDLE - 60;
            let found = application_of(store, &opened.token, at).await.expect("read");
            assert_eq!(found.as_ref(), Some(&numero), "used at {}", at - now);
        }
        let ended = application_of(store, &opened.token, now + LIFETIME).await.expect("read");
        assert_eq!(ended, None, "past its lifetime");

        // Unused for too long, it is closed.
        let idle = application_of(store, &theirs.token, now + 10 + IDLE).await.expect("read");
        assert_eq!(idle, None, "idle");

        let again = open(store, &numero, now + 100).await.expect("opened");
        close(store, &again.token).await.expect("closed");
        assert_eq!(application_of(store, &again.token, now + 101).await.expect("read"), None);
        backend.finish().await;
    }
}
