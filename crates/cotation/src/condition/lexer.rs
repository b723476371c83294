//! Splits a condition into tokens, each with its byte offset for error messages.

/// One token of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A name, a code or a number: letters, digits, `_` and `.`.
    Word(String),
    Op(Op),
    Open,
    Close,
    Comma,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned {
    pub token: Token,
    pub offset: usize,
}

/// What went wrong, and where (byte offset in the condition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    pub offset: usize,
    pub message: String,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

pub fn tokenize(text: &str) -> Result<Vec<Spanned>, LexError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let token = match c {
            c if c.is_whitespace() => continue,
            '(' => Token::Open,
            ')' => Token::Close,
            ',' => Token::Comma,
            '=' => {
                chars.next_if(|&(_, n)| n == '=');
                Token::Op(Op::Eq)
            }
            '≠' => Token::Op(Op::Ne),
            '≤' => Token::Op(Op::Le),
            '≥' => Token::Op(Op::Ge),
            '!' if chars.next_if(|&(_, n)| n == '=').is_some() => Token::Op(Op::Ne),
            '<' if chars.next_if(|&(_, n)| n == '=').is_some() => Token::Op(Op::Le),
            '<' if chars.next_if(|&(_, n)| n == '>').is_some() => Token::Op(Op::Ne),
            '<' => Token::Op(Op::Lt),
            '>' if chars.next_if(|&(_, n)| n == '=').is_some() => Token::Op(Op::Ge),
            '>' => Token::Op(Op::Gt),
            c if is_word_char(c) => {
                let mut word = String::from(c);
                while let Some((_, n)) = chars.next_if(|&(_, n)| is_word_char(n)) {
                    word.push(n);
                }
                Token::Word(word)
            }
            other => {
                return Err(LexError {
                    offset,
                    message: format!(
                        "caractère `{other}` inattendu (opérateurs : = != < <= > >=, mots : et, ou, non, dans)"
                    ),
                });
            }
        };
        tokens.push(Spanned { token, offset });
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_operators_and_offsets() {
        let tokens = tokenize("taille_menage >= 4 et non(dalo)").expect("valid");
        let kinds: Vec<_> = tokens.iter().map(|t| t.token.clone()).collect();
        assert_eq!(
            kinds,
            [
                Token::Word("taille_menage".into()),
                Token::Op(Op::Ge),
                Token::Word("4".into()),
                Token::Word("et".into()),
                Token::Word("non".into()),
                Token::Open,
                Token::Word("dalo".into()),
                Token::Close,
            ]
        );
        assert_eq!(tokens[2].offset, 17);
    }

    #[test]
    fn french_symbols_are_operators() {
        let ops: Vec<_> = tokenize("a ≤ 1 ≥ ≠ <> ==")
            .expect("valid")
            .into_iter()
            .filter_map(|t| if let Token::Op(op) = t.token { Some(op) } else { None })
            .collect();
        assert_eq!(ops, [Op::Le, Op::Ge, Op::Ne, Op::Ne, Op::Eq]);
    }

    #[test]
    fn stray_character_is_located() {
        let err = tokenize("dalo & mutation").expect_err("invalid");
        assert_eq!(err.offset, 5);
        assert!(err.message.contains("`&`"));
    }
}
