//! How applicants reach a landlord's allocation service (address, telephone, e-mail): written
//! by the landlord once, printed on every letter of its commissions. Kept as a setting per
//! landlord (`contact_bailleur:<organisme>`).

use crate::workflow::{Author, StepError};
use logis_store::settings::{self, StoredSetting};
use logis_store::{Store, StoreError};

/// The longest contact kept, in characters (a few lines of a letter).
pub const MOST_CHARACTERS: usize = 400;

fn key(landlord: &str) -> String {
    format!("contact_bailleur:{landlord}")
}

/// The contact `landlord` wrote, if any.
pub async fn of(store: &dyn Store, landlord: &str) -> Result<Option<String>, StoreError> {
    Ok(settings::get(store, &key(landlord)).await?.map(|s| s.text).filter(|t| !t.is_empty()))
}

/// Records `text` as the contact of `landlord` (an empty text removes it), refused in French
/// when too long or holding control characters.
pub async fn set(
    store: &dyn Store,
    landlord: &str,
    text: &str,
    author: &Author,
) -> Result<(), StepError> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > MOST_CHARACTERS {
        return Err(StepError::refused(format!(
            "les coordonnées tiennent en {MOST_CHARACTERS} caractères au plus (adresse, téléphone, courriel)"
        )));
    }
    if text.chars().any(char::is_control) {
        return Err(StepError::refused("les coordonnées contiennent un caractère invisible"));
    }
    let setting = StoredSetting {
        key: key(landlord),
        text,
        changed_at: author.moment,
        changed_by: author.login.clone(),
    };
    store.execute(&[settings::save(&setting)]).await?;
    Ok(())
}
