//! Recursive-descent parser of conditions: `ou` binds looser than `et`, `non` binds tightest,
//! parentheses group. Every error names what is wrong, in French, at a byte offset.

use super::Condition;
use super::lexer::{Op, Spanned, Token, tokenize};
use crate::facts::commune;
use crate::suggest::did_you_mean;
use crate::variables::{CodeKind, Kind, Variable};
use logis_domain::codes::enumerate;
use logis_domain::{
    CodeInsee, CodeList, Composition, CriterePrioritaire, Motif, SituationLogement, Typologie,
};

/// Why a condition was refused, and at which byte of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    pub offset: usize,
    pub message: String,
}

/// Parses a condition.
pub fn parse(text: &str) -> Result<Condition, ConditionError> {
    let tokens =
        tokenize(text).map_err(|e| ConditionError { offset: e.offset, message: e.message })?;
    if tokens.is_empty() {
        return Err(ConditionError { offset: 0, message: "la condition est vide".into() });
    }
    let mut parser = Parser { tokens, at: 0, end: text.len() };
    let condition = parser.any()?;
    match parser.peek() {
        None => Ok(condition),
        Some(Token::Close) => Err(parser.error("parenthèse fermante `)` sans parenthèse ouvrante")),
        Some(other) => {
            let shown = show(other);
            Err(parser
                .error(format!("`{shown}` inattendu : reliez les conditions par `et` ou `ou`")))
        }
    }
}

struct Parser {
    tokens: Vec<Spanned>,
    at: usize,
    end: usize,
}

fn show(token: &Token) -> String {
    match token {
        Token::Word(w) => w.clone(),
        Token::Op(op) => op.symbol().into(),
        Token::Open => "(".into(),
        Token::Close => ")".into(),
        Token::Comma => ",".into(),
    }
}

