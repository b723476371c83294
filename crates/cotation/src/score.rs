//! Scoring one application with a grid: the lines of its breakdown (criterion, points,
//! declared or verified), exclusive groups applied, and the total.

use crate::facts::Facts;
use crate::grid::{Criterion, Grid, Justification};
use std::sync::Arc;

/// How a line of the breakdown stands with regard to evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Counted; every fact it reads was checked on a document.
    Verifie,
    /// Counted on the applicant's word: the score is provisional.
    Declare,
    /// Not counted: the grid asks for evidence that was not seen yet.
    EnAttente,
}

impl Status {
    fn letter(self) -> char {
        match self {
            Status::Verifie => 'v',
            Status::Declare => 'd',
            Status::EnAttente => 'a',
        }
    }

    fn from_letter(letter: &str) -> Option<Self> {
        match letter {
            "v" => Some(Status::Verifie),
            "d" => Some(Status::Declare),
            "a" => Some(Status::EnAttente),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Verifie => "vérifié",
            Status::Declare => "déclaré",
            Status::EnAttente => "en attente de justificatif",
        }
    }
}

/// One line of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub code: Arc<str>,
    pub points: i32,
    pub status: Status,
}

/// A score and its breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub total: i32,
    /// Some counted points rest on the applicant's word only.
    pub provisoire: bool,
    /// Scored with the grid's transfer part.
    pub mutation: bool,
    /// Counted lines, then lines waiting for evidence, in grid order.
    pub lines: Vec<Line>,
}

/// A line before exclusive groups are applied.
struct Candidate<'g> {
    criterion: &'g Criterion,
    points: i32,
    status: Status,
}

/// Points a criterion gives an application whose facts meet its condition.
fn points(criterion: &Criterion, facts: &Facts) -> i32 {
    let Some(unit) = criterion.par else { return criterion.points };
    let units = unit.number(facts).unwrap_or(0.0).max(0.0).floor();
    let raw = f64::from(criterion.points) * units;
    let capped = match criterion.plafond {
        Some(cap) => raw.abs().min(f64::from(cap)) * raw.signum(),
        None => raw,
    };
    capped.clamp(f64::from(i32::MIN / 4), f64::from(i32::MAX / 4)) as i32
}

/// Scores one application.
pub fn score(grid: &Grid, facts: &Facts) -> Score {
    let (part, mutation) = grid.part_for(facts.applicant);
    let mut candidates: Vec<Candidate> = Vec::new();
    for criterion in part {
        if criterion.condition.as_ref().is_some_and(|c| !c.eval(facts)) {
            continue;
        }
        let points = points(criterion, facts);
        if points == 0 {
            continue;
        }
        let verified = facts.applicant.pieces & criterion.pieces == criterion.pieces;
        let status = match (verified, criterion.justification) {
            (true, _) => Status::Verifie,
            (false, Justification::Declaree) => Status::Declare,
            (false, Justification::Verifiee) => Status::EnAttente,
        };
        candidates.push(Candidate { criterion, points, status });
    }
    keep_best_of_groups(&mut candidates);
    let counted = |c: &&Candidate| c.status != Status::EnAttente;
    let total = candidates.iter().filter(counted).map(|c| c.points).sum();
    let provisoire = candidates.iter().any(|c| c.status == Status::Declare);
    let line =
        |c: &Candidate| Line { code: c.criterion.code.clone(), points: c.points, status: c.status };
    let mut lines: Vec<Line> = candidates.iter().filter(counted).map(line).collect();
    lines.extend(candidates.iter().filter(|c| c.status == Status::EnAttente).map(line));
    Score { total, provisoire, mutation, lines }
}

/// In each exclusive group only the highest counted line stays (the first on a tie); a line
/// waiting for evidence stays only if it would beat it, and only the highest such line.
fn keep_best_of_groups(candidates: &mut Vec<Candidate>) {
    let best = |pending: bool, group: &str, candidates: &[Candidate]| -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, c) in candidates.iter().enumerate() {
            let same = c.criterion.groupe.as_deref() == Some(group)
                && (c.status == Status::EnAttente) == pending;
            if same && best.is_none_or(|b| c.points > candidates[b].points) {
                best = Some(i);
            }
        }
        best
    };
    let mut groups: Vec<&str> =
        candidates.iter().filter_map(|c| c.criterion.groupe.as_deref()).collect();
    if groups.is_empty() {
        return;
    }
    groups.sort_unstable();
    groups.dedup();
    let mut keep = vec![true; candidates.len()];
    for group in groups {
        let counted = best(false, group, candidates);
        let pending = best(true, group, candidates)
            .filter(|&p| counted.is_none_or(|c| candidates[p].points > candidates[c].points));
        for (i, c) in candidates.iter().enumerate() {
            if c.criterion.groupe.as_deref() == Some(group)
                && Some(i) != counted
                && Some(i) != pending
            {
                keep[i] = false;
            }
        }
    }
    let mut index = 0;
    candidates.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}

impl Score {
    /// The breakdown as stored: `code=points:v;code=points:d`.
    /// Written into one string sized from the start (the national cotation encodes millions
    /// of breakdowns), not a string per line joined afterwards.
    pub fn encode(&self) -> String {
        use std::fmt::Write as _;
        let room: usize = self.lines.iter().map(|l| l.code.len() + 8).sum();
        let mut encoded = String::with_capacity(room);
        for (at, l) in self.lines.iter().enumerate() {
            if at > 0 {
                encoded.push(';');
            }
            // Writing into a String cannot fail.
            let _ = write!(encoded, "{}={}:{}", l.code, l.points, l.status.letter());
        }
        encoded
    }

    /// Lines read back from [`encode`](Self::encode)'s form; `None` if it is not that form.
    pub fn decode(detail: &str) -> Option<Vec<Line>> {
        if detail.is_empty() {
            return Some(Vec::new());
        }
        detail
            .split(';')
            .map(|part| {
                let (code, rest) = part.split_once('=')?;
                let (points, status) = rest.split_once(':')?;
                Some(Line {
                    code: code.into(),
                    points: points.parse().ok()?,
                    status: Status::from_letter(status)?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(code: &str, points: i32, status: Status) -> Line {
        Line { code: code.into(), points, status }
    }

    #[test]
    fn a_breakdown_is_stored_as_code_points_and_letter_separated_by_semicolons() {
        let lines = vec![
            line("anciennete", 12, Status::Verifie),
            line("hebergement", -3, Status::Declare),
            line("handicap", 40, Status::EnAttente),
        ];
        let score = Score { total: 49, provisoire: true, mutation: false, lines };
        let stored = score.encode();
        assert_eq!(stored, "anciennete=12:v;hebergement=-3:d;handicap=40:a");
        assert_eq!(Score::decode(&stored), Some(score.lines));
        let empty = Score { total: 0, provisoire: false, mutation: false, lines: Vec::new() };
        assert_eq!(empty.encode(), "");
        assert_eq!(Score::decode(""), Some(Vec::new()));
    }
}
