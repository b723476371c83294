//! Signing in to the applicants' space, on both backends: one refusal for an unknown numéro and
//! a wrong date of birth; a code kept hashed, not re-sent within a minute, accepted once before
//! it expires; wrong codes counted down, the fifth locking the space for 30 minutes, a new
//! code refused while locked and given once the lock has passed.

use logis_applicants::sign_in::{
    CODE_LIFETIME, LOCK, SignInError, request_code, request_letter_code, verify,
};
use logis_domain::{Lien, Membre, NumeroUnique};
use logis_testkit::{all, cctc_files, every_backend, import};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_is_asked_checked_once_and_locks_after_five_wrong_ones() {
    let files = cctc_files(2);
    for backend in every_backend().await {
        let store = &*backend.store;
        assert!(import(store, files.path()).await.written, "{}", backend.name);
        let members: Vec<(NumeroUnique, Membre)> = all(store).await;
        let (numero, titulaire) =
            members.iter().find(|(_, m)| m.lien == Lien::Titulaire).expect("a titulaire");
        let (numero, born) = (numero.as_str(), titulaire.date_naissance);
        let now = 1_800_000_000;

        let other_day = born.next_day().expect("a day");
        assert_eq!(request_code(store, numero, other_day, now).await, Err(SignInError::Unknown));
        let unknown = request_code(store, "0820000000000G0000", born, now).await;
        assert_eq!(unknown, Err(SignInError::Unknown), "the same refusal");

        let issued = request_code(store, numero, born, now).await.expect("a code");
        assert_eq!((issued.code.len(), issued.expires_at), (6, now + CODE_LIFETIME));
        let kept = logis_store::access::codes::of(store, &issued.numero).await.expect("read");
        let kept = kept.expect("kept");
        assert!(!kept.code_hache.contains(&issued.code), "only its hash is kept");
        assert_eq!(request_code(store, numero, born, now + 30).await, Err(SignInError::TooSoon));

        let wrong = if issued.code == "000000" { "111111" } else { "000000" };
        assert_eq!(
            verify(store, numero, wrong, now + 40).await,
            Err(SignInError::Wrong { remaining: 4 })
        );
        let typed = format!("{} {}", &issued.code[..3], &issued.code[3..]);
        assert_eq!(
            verify(store, numero, &typed, now + 50).await.expect("signed in").as_str(),
            numero
        );
        assert_eq!(
            verify(store, numero, &issued.code, now + 60).await,
            Err(SignInError::Expired),
            "once"
        );

        // A code past its lifetime.
        let later = now + 120;
        let second = request_code(store, numero, born, later).await.expect("a new code");
        let expired = verify(store, numero, &second.code, later + CODE_LIFETIME).await;
        assert_eq!(expired, Err(SignInError::Expired));

        // Five wrong codes lock the space; a new code waits for the lock to pass.
        let third_at = later + CODE_LIFETIME + 60;
        let third = request_code(store, numero, born, third_at).await.expect("a third code");
        let wrong = if third.code == "000000" { "111111" } else { "000000" };
        for remaining in [4, 3, 2, 1] {
            let said = verify(store, numero, wrong, third_at + 1).await;
            assert_eq!(said, Err(SignInError::Wrong { remaining }), "{}", backend.name);
        }
        let locked = verify(store, numero, wrong, third_at + 2).await;
        assert_eq!(locked, Err(SignInError::Locked { until: third_at + 2 + LOCK }));
        let right = verify(store, numero, &third.code, third_at + 3).await;
        assert!(matches!(right, Err(SignInError::Locked { .. })), "even the right code");
        let asked = request_code(store, numero, born, third_at + 120).await;
        assert!(matches!(asked, Err(SignInError::Locked { .. })));
        let after = request_code(store, numero, born, third_at + 3 + LOCK).await;
        assert!(after.is_ok(), "{after:?}");

        // A desk's letter gets a code at once; an expired code is forgotten at the next issue.
        let (other, _) = members
            .iter()
            .find(|(n, m)| n.as_str() != numero && m.lien == Lien::Titulaire)
            .expect("another titulaire");
        let letter_at = third_at + 10 + LOCK;
        let letter = request_letter_code(store, other, letter_at).await.expect("a letter's code");
        assert_eq!(letter.email, None);
        assert!(request_letter_code(store, other, letter_at + 1).await.is_ok(), "no minute's wait");
        let much_later = letter_at + 10 * CODE_LIFETIME;
        request_letter_code(store, &issued.numero, much_later).await.expect("a code");
        let forgotten = logis_store::access::codes::of(store, other).await.expect("read");
        assert_eq!(forgotten, None, "{}", backend.name);
        backend.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_codes_sent_at_once_are_five_attempts_then_the_lock() {
    let files = cctc_files(3);
    for backend in every_backend().await {
        let store = backend.store.clone();
        assert!(import(&*store, files.path()).await.written, "{}", backend.name);
        let members: Vec<(NumeroUnique, Membre)> = all(&*store).await;
        let (numero, _) =
            members.iter().find(|(_, m)| m.lien == Lien::Titulaire).expect("a titulaire");
        let now = 1_800_000_000;
        let issued = request_letter_code(&*store, numero, now).await.expect("a code");
        let guesses: Vec<String> = (0..30)
            .map(|i| {
                format!("{:06}", (issued.code.parse::<u32>().expect("digits") + 1 + i) % 1_000_000)
            })
            .collect();
        let tries = guesses.into_iter().map(|guess| {
            let store = store.clone();
            let numero = numero.as_str().to_owned();
            tokio::spawn(async move { verify(&*store, &numero, &guess, now + 1).await })
        });
        let mut wrong = 0;
        for attempt in tries {
            match attempt.await.expect("the attempt ends") {
                Err(SignInError::Wrong { .. }) => wrong += 1,
                Err(SignInError::Locked { .. }) => {}
                other => panic!("{other:?}"),
            }
        }
        assert!(wrong <= 4, "{wrong} wrong codes compared before the lock ({})", backend.name);
        let right = verify(&*store, numero.as_str(), &issued.code, now + 2).await;
        assert!(matches!(right, Err(SignInError::Locked { .. })), "{right:?}");
        let kept = logis_store::access::codes::of(&*store, numero).await.expect("read");
        assert_eq!(kept.map(|k| k.essais), Some(5), "five attempts taken, no more");
        backend.finish().await;
    }
}
