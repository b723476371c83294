//! A vector grown in fixed chunks: millions of values gathered one by one without the doubling
//! of a `Vec` (which copies everything at each growth and holds the old and the new buffer at
//! once, hundreds of megabytes at national scale), made one exact `Vec` at the end.

/// Values per chunk.
const CHUNK: usize = 1 << 16;

/// Values by index, in chunks of 65 536.
#[derive(Debug)]
pub struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked { chunks: Vec::new(), len: 0 }
    }
}

impl<T> Chunked<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds `value` at the end; its index is the length before.
    pub fn push(&mut self, value: T) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < CHUNK => last.push(value),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(value);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        self.chunks.get(index / CHUNK)?.get(index % CHUNK)
    }

    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        self.chunks.get_mut(index / CHUNK)?.get_mut(index % CHUNK)
    }

    /// The values in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }

    /// The values in order, each chunk freed as soon as its last value is taken.
    pub fn into_values(self) -> impl Iterator<Item = T> {
        self.chunks.into_iter().flatten()
    }

    /// The values in order, in one vector of exactly their number (each chunk is freed as soon
    /// as it is moved).
    pub fn into_vec(self) -> Vec<T> {
        let mut all = Vec::with_capacity(self.len);
        for chunk in self.chunks {
            all.extend(chunk);
        }
        all
    }
}

impl<T: Default> Chunked<T> {
    /// The value at `index`, the vector first grown to it with default values.
    pub fn slot(&mut self, index: usize) -> &mut T {
        while self.len <= index {
            self.push(T::default());
        }
        self.get_mut(index).expect("grown to the index")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_index_across_chunks_and_come_out_in_order() {
        let mut chunked = Chunked::default();
        let n = 2 * CHUNK + 7;
        for i in 0..n {
            chunked.push(i);
        }
        assert_eq!(chunked.len(), n);
        *chunked.get_mut(CHUNK).expect("in the second chunk") += 1_000_000;
        assert!(chunked.get_mut(n).is_none());
        let all = chunked.into_vec();
        assert_eq!(all.len(), n);
        assert_eq!(all.capacity(), n);
        let expected: Vec<usize> =
            (0..n).map(|i| if i == CHUNK { i + 1_000_000 } else { i }).collect();
        assert_eq!(all, expected);
    }

    #[test]
    fn a_slot_grows_the_vector_with_default_values() {
        let mut chunked: Chunked<u32> = Chunked::default();
        *chunked.slot(CHUNK + 2) = 7;
        assert_eq!(chunked.len(), CHUNK + 3);
        assert_eq!(chunked.get(CHUNK + 2), Some(&7));
        assert_eq!(chunked.get(3), Some(&0));
        *chunked.slot(1) = 5;
        assert_eq!(chunked.len(), CHUNK + 3, "a slot inside does not grow it");
        assert_eq!(chunked.iter().copied().sum::<u32>(), 12);
        let values: Vec<u32> = chunked.into_values().collect();
        assert_eq!((values.len(), values[1], values[CHUNK + 2]), (CHUNK + 3, 5, 7));
    }
}
