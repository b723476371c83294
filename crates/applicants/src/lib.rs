//! The applicants' space (issue 19): an applicant signs in with the numéro unique of the
//! application, the titulaire's date of birth and a one-time code. [`sign_in::request_code`]
//! checks the first two (one refusal for both, so that nobody learns which numéros exist) and
//! keeps a new code; the caller sends it by e-mail (`logis-mail`) or prints it in a letter.
//! [`sign_in::verify`] accepts it once, before it expires; failed attempts are counted and too
//! many lock the space for a while, with a clear message. [`session`] then opens the
//! applicant's own session, on their application alone.
//!
//! The applicant deposits there the evidence expected ([`documents`]): PDF, JPEG or PNG read
//! from their bytes, limited in size and number, kept in the database; partners validate them
//! (the piece becomes verified) or refuse them with a reason. They renew their application
//! there from a month before its deadline ([`renewal`]).
//! A month before the deadline, [`notices`] tells them by e-mail or by a letter to post.
//!
//! What the territory's information service tells applicants and the public (reception desks,
//! how allocation works here, the objectives) is edited by the EPCI in [`information`].

pub mod documents;
pub mod information;
pub mod notices;
pub mod renewal;
pub mod session;
pub mod sign_in;
