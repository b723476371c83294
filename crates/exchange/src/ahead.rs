//! Records parsed ahead: the calling thread reads the file, splits it into records (the reads
//! and the CSV parser) and turns each into what the checks need (`parse`: its cells decoded,
//! its values typed), while a second thread checks what was parsed. A national import's
//! reading then keeps two threads busy instead of one, and shares the work of each record
//! between them (benchmarks.md, issue 21). Parsed records reach `each` in the file's order, in
//! batches whose vectors go back to the parser to be filled again.

use crate::bounded::{Next, Record, Records};
use std::io::{self, Read};
use std::sync::mpsc;

/// Records per batch, at most.
const BATCH: usize = 512;
/// The records of a batch, in bytes, past which it is sent whatever their number: what is
/// parsed ahead stays within about `AHEAD` times this (plus a record), however long the
/// records of a hostile file (each may reach `Limits::record_bytes`).
const BATCH_BYTES: usize = 1 << 20;
/// Batches parsed ahead of the checks, at most: enough for neither thread to wait for the other
/// while the writer takes a processor from one of them (fewer left the processors idle a sixth
/// of the time at national scale).
const AHEAD: usize = 32;

/// Calls `parse` (on the calling thread) then `each` (on a thread of its own) for every record
/// of `records` in order, and returns how the reading ended: the end of the input, a record
/// over the limits, or a read error. A panic of `each` is raised again here.
pub(crate) fn each_record<R: Read, P: Send>(
    records: &mut Records<R>,
    mut parse: impl FnMut(&Record) -> P,
    mut each: impl FnMut(P) + Send,
) -> io::Result<Next> {
    std::thread::scope(|scope| {
        let (full, to_check) = mpsc::sync_channel::<Vec<P>>(AHEAD);
        let (spent, to_fill) = mpsc::channel::<Vec<P>>();
        let checker = scope.spawn(move || {
            for mut batch in to_check {
                batch.drain(..).for_each(&mut each);
                // Gone once the parser is done: the batch is then dropped here.
                let _ = spent.send(batch);
            }
        });
        let mut record = Record::default();
        let mut batch: Vec<P> = Vec::with_capacity(BATCH);
        let mut batch_bytes = 0;
        let ended = loop {
            match records.next(&mut record) {
                Ok(Next::Record) => {
                    batch.push(parse(&record));
                    batch_bytes += record.bytes().len();
                }
                other => break other,
            }
            if batch.len() == BATCH || batch_bytes >= BATCH_BYTES {
                let next = to_fill.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH));
                if full.send(std::mem::replace(&mut batch, next)).is_err() {
                    break Ok(Next::End); // the checker panicked: raised below
                }
                batch_bytes = 0;
            }
        };
        if !batch.is_empty() {
            let _ = full.send(batch);
        }
        drop(full);
        if let Err(panic) = checker.join() {
            std::panic::resume_unwind(panic);
        }
        ended
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(count: usize) -> String {
        (0..count).map(|i| format!("{i};x\n")).collect()
    }

    #[test]
    fn every_record_arrives_once_in_order() {
        for count in [0, 1, BATCH - 1, BATCH, BATCH + 1, 5 * BATCH + 7] {
            let text = lines(count);
            let mut records = Records::new(text.as_bytes(), b';', 1 << 20);
            let mut seen = Vec::new();
            let end = each_record(
                &mut records,
                |r| (r.line(), String::from_utf8_lossy(r.get(0).unwrap_or(b"")).into_owned()),
                |parsed| seen.push(parsed),
            );
            assert_eq!(end.expect("in memory"), Next::End);
            let expected: Vec<(u64, String)> =
                (0..count).map(|i| (i as u64 + 1, i.to_string())).collect();
            assert_eq!(seen, expected, "{count} records");
        }
    }

    #[test]
    fn long_records_are_parsed_ahead_within_the_bytes_bound_whole_and_in_order() {
        // 200 records of 300 KiB (60 MB): a batch is sent every four records (its bytes), so
        // at most AHEAD + 2 batches of four are parsed before the first check ends (in the
        // channel, being checked, being filled); counted by records alone, all 200 would fit
        // in one batch and be parsed first.
        use std::sync::atomic::{AtomicUsize, Ordering};
        let long = "a".repeat(300 << 10);
        let text: String = (0..200).map(|i| format!("{i};{long}\n")).collect();
        let mut records = Records::new(text.as_bytes(), b';', 1 << 20);
        let parsed = AtomicUsize::new(0);
        let (mut seen, mut most_ahead) = (Vec::new(), 0);
        let end = each_record(
            &mut records,
            |r| {
                parsed.fetch_add(1, Ordering::SeqCst);
                (r.line(), r.bytes().len())
            },
            |p| {
                if seen.is_empty() {
                    // The parser runs until the bound stops it.
                    std::thread::sleep(std::time::Duration::from_millis(300));
                }
                most_ahead = most_ahead.max(parsed.load(Ordering::SeqCst) - seen.len());
                seen.push(p);
            },
        );
        assert_eq!(end.expect("in memory"), Next::End);
        let expected: Vec<(u64, usize)> =
            (0..200u64).map(|i| (i + 1, i.to_string().len() + (300 << 10))).collect();
        assert_eq!(seen, expected);
        assert!(most_ahead <= (AHEAD + 2) * 4, "{most_ahead} records parsed ahead");
    }

    #[test]
    fn a_record_over_the_limit_ends_the_reading_after_the_ones_before() {
        let text = format!("{}{};y\nafter;z\n", lines(BATCH + 3), "a".repeat(5000));
        let mut records = Records::new(text.as_bytes(), b';', 1000);
        let mut seen = 0;
        let end = each_record(&mut records, |_| (), |()| seen += 1);
        assert_eq!(end.expect("in memory"), Next::TooLong { line: BATCH as u64 + 4 });
        assert_eq!(seen, BATCH + 3);
    }

    #[test]
    #[should_panic(expected = "a check failed")]
    fn a_panic_of_the_checks_is_raised_again() {
        let text = lines(3 * BATCH);
        let mut records = Records::new(text.as_bytes(), b';', 1 << 20);
        let _ =
            each_record(&mut records, Record::line, |line| assert!(line < 10, "a check failed"));
    }
}
