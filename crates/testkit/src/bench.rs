//! What the in-process benchmarks print of a step: its wall time and the process's peak
//! resident memory so far (VmHWM).

use std::time::Instant;

/// The process's peak resident memory so far (VmHWM), in MiB (0 where /proc is absent).
pub fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Runs `f`, printing `label`, its time and the peak memory so far.
#[allow(clippy::disallowed_macros)] // A benchmark's figures go to its runner's output.
pub fn timed<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    println!("{label:<64} {:>8.3} s {:>8.0} Mio (pic)", start.elapsed().as_secs_f64(), peak_mib());
    value
}
