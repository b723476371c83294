//! Bulk work gives way to the pages being served: a thread that reads, checks or writes an
//! import lowers its own priority, so that a server's answers, which wait for a processor
//! behind it otherwise, get one first (an import on a server's two processors kept three
//! threads busy, and a file page waited up to a second and a half: benchmarks.md, issue 21).
//! Alone on the machine (the command line), the import loses nothing: the processors it leaves
//! are idle. Threads a thread starts inherit its priority.

/// How far below the others a giving-way thread runs: `nice` 10, about a tenth of their share
/// of a processor when both want it.
const NICENESS: i32 = 10;

/// Lowers the calling thread's priority for the rest of its life: call it on a thread made for
/// the bulk work only (an unprivileged process cannot raise it back, and a thread of a pool
/// would run the pages it serves later at the lower priority too; a pool first started from
/// it would keep it). Does nothing where the system has no per-thread priority; if the system
/// refuses, says so in the logs, once.
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    {
        static REFUSAL_TOLD: std::sync::Once = std::sync::Once::new();
        let thread = rustix::thread::gettid();
        if let Err(e) = rustix::process::setpriority_process(Some(thread), NICENESS) {
            REFUSAL_TOLD.call_once(|| {
                tracing::warn!("priorité des fils de travail des imports inchangée : {e}");
            });
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn the_thread_that_gives_way_runs_lower_and_the_others_do_not() {
        let own = || rustix::process::getpriority_process(Some(rustix::thread::gettid()));
        let before = own().expect("priority");
        let (lowered, started) = std::thread::spawn(move || {
            super::lower_this_thread();
            let lowered = own().expect("priority");
            let started = std::thread::spawn(own).join().expect("thread").expect("priority");
            (lowered, started)
        })
        .join()
        .expect("thread");
        assert_eq!(lowered, (before + super::NICENESS).min(19));
        assert_eq!(started, lowered, "a thread started by it inherits its priority");
        assert_eq!(own().expect("priority"), before, "the calling thread is left as it was");
    }
}
