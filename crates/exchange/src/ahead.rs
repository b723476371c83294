//! Records parsed ahead: the calling thread reads the file and splits it into records (the
//! reads and the CSV parser), while a second thread checks the records already split. A
//! national import's reading then keeps two threads busy instead of one (benchmarks.md,
//! issue 21). Records reach `each` in the file's order, in batches whose buffers go back to the
//! parser to be filled again.

use crate::bounded::{Next, Record, Records};
use std::io::{self, Read};
use std::sync::mpsc;

/// Records per batch.
const BATCH: usize = 512;
/// Batches parsed ahead of the checks, at most.
const AHEAD: usize = 4;

/// Calls `each` (on a thread of its own) for every record of `records` in order, and returns
/// how the reading ended: the end of the input, a record over the limits, or a read error.
/// A panic of `each` is raised again here.
pub(crate) fn each_record<R: Read>(
    records: &mut Records<R>,
    mut each: impl FnMut(&Record) + Send,
) -> io::Result<Next> {
    std::thread::scope(|scope| {
        let (full, to_check) = mpsc::sync_channel::<(Vec<Record>, usize)>(AHEAD);
        let (spent, to_fill) = mpsc::channel::<Vec<Record>>();
        let checker = scope.spawn(move || {
            for (batch, filled) in to_check {
                batch[..filled].iter().for_each(&mut each);
                // Gone once the parser is done: the batch is then dropped here.
                let _ = spent.send(batch);
            }
        });
        let mut batch: Vec<Record> = Vec::new();
        let mut filled = 0;
        let ended = loop {
            if filled == batch.len() {
                batch.push(Record::default());
            }
            match records.next(&mut batch[filled]) {
                Ok(Next::Record) => filled += 1,
                other => break other,
            }
            if filled == BATCH {
                let next = to_fill.try_recv().unwrap_or_default();
                if full.send((std::mem::replace(&mut batch, next), filled)).is_err() {
                    break Ok(Next::End); // the checker panicked: raised below
                }
                filled = 0;
            }
        };
        if filled > 0 {
            let _ = full.send((batch, filled));
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
            let end = each_record(&mut records, |r| {
                seen.push((r.line(), String::from_utf8_lossy(r.get(0).unwrap_or(b"")).into_owned()))
            });
            assert_eq!(end.expect("in memory"), Next::End);
            let expected: Vec<(u64, String)> =
                (0..count).map(|i| (i as u64 + 1, i.to_string())).collect();
            assert_eq!(seen, expected, "{count} records");
        }
    }

    #[test]
    fn a_record_over_the_limit_ends_the_reading_after_the_ones_before() {
        let text = format!("{}{};y\nafter;z\n", lines(BATCH + 3), "a".repeat(5000));
        let mut records = Records::new(text.as_bytes(), b';', 1000);
        let mut seen = 0;
        let end = each_record(&mut records, |_| seen += 1);
        assert_eq!(end.expect("in memory"), Next::TooLong { line: BATCH as u64 + 4 });
        assert_eq!(seen, BATCH + 3);
    }

    #[test]
    #[should_panic(expected = "a check failed")]
    fn a_panic_of_the_checks_is_raised_again() {
        let text = lines(3 * BATCH);
        let mut records = Records::new(text.as_bytes(), b';', 1 << 20);
        let _ = each_record(&mut records, |r| assert!(r.line() < 10, "a check failed"));
    }
}
