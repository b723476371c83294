//! Progress bars on a terminal (nothing is drawn when the output is not a terminal).

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use logis_exchange::FileKind;
use logis_transfer::{Phase, Progress};
use std::collections::HashMap;
use std::sync::Mutex;

/// One spinner per file and phase, showing rows done.
pub struct Bars {
    multi: MultiProgress,
    bars: Mutex<HashMap<(&'static str, FileKind), ProgressBar>>,
}

impl Bars {
    pub fn new() -> Self {
        Bars { multi: MultiProgress::new(), bars: Mutex::new(HashMap::new()) }
    }

    fn bar(&self, phase: Phase, file: FileKind) -> ProgressBar {
        let mut bars = self.bars.lock().expect("progress lock is never poisoned");
        bars.entry((phase.label(), file))
            .or_insert_with(|| {
                let bar = self.multi.add(ProgressBar::new_spinner());
                bar.set_style(
                    ProgressStyle::with_template(
                        "{spinner} {prefix:<14} {msg:<18} {pos:>12} lignes  {elapsed}",
                    )
                    .expect("valid template"),
                );
                bar.set_prefix(phase.label());
                bar.set_message(file.file_name());
                bar.enable_steady_tick(std::time::Duration::from_millis(200));
                bar
            })
            .clone()
    }

    pub fn finish(&self) {
        for bar in self.bars.lock().expect("progress lock is never poisoned").values() {
            bar.finish();
        }
    }
}

impl Progress for Bars {
    fn rows(&self, phase: Phase, file: FileKind, rows: u64) {
        self.bar(phase, file).set_position(rows);
    }

    fn step(&self, phase: Phase) {
        // The rows are read: what the reader freed goes back to the system before the commit.
        crate::allocator::give_back_freed();
        let _ = self.multi.println(format!("{} de la transaction…", phase.label()));
    }
}

/// A bar over a known total (generation).
pub fn counted(total: u64, label: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {elapsed}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_prefix(label.to_owned());
    bar
}
