//! Counts by code, written as a JSON object in the codes' order (not alphabetical), without
//! the codes counted zero times.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Counts by code, in the order [`Counts::sorted`] gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts(Vec<(String, u64)>);

impl Counts {
    /// Counts one more `code`.
    pub fn add(&mut self, code: &str) {
        match self.0.iter_mut().find(|(c, _)| c == code) {
            Some((_, n)) => *n += 1,
            None => self.0.push((code.to_owned(), 1)),
        }
    }

    /// The counts in the order `rank` gives their codes (lower first).
    pub fn sorted<K: Ord>(mut self, rank: impl Fn(&str) -> K) -> Counts {
        self.0.sort_by_key(|(code, _)| rank(code));
        self
    }
}

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (code, n) in &self.0 {
            map.serialize_entry(code, n)?;
        }
        map.end()
    }
}
