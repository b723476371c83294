//! How long each phase of an import took, and the peak memory the process reached during it
//! (its VmHWM, reset at each phase's start where Linux allows it), for `logis import
//! --mesures` and the national benchmark.

use std::time::{Duration, Instant};

/// One phase measured.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseTime {
    /// What the phase did, in French (« lecture et contrôle des fichiers »).
    pub label: &'static str,
    pub duration: Duration,
    /// The peak resident memory during the phase, in MiB (`None` where the system does not
    /// tell it).
    pub peak_mib: Option<f64>,
}

/// Laps of the phases, one after the other.
#[derive(Debug)]
pub struct Stopwatch {
    lap_started: Instant,
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
        Stopwatch { lap_started: Instant::now(), phases: Vec::new() }
    }

    /// Ends the current phase as `label`, and starts the next one.
    pub fn lap(&mut self, label: &'static str) {
        let duration = self.lap_started.elapsed();
        self.phases.push(PhaseTime { label, duration, peak_mib: peak_mib() });
        reset_peak();
        self.lap_started = Instant::now();
    }

    /// Adds a phase measured elsewhere (the part of a lap spent in one activity).
    pub fn part(&mut self, label: &'static str, duration: Duration) {
        self.phases.push(PhaseTime { label, duration, peak_mib: None });
    }
}

/// The process's peak resident memory since its last reset, in MiB.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib / 1024.0)
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
        std::thread::sleep(Duration::from_millis(20));
        drop(held);
        watch.lap("grande");
        watch.lap("petite");
        let [big, small] = &watch.phases[..] else { panic!("two phases") };
        assert_eq!((big.label, small.label), ("grande", "petite"));
        assert!(big.duration >= Duration::from_millis(20));
        if let (Some(big), Some(small)) = (big.peak_mib, small.peak_mib) {
            assert!(big > small + 32.0, "the peak is reset between phases: {big} then {small}");
        }
    }
}
