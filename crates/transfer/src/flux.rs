//! The register as the flux computations read it ([`logis_flux::Register`]): the allocations,
//! each dwelling's landlord, holder, financing and construction period, the applications of
//! social tenants with their landlord, and the conventions — read from the store one table at a
//! time, keeping only what the computations use.

use logis_domain::{
    Attribution, ConstructionPeriod, Convention, Demande, Logement, Organisme, OrganismeId,
    OrganismeType, SituationLogement,
};
use logis_flux::{Dwelling, Register};
use logis_store::{Store, StoreError, export_all};

/// What the flux computations need of `store`.
pub async fn register(store: &dyn Store) -> Result<Register, StoreError> {
    let mut register = Register::default();
    export_all::<Attribution>(store, &mut |a| {
        register.attributions.push(a);
        Ok(())
    })
    .await?;
    export_all::<Logement>(store, &mut |l| {
        let dwelling = Dwelling {
            bailleur: l.bailleur,
            reservataire: l.reservataire,
            financement: l.financement,
            construction: ConstructionPeriod::of(l.annee_construction),
        };
        register.dwellings.insert(l.logement_id, dwelling);
        Ok(())
    })
    .await?;
    export_all::<Demande>(store, &mut |d| {
        if d.situation_logement == SituationLogement::LocataireHlm {
            register.social_tenants.insert(d.numero_unique, d.bailleur_actuel);
        }
        Ok(())
    })
    .await?;
    export_all::<Convention>(store, &mut |c| {
        register.conventions.push(c);
        Ok(())
    })
    .await?;
    Ok(register)
}

/// The organismes of type `bailleur`, in identifier order.
pub async fn landlords(store: &dyn Store) -> Result<Vec<OrganismeId>, StoreError> {
    let mut found = Vec::new();
    export_all::<Organisme>(store, &mut |o| {
        if o.kind == OrganismeType::Bailleur {
            found.push(o.organisme_id);
        }
        Ok(())
    })
    .await?;
    found.sort();
    Ok(found)
}
