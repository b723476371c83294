//! The territory's settings the evaluation reads: its code and name, and the targets of its
//! objectives (defaults: the legal minimums of bilan.md).

/// Targets of the objectives, as shares.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    pub q1_hors_qpv: f64,
    pub q234_en_qpv: f64,
    pub prioritaires: f64,
    pub prioritaires_reservataire: f64,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            q1_hors_qpv: 0.25,
            q234_en_qpv: 0.50,
            prioritaires: 0.25,
            prioritaires_reservataire: 0.25,
        }
    }
}

/// The territory and its targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub code: String,
    pub nom: String,
    pub targets: Targets,
}

impl Default for Settings {
    /// The demo territory, the CC Terres des Confluences.
    fn default() -> Self {
        Settings {
            code: "200066322".into(),
            nom: "Communauté de communes Terres des Confluences".into(),
            targets: Targets::default(),
        }
    }
}
