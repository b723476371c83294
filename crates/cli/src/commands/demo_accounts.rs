//! The demonstration's accounts (`logis_access::demo`): one per role, with a published
//! password, so that anyone can try every partner's view of the demo territory. Created when
//! missing, only in a database `logis demo` created itself, marked as such; the social worker
//! follows a few households (with their consent, as in real use).

use anyhow::Result;
use logis_access::demo::ACCOUNTS;
use logis_access::{Login, Role, password};
use logis_domain::{Logement, Organisme, OrganismeType};
use logis_store::access::{self as register, accounts};
use logis_store::dossiers::followups::{self, FollowUp};
use logis_store::dossiers::search::{ApplicationFilter, Sort, search};
use logis_store::{Store, StoredAccount, export_all};

/// The guichet's commune: Moissac.
const GUICHET_COMMUNE: &str = "82112";
/// Households the demo social worker follows.
const FOLLOWED: u32 = 6;

/// The landlord with the most dwellings: the demo landlord's account is its staff's.
async fn main_landlord(store: &dyn Store) -> Result<Option<String>> {
    let mut dwellings: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    export_all::<Logement>(store, &mut |d| {
        *dwellings.entry(d.bailleur.as_str().to_owned()).or_default() += 1;
        Ok(())
    })
    .await?;
    Ok(dwellings.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(id, _)| id))
}

/// Creates the accounts that do not exist yet.
pub async fn ensure(store: &dyn Store, now: i64) -> Result<()> {
    let mut landlord = main_landlord(store).await?;
    let mut holder = None;
    export_all::<Organisme>(store, &mut |o| {
        match o.kind {
            OrganismeType::Bailleur if landlord.is_none() => {
                landlord = Some(o.organisme_id.as_str().to_owned())
            }
            OrganismeType::Etat if holder.is_none() => {
                holder = Some(o.organisme_id.as_str().to_owned())
            }
            _ => {}
        }
        Ok(())
    })
    .await?;
    for account in &ACCOUNTS {
        if accounts::find(store, account.login).await?.is_some() {
            continue;
        }
        let (organisme, commune) = match account.role {
            Role::Bailleur => (landlord.clone(), None),
            Role::Reservataire => (holder.clone(), None),
            Role::Guichet => (None, Some(GUICHET_COMMUNE.to_owned())),
            _ => (None, None),
        };
        let password_hash = password::hash(account.password)?;
        let login = Login::parse(account.login).map_err(anyhow::Error::msg)?;
        let stored = StoredAccount {
            organisme,
            commune,
            demonstration: true,
            ..StoredAccount::new(login, account.role, password_hash, now)
        };
        register::write(store, accounts::save(&stored)).await?;
        if account.role == Role::TravailleurSocial {
            follow_some(store, &stored.login, now).await?;
        }
    }
    Ok(())
}

/// Links the social worker to the best-scored active applications of the guichet's commune.
async fn follow_some(store: &dyn Store, login: &Login, now: i64) -> Result<()> {
    let filter = ApplicationFilter {
        commune: Some(GUICHET_COMMUNE.to_owned()),
        statut: Some("active".to_owned()),
        ..ApplicationFilter::default()
    };
    let found = search(store, &filter, Sort::Score, 0, FOLLOWED, 0).await?;
    let today = logis_domain::french::paris_date(time::OffsetDateTime::from_unix_timestamp(now)?);
    let links: Vec<_> = found
        .lines
        .iter()
        .filter_map(|line| logis_domain::NumeroUnique::parse(&line.numero_unique).ok())
        .map(|numero_unique| {
            followups::create(&FollowUp {
                numero_unique,
                login: login.clone(),
                consentement_le: today,
                cree_par: "admin".to_owned(),
                cree_le: now,
            })
        })
        .collect();
    store.execute(&links).await?;
    Ok(())
}
