//! A stored text's bytes taken as UTF-8, checked: all ASCII (codes, dates, numbers, most
//! names), the most common case by far, taken as it is, which is faster than the general
//! check; anything else through it. Both backends' exports read hundreds of millions of cells
//! this way.
#![allow(unsafe_code)] // one conversion, after the check that makes it sound

/// The text of column `index`'s cell, or why its bytes are not UTF-8.
pub fn text_of(bytes: &[u8], index: usize) -> Result<&str, String> {
    if bytes.is_ascii() {
        // SAFETY: ASCII is UTF-8.
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    std::str::from_utf8(bytes).map_err(|e| format!("texte illisible en colonne {index} : {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_other_utf8_are_texts_and_other_bytes_are_refused() {
        assert_eq!(text_of(b"82112", 0), Ok("82112"));
        assert_eq!(text_of("Hélène".as_bytes(), 0), Ok("Hélène"));
        assert_eq!(text_of(b"", 0), Ok(""));
        let refused = text_of(b"caf\xe9", 3).expect_err("Latin-1 is not UTF-8");
        assert!(refused.starts_with("texte illisible en colonne 3"), "{refused}");
    }
}
