//! A server's scoring threads run below the pages, the caller's thread keeps its priority.

#[cfg(target_os = "linux")]
#[test]
fn rayon_threads_started_after_the_call_give_way_and_the_caller_does_not() {
    let own = || rustix::process::getpriority_process(Some(rustix::thread::gettid()));
    let before = own().expect("priority");
    logis_cotation::giving_way::scoring_threads_give_way();
    logis_cotation::giving_way::scoring_threads_give_way();
    let on_the_pool = rayon::broadcast(|_| own().expect("priority"));
    assert_eq!(on_the_pool.len(), rayon::current_num_threads());
    assert!(
        on_the_pool.iter().all(|&p| p > before || p == 19),
        "every scoring thread lowered: {on_the_pool:?} (caller {before})"
    );
    assert_eq!(own().expect("priority"), before, "the caller's thread is left as it was");
}
