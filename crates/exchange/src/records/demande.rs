//! demandes.csv rows.

use super::{Record, ids, iso, joined, opt, opt_iso, yes_no};
use crate::row::RowReader;
use crate::schema::FileKind;
use crate::values::{parse_amount, parse_bool, parse_code, parse_count, parse_date};
use logis_domain::Demande;

impl Record for Demande {
    const KIND: FileKind = FileKind::Demandes;

    fn read(r: &mut RowReader<'_>) -> Option<Self> {
        let numero_unique = r.required("numero_unique", ids::numero);
        let date_depot = r.required("date_depot", parse_date);
        let date_renouvellement = r.optional("date_renouvellement", parse_date);
        let statut = r.required("statut", parse_code);
        let date_radiation = r.optional("date_radiation", parse_date);
        let motif_radiation = r.optional("motif_radiation", parse_code);
        let commune_residence = r.optional("commune_residence", ids::insee);
        let situation_logement = r.required("situation_logement", parse_code);
        let bailleur_actuel = r.optional("bailleur_actuel", ids::organisme);
        let ressources_mensuelles = r.required("ressources_mensuelles", parse_amount);
        let revenu_fiscal_reference = r.optional("revenu_fiscal_reference", parse_amount);
        let motifs = r.list("motifs", parse_code);
        let typologies_souhaitees = r.list("typologies_souhaitees", parse_code);
        let communes_souhaitees = r.required_list("communes_souhaitees", ids::insee);
        let pmr = r.optional("pmr", parse_bool);
        let criteres_prioritaires = r.list("criteres_prioritaires", parse_code);
        let dalo = r.optional("dalo", parse_bool);
        let date_dalo = r.optional("date_dalo", parse_date);
        let salarie_prive = r.optional("salarie_prive", parse_bool);
        let agent_public = r.optional("agent_public", parse_bool);
        let loyer_actuel = r.optional("loyer_actuel", parse_amount);
        let refus_offres_adaptees = r.optional("refus_offres_adaptees", parse_count);
        let pieces_verifiees = r.list("pieces_verifiees", parse_code);
        let demande = Demande {
            numero_unique: numero_unique?,
            date_depot: date_depot?,
            date_renouvellement,
            statut: statut?,
            date_radiation,
            motif_radiation,
            commune_residence,
            situation_logement: situation_logement?,
            bailleur_actuel,
            ressources_mensuelles: ressources_mensuelles?,
            revenu_fiscal_reference,
            motifs,
            typologies_souhaitees,
            communes_souhaitees,
            pmr,
            criteres_prioritaires,
            dalo,
            date_dalo,
            salarie_prive,
            agent_public,
            guichet: r.text("guichet"),
            nom: r.text("nom"),
            prenom: r.text("prenom"),
            email: r.text("email"),
            telephone: r.text("telephone"),
            adresse: r.text("adresse"),
            loyer_actuel,
            refus_offres_adaptees,
            pieces_verifiees,
        };
        // Rules that tie fields together, checked only on a row whose fields are all valid.
        if r.issues.is_empty() {
            for broken in demande.check() {
                r.issue(broken.column, None, &broken.message, None);
            }
        }
        r.finish(|| Some(demande))
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.numero_unique.to_string(),
            iso(self.date_depot),
            opt_iso(self.date_renouvellement),
            self.statut.code().into(),
            opt_iso(self.date_radiation),
            self.motif_radiation.map(|m| m.code().to_owned()).unwrap_or_default(),
            opt(&self.commune_residence),
            self.situation_logement.code().into(),
            opt(&self.bailleur_actuel),
            self.ressources_mensuelles.to_string(),
            opt(&self.revenu_fiscal_reference),
            joined(&self.motifs),
            joined(&self.typologies_souhaitees),
            joined(&self.communes_souhaitees),
            yes_no(self.pmr),
            joined(&self.criteres_prioritaires),
            yes_no(self.dalo),
            opt_iso(self.date_dalo),
            yes_no(self.salarie_prive),
            yes_no(self.agent_public),
            opt(&self.guichet),
            opt(&self.nom),
            opt(&self.prenom),
            opt(&self.email),
            opt(&self.telephone),
            opt(&self.adresse),
            opt(&self.loyer_actuel),
            opt(&self.refus_offres_adaptees),
            joined(&self.pieces_verifiees),
        ]
    }
}
