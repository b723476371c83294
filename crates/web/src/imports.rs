//! Imports started from the application: each runs in the background while its page shows how
//! far it got, then its French report. Jobs live in memory (a restart forgets finished jobs;
//! an import interrupted by a restart wrote nothing, its transaction never committed).

use logis_exchange::{FileKind, Report};
use logis_transfer::{Phase, Progress};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Where an import stands.
#[derive(Debug, Clone)]
pub enum JobState {
    /// Reading, checking and writing; rows done per file.
    Running { phase: Phase, rows: BTreeMap<FileKind, u64> },
    /// Finished: the report, whether the set was written, rows per file, and what followed.
    Finished {
        report: Report,
        written: bool,
        check_only: bool,
        rows: BTreeMap<FileKind, u64>,
        follow_up: Vec<String>,
    },
    /// The machinery itself failed (not the data).
    Failed(String),
}

/// One import.
#[derive(Debug)]
pub struct Job {
    pub login: String,
    pub started_at: i64,
    pub files: Vec<String>,
    pub state: Mutex<JobState>,
}

impl Job {
    pub fn snapshot(&self) -> JobState {
        self.state.lock().expect("job state").clone()
    }

    pub fn set(&self, state: JobState) {
        *self.state.lock().expect("job state") = state;
    }
}

/// The jobs of this server, by number.
#[derive(Default)]
pub struct ImportJobs {
    next: AtomicU64,
    jobs: Mutex<HashMap<u64, Arc<Job>>>,
}

impl ImportJobs {
    /// Registers a new job started at `at`; its number.
    pub fn start(&self, login: &str, files: Vec<String>, at: i64) -> (u64, Arc<Job>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let job = Arc::new(Job {
            login: login.to_owned(),
            started_at: at,
            files,
            state: Mutex::new(JobState::Running { phase: Phase::Import, rows: BTreeMap::new() }),
        });
        self.jobs.lock().expect("jobs").insert(id, job.clone());
        (id, job)
    }

    pub fn get(&self, id: u64) -> Option<Arc<Job>> {
        self.jobs.lock().expect("jobs").get(&id).cloned()
    }
}

/// Progress of an import, written into its job.
pub struct JobProgress(pub Arc<Job>);

impl Progress for JobProgress {
    fn rows(&self, phase: Phase, file: FileKind, rows: u64) {
        let mut state = self.0.state.lock().expect("job state");
        if let JobState::Running { phase: p, rows: counts } = &mut *state {
            *p = phase;
            counts.insert(file, rows);
        }
    }

    fn step(&self, phase: Phase) {
        let mut state = self.0.state.lock().expect("job state");
        if let JobState::Running { phase: p, .. } = &mut *state {
            *p = phase;
        }
    }
}
