//! Conditions of a grid's criteria: a small French language (`situation = hotel et
//! taille_menage >= 3`, `non mutation`, `motif dans (expulsion, violences_familiales)`),
//! parsed once into a tree and evaluated on an application's [`Facts`].

mod lexer;
mod parser;

pub use lexer::Op;
pub use parser::{ConditionError, parse};

use crate::facts::{Commune, Facts};
use crate::variables::Variable;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Every part holds (`et`).
    All(Vec<Condition>),
    /// At least one part holds (`ou`).
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// A flag variable is true.
    Flag(Variable),
    /// A number variable compared with a number; false when the value is unknown.
    Compare(Variable, Op, f64),
    /// A code variable's value is one of a set (bit i = i-th code of its list).
    CodeIn(Variable, u64),
    /// A list variable holds at least one code of a set.
    ListAny(Variable, u64),
    /// At least one desired commune is in the set.
    CommuneAny(Vec<Commune>),
    /// A list variable holds at least one value (`critere_prioritaire non vide`).
    NonEmpty(Variable),
}

impl Condition {
    pub fn eval(&self, facts: &Facts) -> bool {
        match self {
            Condition::All(parts) => parts.iter().all(|p| p.eval(facts)),
            Condition::Any(parts) => parts.iter().any(|p| p.eval(facts)),
            Condition::Not(inner) => !inner.eval(facts),
            Condition::Flag(variable) => variable.flag(facts),
            Condition::Compare(variable, op, threshold) => {
                variable.number(facts).is_some_and(|value| compare(value, *op, *threshold))
            }
            Condition::CodeIn(variable, set) => code_bits(*variable, facts) & set != 0,
            Condition::ListAny(variable, set) => list_bits(*variable, facts) & set != 0,
            Condition::CommuneAny(set) => facts.applicant.communes.iter().any(|c| set.contains(c)),
            Condition::NonEmpty(Variable::CommuneSouhaitee) => !facts.applicant.communes.is_empty(),
            Condition::NonEmpty(variable) => list_bits(*variable, facts) != 0,
        }
    }

    /// Every variable the condition reads.
    pub fn variables(&self, out: &mut Vec<Variable>) {
        match self {
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().for_each(|p| p.variables(out));
            }
            Condition::Not(inner) => inner.variables(out),
            Condition::Flag(v)
            | Condition::Compare(v, _, _)
            | Condition::CodeIn(v, _)
            | Condition::ListAny(v, _)
            | Condition::NonEmpty(v) => out.push(*v),
            Condition::CommuneAny(_) => out.push(Variable::CommuneSouhaitee),
        }
    }
}

fn compare(value: f64, op: Op, threshold: f64) -> bool {
    match op {
        Op::Eq => value == threshold,
        Op::Ne => value != threshold,
        Op::Lt => value < threshold,
        Op::Le => value <= threshold,
        Op::Gt => value > threshold,
        Op::Ge => value >= threshold,
    }
}

/// The bit of a code variable's value.
fn code_bits(variable: Variable, facts: &Facts) -> u64 {
    match variable {
        Variable::Situation => 1 << facts.situation as u8,
        Variable::Composition => 1 << facts.composition as u8,
        Variable::MotifPrincipal => facts.applicant.motif_principal.map_or(0, |m| 1 << m as u8),
        _ => 0,
    }
}

/// The bits of a list variable's values.
fn list_bits(variable: Variable, facts: &Facts) -> u64 {
    match variable {
        Variable::Motif => u64::from(facts.applicant.motifs),
        Variable::CriterePrioritaire => u64::from(facts.applicant.criteres),
        Variable::TypologieSouhaitee => u64::from(facts.applicant.typologies),
        _ => 0,
    }
}
