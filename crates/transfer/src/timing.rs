//! How long each phase of an import took, and the peak memory the process reached during it,
//! for `logis import --mesures` and the national benchmark: the resident peak (its VmHWM,
//! reset at each phase's start where Linux allows it), which counts the pages of a database
//! file mapped in memory, and the allocated peak (RssAnon, sampled), which does not.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How often the allocated memory is sampled.
const SAMPLING: Duration = Duration::from_millis(10);

/// One phase measured.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseTime {
    /// What the phase did, in French (« lecture et contrôle des fichiers »).
    pub label: &'static str,
    pub duration: Duration,
    /// The peak resident memory during the phase, in MiB, mapped files included (`None`
    /// where the system does not tell it).
    pub peak_mib: Option<f64>,
    /// The peak of the memory the process allocated during the phase, in MiB: its resident
    /// memory without the files it maps (SQLite maps its whole database), sampled every 10 ms.
    pub allocated_mib: Option<f64>,
}

impl PhaseTime {
    /// Whether this is the part of the phase before it spent in one activity ([`Stopwatch::part`],
    /// its label indented: « ␣␣dont écriture des lignes »), not a phase of its own.
    pub fn is_part(&self) -> bool {
        self.label.starts_with(' ')
    }
}

/// Laps of the phases, one after the other.
#[derive(Debug)]
pub struct Stopwatch {
    lap_started: Instant,
    allocated: AllocatedPeak,
    pub phases: Vec<PhaseTime>,
}

impl Default for Stopwatch {
    fn default() -> Self {
        Self::start()
    }
}

impl Stopwatch {
    /// Starts the first phase now.
    pub fn start() -> Self {
        reset_peak();
        Stopwatch {
            lap_started: Instant::now(),
            allocated: AllocatedPeak::sample(),
            phases: Vec::new(),
        }
    }

    /// Ends the current phase as `label`, and starts the next one.
    pub fn lap(&mut self, label: &'static str) {
        let duration = self.lap_started.elapsed();
        let allocated_mib = self.allocated.take();
        self.phases.push(PhaseTime { label, duration, peak_mib: peak_mib(), allocated_mib });
        reset_peak();
        self.lap_started = Instant::now();
    }

    /// Adds a phase measured elsewhere (the part of a lap spent in one activity), its `label`
    /// indented.
    pub fn part(&mut self, label: &'static str, duration: Duration) {
        self.phases.push(PhaseTime { label, duration, peak_mib: None, allocated_mib: None });
    }
}

/// The highest allocated memory seen since the last [`AllocatedPeak::take`], kept by a thread
/// that reads it every [`SAMPLING`] until the stopwatch is dropped.
#[derive(Debug)]
struct AllocatedPeak {
    highest_kib: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl AllocatedPeak {
    fn sample() -> Self {
        let highest_kib = Arc::new(AtomicU64::new(allocated_kib().unwrap_or(0)));
        let stop = Arc::new(AtomicBool::new(false));
        let (highest, stopped) = (highest_kib.clone(), stop.clone());
        let started = std::thread::Builder::new().name("mesure-memoire".into()).spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                if let Some(now) = allocated_kib() {
                    highest.fetch_max(now, Ordering::Relaxed);
                }
                std::thread::sleep(SAMPLING);
            }
        });
        if started.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        AllocatedPeak { highest_kib, stop }
    }

    /// The peak since the last call, in MiB, and starts the next one from the memory now.
    fn take(&self) -> Option<f64> {
        let now = allocated_kib()?;
        let highest = self.highest_kib.swap(now, Ordering::Relaxed).max(now);
        Some(highest as f64 / 1024.0)
    }
}

impl Drop for AllocatedPeak {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A line of `/proc/self/status` in KiB (`VmHWM:`, `RssAnon:`).
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// The process's peak resident memory since its last reset, in MiB.
fn peak_mib() -> Option<f64> {
    status_kib("VmHWM:").map(|kib| kib as f64 / 1024.0)
}

/// The memory the process allocated (resident, files mapped excluded), in KiB.
fn allocated_kib() -> Option<u64> {
    status_kib("RssAnon:")
}

/// The memory the process allocated now, in MiB (`None` where the system does not tell it).
pub fn allocated_mib() -> Option<f64> {
    allocated_kib().map(|kib| kib as f64 / 1024.0)
}

/// Resets the peak resident memory to the current one (Linux: `5` written to `clear_refs`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_lap_is_its_own_phase_with_its_peak_memory() {
        let mut watch = Stopwatch::start();
        let held: Vec<u8> = std::hint::black_box(vec![1; 64 << 20]);
        std::thread::sleep(Duration::from_millis(40));
        drop(held);
        watch.lap("grande");
        watch.lap("petite");
        let [big, small] = &watch.phases[..] else { panic!("two phases") };
        assert_eq!((big.label, small.label), ("grande", "petite"));
        assert!(big.duration >= Duration::from_millis(40));
        if let (Some(big), Some(small)) = (big.peak_mib, small.peak_mib) {
            assert!(big > small + 32.0, "the peak is reset between phases: {big} then {small}");
        }
        if let (Some(big), Some(small)) = (big.allocated_mib, small.allocated_mib) {
            assert!(big > small + 32.0, "allocations, phase by phase: {big} then {small}");
        }
    }
}
