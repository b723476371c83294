//! Reservation rights as a yearly flow (gestion en flux, ../shared/spec/flux.md) in the
//! partners' work: a landlord's conventions of a year amended as a whole, checked as the import
//! checks conventions.csv ([`conventions`]); the holder proposed for a freed dwelling by the
//! deficit rule, with the figures behind it ([`orientation`]); the 28-February bilan's forecast
//! edited and the bilan marked as sent ([`sending`]). The writes take the acting
//! [`crate::workflow::Author`] and refuse with a [`crate::workflow::StepError`].

pub mod conventions;
pub mod orientation;
pub mod sending;