const KEYWORDS: [&str; 5] = ["et", "ou", "non", "dans", "vide"];

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|t| &t.token)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.at).map_or(self.end, |t| t.offset)
    }

    fn error(&self, message: impl Into<String>) -> ConditionError {
        ConditionError { offset: self.offset(), message: message.into() }
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).map(|t| t.token.clone());
        self.at += 1;
        token
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Token::Word(w)) if w == word) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn any(&mut self) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.all()?];
        while self.keyword("ou") {
            parts.push(self.all()?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Condition::Any(parts) })
    }

    fn all(&mut self) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.unary()?];
        while self.keyword("et") {
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Condition::All(parts) })
    }

    fn unary(&mut self) -> Result<Condition, ConditionError> {
        if self.keyword("non") {
            return Ok(Condition::Not(Box::new(self.unary()?)));
        }
        match self.peek() {
            Some(Token::Open) => {
                self.at += 1;
                let inner = self.any()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(self.error("parenthèse fermante `)` manquante"));
                }
                self.at += 1;
                Ok(inner)
            }
            Some(Token::Word(_)) => self.test(),
            Some(other) => {
                let shown = show(other);
                Err(self.error(format!("`{shown}` inattendu : une donnée était attendue, par exemple `dalo` ou `taille_menage >= 4`")))
            }
            None => Err(self.error("la condition s'arrête trop tôt : une donnée était attendue")),
        }
    }

    fn test(&mut self) -> Result<Condition, ConditionError> {
        let start = self.offset();
        let Some(Token::Word(name)) = self.next() else { unreachable!("checked by the caller") };
        let variable = Variable::named(&name).ok_or_else(|| ConditionError {
            offset: start,
            message: if KEYWORDS.contains(&name.as_str()) {
                format!("`{name}` doit suivre une condition")
            } else {
                format!(
                    "`{name}` n'est pas une donnée connue{}",
                    did_you_mean(&name, Variable::ALL.iter().map(|v| v.name()))
                )
            },
        })?;
        if let Some(empty) = self.emptiness() {
            return self.emptiness_of(variable, empty, start);
        }
        let op = match self.peek() {
            Some(Token::Op(op)) => Some(*op),
            Some(Token::Word(w)) if w == "dans" => None,
            _ => return self.alone(variable, start),
        };
        let op_offset = self.offset();
        self.at += 1;
        match (variable.kind(), op) {
            (Kind::Flag, _) => Err(ConditionError {
                offset: op_offset,
                message: format!(
                    "`{name}` est vrai ou faux : écrivez `{name}` ou `non {name}`, sans comparaison"
                ),
            }),
            (Kind::Number, None) => Err(ConditionError {
                offset: op_offset,
                message: format!("`{name}` est un nombre : comparez-le avec =, !=, <, <=, > ou >="),
            }),
            (Kind::Number, Some(op)) => {
                let value = self.number(op)?;
                Ok(Condition::Compare(variable, op, value))
            }
            (Kind::Code(kind) | Kind::List(kind), op) => {
                let negate = match op {
                    None | Some(Op::Eq) => false,
                    Some(Op::Ne) => true,
                    Some(other) => {
                        return Err(ConditionError {
                            offset: op_offset,
                            message: format!(
                                "`{name}` est un code : utilisez =, != ou dans (…), pas `{}`",
                                other.symbol()
                            ),
                        });
                    }
                };
                let values = if op.is_none() { self.list()? } else { vec![self.value()?] };
                let condition = build_set(variable, kind, &values)?;
                Ok(if negate { Condition::Not(Box::new(condition)) } else { condition })
            }
        }
    }

    /// `vide` (true) or `non vide` (false) after a variable, consumed.
    fn emptiness(&mut self) -> Option<bool> {
        let word = |at: usize| match self.tokens.get(at).map(|t| &t.token) {
            Some(Token::Word(w)) => Some(w.as_str()),
            _ => None,
        };
        match (word(self.at), word(self.at + 1)) {
            (Some("vide"), _) => {
                self.at += 1;
                Some(true)
            }
            (Some("non"), Some("vide")) => {
                self.at += 2;
                Some(false)
            }
            _ => None,
        }
    }

    /// `variable vide` or `variable non vide`: only lists may be.
    fn emptiness_of(
        &self,
        variable: Variable,
        empty: bool,
        start: usize,
    ) -> Result<Condition, ConditionError> {
        if !matches!(variable.kind(), Kind::List(_)) {
            let lists: Vec<&str> = Variable::ALL
                .iter()
                .filter(|v| matches!(v.kind(), Kind::List(_)))
                .map(|v| v.name())
                .collect();
            return Err(ConditionError {
                offset: start,
                message: format!(
                    "`{}` n'est pas une liste : `vide` et `non vide` ne s'écrivent qu'après une liste ({})",
                    variable.name(),
                    lists.join(", ")
                ),
            });
        }
        let holds = Condition::NonEmpty(variable);
        Ok(if empty { Condition::Not(Box::new(holds)) } else { holds })
    }

    /// A variable written without comparison: only flags may be.
    fn alone(&self, variable: Variable, start: usize) -> Result<Condition, ConditionError> {
        let name = variable.name();
        let example = match variable.kind() {
            Kind::Flag => return Ok(Condition::Flag(variable)),
            Kind::Number => format!("`{name} >= 1`"),
            Kind::Code(_) => format!("`{name} = …` ou `{name} dans (…, …)`"),
            Kind::List(_) => {
                format!("`{name} = …`, `{name} dans (…, …)` ou `{name} non vide`")
            }
        };
        Err(ConditionError {
            offset: start,
            message: format!("`{name}` doit être comparé à une valeur, par exemple {example}"),
        })
    }

    fn value(&mut self) -> Result<(String, usize), ConditionError> {
        let offset = self.offset();
        match self.next() {
            Some(Token::Word(w)) if !KEYWORDS.contains(&w.as_str()) => Ok((w, offset)),
            _ => Err(ConditionError { offset, message: "une valeur était attendue ici".into() }),
        }
    }

    fn number(&mut self, op: Op) -> Result<f64, ConditionError> {
        let offset = self.offset();
        match self.next() {
            Some(Token::Word(w)) => {
                w.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| ConditionError {
                    offset,
                    message: format!(
                        "`{w}` n'est pas un nombre (les décimales s'écrivent avec un point : 33.5)"
                    ),
                })
            }
            _ => Err(ConditionError {
                offset,
                message: format!("il manque un nombre après `{}`", op.symbol()),
            }),
        }
    }

    /// `( a, b, c )` after `dans`.
    fn list(&mut self) -> Result<Vec<(String, usize)>, ConditionError> {
        if self.next() != Some(Token::Open) {
            self.at -= 1;
            return Err(
                self.error("après `dans`, écrivez la liste entre parenthèses : `dans (a, b)`")
            );
        }
        let mut values = vec![self.value()?];
        loop {
            match self.next() {
                Some(Token::Comma) => values.push(self.value()?),
                Some(Token::Close) => return Ok(values),
                _ => {
                    self.at -= 1;
                    return Err(self.error(
                        "la liste doit se fermer par `)` ; séparez les valeurs par des virgules",
                    ));
                }
            }
        }
    }
}

