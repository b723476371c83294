//! What the applicants' space sends by e-mail, through the territory's SMTP server: the
//! one-time code. A message that cannot leave is said to the applicant in French; the server's
//! log names the server, never the recipient.

use crate::state::AppState;
use logis_applicants::sign_in::{CODE_LIFETIME, IssuedCode};

/// What an applicant is told when no SMTP server is configured.
pub const NO_SERVER: &str = "L'envoi de codes par courriel n'est pas encore en service sur ce territoire. Un guichet d'enregistrement peut vous remettre (ou vous envoyer par la poste) un courrier avec votre code de connexion.";

/// Sends `issued`'s code to `email`; the applicant's words when it cannot leave.
pub async fn send_code(state: &AppState, email: &str, issued: &IssuedCode) -> Result<(), String> {
    let Some(mailer) = &state.mailer else { return Err(NO_SERVER.to_owned()) };
    let subject = format!("Votre code de connexion : {}", issued.code);
    let body = format!(
        "Bonjour,\n\n\
         Voici votre code pour vous connecter à votre espace demandeur de logement social \
         ({territoire}) :\n\n    {code}\n\n\
         Il est valable {minutes} minutes et ne sert qu'une fois. Saisissez-le sur la page où \
         vous avez demandé ce code.\n\n\
         Si vous n'avez pas demandé ce code, ignorez ce message : personne ne peut se connecter \
         sans lui.\n\n\
         Votre demande n° {numero}\n\
         Service logement — {territoire}\n",
        territoire = state.territoire,
        code = issued.code,
        minutes = CODE_LIFETIME / 60,
        numero = issued.numero.as_str(),
    );
    let letter = logis_mail::Letter { to: email, subject: &subject, body: &body };
    mailer.send(&letter).await.map_err(|e| {
        tracing::warn!("code de connexion non envoyé : {e}");
        "Le courriel n'a pas pu partir. Réessayez dans quelques minutes ; si cela persiste, adressez-vous à un guichet d'enregistrement.".to_owned()
    })
}
