//! The pages, one module per page or small family of pages.

pub mod allocation;
pub mod applicant;
pub mod applications;
pub mod bilan;
pub mod delays_form;
pub mod duplicates;
pub mod file;
pub mod flux;
pub mod glossary;
pub mod grid_preview;
pub mod home;
pub mod import;
pub mod information;
pub mod journal;
pub mod labelling;
pub mod live_objectives;
pub mod login;
pub mod mail_check;
pub mod notices;
pub mod overdue;
pub mod registration;
pub mod settings;
pub mod statics;
pub mod targets_form;
pub mod users;
