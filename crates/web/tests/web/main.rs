//! Integration tests of the web application, on SQLite and on PostgreSQL: every route tried by
//! every role, sessions, CSRF, the audit log, the pages' content.

mod access;
mod allocation;
mod api;
mod applicant;
mod audit_walk;
mod bilan;
mod ceilings;
mod duplicates;
mod during_import;
mod flux;
mod grid_preview;
mod home;
mod import;
mod information;
mod lists;
mod notices;
mod overdue;
mod pages;
mod priority;
mod registration;
mod renewal;
mod rights;
mod sessions;
mod settings;
mod signin;
mod spreadsheets;
mod support;
mod unscored;
mod users;
mod writes;
