//! A compact set of keys (numéros uniques, dwelling and organisation identifiers): every key is
//! stored once in one text arena and numbered, so that a national file set of millions of rows
//! is checked with a few bytes per key instead of a heap allocation each.

use hashbrown::HashTable;
use std::cell::Cell;
use std::hash::BuildHasher;

/// Keys numbered from 0 in insertion order.
#[derive(Default)]
pub struct KeyIndex {
    arena: String,
    /// End offset of each key in `arena`.
    ends: Vec<usize>,
    table: HashTable<u32>,
    hasher: foldhash::fast::FixedState,
    /// The key found or added last, plus one (0: none): see [`KeyIndex::near`].
    last: Cell<u32>,
}

impl KeyIndex {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The key numbered `id`.
    pub fn key(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.arena[start..self.ends[id]]
    }

    /// The number of `key`, if present.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.near(key).or_else(|| self.find(key, self.hasher.hash_one(key)))
    }

    /// The number of `key` when it is the key found or added last, or the one added after it:
    /// a file names the same key on rows that follow each other (a household's members), and
    /// files of a set often list their keys in the same order (membres.csv follows demandes.csv),
    /// so that most lookups need no hashing and no probe into a table of millions.
    fn near(&self, key: &str) -> Option<u32> {
        let last = self.last.get().checked_sub(1)?;
        if self.key(last) == key {
            return Some(last);
        }
        let next = last + 1;
        if (next as usize) < self.len() && self.key(next) == key {
            self.last.set(next + 1);
            return Some(next);
        }
        None
    }

    /// The number of `key`, whose hash is `hash`, looked up in the table.
    fn find(&self, key: &str, hash: u64) -> Option<u32> {
        let found = self.table.find(hash, |&id| self.key(id) == key).copied();
        if let Some(id) = found {
            self.last.set(id + 1);
        }
        found
    }

    /// The number of `key`, adding it if absent; `true` when it was added.
    pub fn insert(&mut self, key: &str) -> (u32, bool) {
        if let Some(id) = self.near(key) {
            return (id, false);
        }
        let hash = self.hasher.hash_one(key);
        if let Some(id) = self.find(key, hash) {
            return (id, false);
        }
        let id = u32::try_from(self.ends.len())
            .ok()
            .filter(|&id| id < u32::MAX)
            .expect("fewer than 4 billion keys");
        self.arena.push_str(key);
        self.ends.push(self.arena.len());
        let (arena, ends, hasher) = (&self.arena, &self.ends, &self.hasher);
        self.table.insert_unique(hash, id, |&other| {
            let other = other as usize;
            let start = if other == 0 { 0 } else { ends[other - 1] };
            hasher.hash_one(&arena[start..ends[other]])
        });
        self.last.set(id + 1);
        (id, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_are_numbered_in_order() {
        let mut index = KeyIndex::default();
        assert_eq!(index.insert("b"), (0, true));
        assert_eq!(index.insert("a"), (1, true));
        assert_eq!(index.insert("b"), (0, false));
        assert_eq!(index.get("a"), Some(1));
        assert_eq!(index.get("c"), None);
        assert_eq!(index.key(1), "a");
        assert_eq!(index.len(), 2);
    }

    proptest! {
        #[test]
        fn behaves_like_a_set(keys in proptest::collection::vec("[a-c]{0,3}", 0..200)) {
            let mut index = KeyIndex::default();
            let mut reference: Vec<String> = Vec::new();
            for k in &keys {
                let (id, added) = index.insert(k);
                prop_assert_eq!(added, !reference.contains(k));
                if added { reference.push(k.clone()); }
                prop_assert_eq!(index.key(id), k.as_str());
                prop_assert_eq!(index.get(k), Some(id));
            }
            for (id, k) in reference.iter().enumerate() {
                prop_assert_eq!(index.get(k), Some(id as u32));
            }
            prop_assert_eq!(index.get("absent"), None);
            prop_assert_eq!(index.len(), reference.len());
        }
    }
}
