//! In a server, the cotation's scoring threads give way to the pages being served.

use std::sync::Once;

/// Starts rayon's threads (where the cotation scores, ranks and sorts: the only work of Logis
/// on them) at the lower priority of an import's bulk work ([`logis_store::give_way`]), so
/// that the cotation which follows an import, or the nightly one, leaves a processor to a
/// page that wants one. For a server only: alone on the machine, the command line keeps them
/// at their priority (it would lose nothing, but nothing would gain either). To be called
/// before the first scoring of the process; later calls change nothing, and if rayon's
/// threads were already started the logs say that they keep their priority.
pub fn scoring_threads_give_way() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        let started = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("logis-cotation-{i}"))
            .start_handler(|_| logis_store::give_way::lower_this_thread())
            .build_global();
        if let Err(e) = started {
            tracing::warn!("fils de calcul de la cotation déjà démarrés, priorité inchangée : {e}");
        }
    });
}
