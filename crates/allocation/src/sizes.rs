//! Which typologies fit a household's size (rules.md's default, the one the examination uses:
//! T1–T2 for one person, T2–T3 for two, T3–T4 for three, T4–T5 for four, T5 and more for five
//! persons or more).

use logis_domain::Typologie;

/// The typologies that fit each household size: index 0 for one person, the last for that
/// size and more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeFit {
    pub by_persons: Vec<Vec<Typologie>>,
}

impl Default for SizeFit {
    fn default() -> Self {
        use Typologie::*;
        SizeFit {
            by_persons: vec![vec![T1, T2], vec![T2, T3], vec![T3, T4], vec![T4, T5], vec![T5, T6]],
        }
    }
}

fn labels(typologies: &[Typologie]) -> String {
    typologies.iter().map(|t| t.code()).collect::<Vec<_>>().join(" ou ")
}

impl SizeFit {
    /// The household sizes a dwelling of `typologie` may fit: the smallest and the largest
    /// (`None`: no largest, the last size counting for every larger household); `None` when
    /// it fits no household.
    pub fn persons_for(&self, typologie: Typologie) -> Option<(usize, Option<usize>)> {
        let fitting: Vec<usize> = (1..=self.by_persons.len())
            .filter(|&p| self.by_persons[p - 1].contains(&typologie))
            .collect();
        let (&min, &max) = (fitting.first()?, fitting.last()?);
        Some((min, (max < self.by_persons.len()).then_some(max)))
    }

    /// Why a dwelling of `typologie` fits `persons`, or why not.
    pub fn verdict(&self, typologie: Typologie, persons: usize) -> Result<String, String> {
        let index = persons.clamp(1, self.by_persons.len()) - 1;
        let fitting = &self.by_persons[index];
        let household =
            if persons > 1 { format!("{persons} personnes") } else { "une personne".to_owned() };
        if fitting.contains(&typologie) {
            Ok(format!("un {} convient à {household}", typologie.code()))
        } else {
            Err(format!(
                "un {} ne convient pas à {household} ({} attendu)",
                typologie.code(),
                labels(fitting)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_sizes() {
        let sizes = SizeFit::default();
        assert!(sizes.verdict(Typologie::T2, 1).is_ok());
        assert_eq!(
            sizes.verdict(Typologie::T4, 1),
            Err("un T4 ne convient pas à une personne (T1 ou T2 attendu)".to_owned())
        );
        assert!(sizes.verdict(Typologie::T3, 3).is_ok());
        assert!(sizes.verdict(Typologie::T6, 8).is_ok(), "five persons and more");
        assert!(sizes.verdict(Typologie::T4, 7).is_err());
    }

    #[test]
    fn the_sizes_a_typology_fits() {
        let sizes = SizeFit::default();
        assert_eq!(sizes.persons_for(Typologie::T1), Some((1, Some(1))));
        assert_eq!(sizes.persons_for(Typologie::T3), Some((2, Some(3))));
        assert_eq!(sizes.persons_for(Typologie::T5), Some((4, None)), "five persons and more");
        let only_small = SizeFit { by_persons: vec![vec![Typologie::T1]] };
        assert_eq!(only_small.persons_for(Typologie::T2), None);
    }
}