/// The set condition of code values, each checked against the variable's list.
fn build_set(
    variable: Variable,
    kind: CodeKind,
    values: &[(String, usize)],
) -> Result<Condition, ConditionError> {
    if kind == CodeKind::Commune {
        let communes = values
            .iter()
            .map(|(raw, offset)| {
                CodeInsee::parse(raw).map(|c| commune(&c)).map_err(|_| ConditionError {
                    offset: *offset,
                    message: format!(
                        "`{raw}` n'est pas un code commune INSEE (5 caractères, par exemple 82033)"
                    ),
                })
            })
            .collect::<Result<_, _>>()?;
        return Ok(Condition::CommuneAny(communes));
    }
    let mut set = 0u64;
    for (raw, offset) in values {
        set |= code_bits(kind, raw).ok_or_else(|| ConditionError {
            offset: *offset,
            message: format!(
                "`{raw}` n'est pas un code de `{}`{} ; codes possibles : {}",
                variable.name(),
                did_you_mean(raw, codes(kind).iter().map(String::as_str)),
                enumerate(codes(kind).iter().map(String::as_str))
            ),
        })?;
    }
    Ok(match variable.kind() {
        Kind::List(_) => Condition::ListAny(variable, set),
        _ => Condition::CodeIn(variable, set),
    })
}

/// The bit of a code in its list (or the bits of the `sans_logement_propre` group).
fn code_bits(kind: CodeKind, raw: &str) -> Option<u64> {
    match kind {
        CodeKind::Situation if raw == "sans_logement_propre" => Some(
            SituationLogement::ALL
                .iter()
                .filter(|s| s.sans_logement_propre())
                .fold(0, |bits, s| bits | 1 << *s as u8),
        ),
        CodeKind::Situation => SituationLogement::from_code(raw).map(|v| 1 << v as u8),
        CodeKind::Composition => Composition::from_code(raw).map(|v| 1 << v as u8),
        CodeKind::Motif => Motif::from_code(raw).map(|v| 1 << v as u8),
        CodeKind::CriterePrioritaire => CriterePrioritaire::from_code(raw).map(|v| 1 << v as u8),
        CodeKind::Typologie => {
            Typologie::from_code(&raw.to_ascii_uppercase()).map(|v| 1 << v as u8)
        }
        CodeKind::Commune => None,
    }
}

/// The codes a code kind accepts, for messages.
fn codes(kind: CodeKind) -> Vec<String> {
    fn all<T: CodeList>() -> Vec<String> {
        T::all().iter().map(|v| v.code().to_owned()).collect()
    }
    match kind {
        CodeKind::Situation => {
            let mut codes = all::<SituationLogement>();
            codes.push("sans_logement_propre".into());
            codes
        }
        CodeKind::Composition => all::<Composition>(),
        CodeKind::Motif => all::<Motif>(),
        CodeKind::CriterePrioritaire => all::<CriterePrioritaire>(),
        CodeKind::Typologie => all::<Typologie>(),
        CodeKind::Commune => Vec::new(),
    }
}
