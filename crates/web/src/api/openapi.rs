//! The API's OpenAPI document, generated from the handlers' `#[utoipa::path]` and the JSON types'
//! `ToSchema` (French descriptions: they are the partners' documentation), served at
//! `/api/openapi.json`.

use logis_allocation::commission::{Exception, Nature};
use logis_domain::allocation::{OfferAnswer, VacancyStatus};
use logis_domain::work::LabelStatus;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use utoipa::openapi::schema::{
    Array, ArrayBuilder, KnownFormat, Object, ObjectBuilder, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{IntoResponses, Modify, OpenApi, ToResponse, ToSchema};

const DESCRIPTION: &str = "L'API des logiciels partenaires : les demandes de logement social du territoire, sous les mêmes règles que l'application. Chaque requête porte un jeton émis par l'administrateur (page Utilisateurs) dans l'en-tête Authorization: Bearer ; le jeton a les droits du compte pour lequel il est émis (un travailleur social n'atteint que les ménages qu'il suit, un observateur aucune donnée personnelle et des statistiques sous secret statistique), dans la limite de sa portée (lecture seule, attributions, imports, ou tous les droits du compte : hors portée, 403 « Jeton limité »), jusqu'à sa date de fin de validité. Chaque lecture d'un dossier et chaque liste de données personnelles est écrite dans le journal d'audit. Les erreurs sont des documents application/problem+json (RFC 9457). Une écriture qui attend plus de 5 secondes la fin d'un import ou d'un recalcul de la cotation reçoit 503 (rien n'est écrit) ; les lectures n'attendent jamais.";

/// The document: every API route of [`crate::routes::table`], in its order (the test
/// `the_openapi_document_is_served_and_names_every_api_route` checks that none is missing).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "API de Logis",
        version = "1",
        description = DESCRIPTION,
        license(name = "AGPL-3.0-or-later"),
    ),
    servers((url = "/")),
    security(("jeton" = [])),
    tags(
        (name = "Documentation", description = "Ce document"),
        (name = "Chiffres", description = "Chiffres du territoire, sans donnée personnelle"),
        (name = "Demandes", description = "Les demandes de logement social : liste, dossier, étiquettes de priorité, notes"),
        (name = "Import", description = "Imports du format d'échange v1"),
        (name = "Attribution", description = "Vacances, candidats, commissions, propositions, baux"),
    ),
    paths(
        super::openapi,
        super::statistics,
        super::applications,
        super::application,
        super::writes::add_label,
        super::writes::add_note,
        super::allocation::objectives,
        super::imports::start,
        super::imports::status,
        super::allocation::vacancies,
        super::allocation::candidates,
        super::allocation::why_not,
        super::allocation_writes::declare_vacancy,
        super::allocation_writes::create_session,
        super::allocation_writes::record_decisions,
        super::allocation_writes::withdraw_vacancy,
        super::allocation_writes::make_offer,
        super::allocation_writes::record_answer,
        super::allocation_writes::record_lease,
        super::flux::conventions,
        super::flux::amend_conventions,
        super::flux::proposal,
        super::flux::bilan,
        super::flux::inventory,
        super::flux::forecast,
        super::flux::send,
        super::flux::give_back,
    ),
    components(
        schemas(Problem),
        responses(BadRequest, Unauthenticated, Forbidden, NotFound, Conflict, Invalid, Busy, Recounting),
    ),
    modifiers(&BearerToken),
)]
struct Document;

/// The document as served, built at its first request.
static JSON: LazyLock<String> =
    LazyLock::new(|| Document::openapi().to_pretty_json().expect("the OpenAPI document is JSON"));

/// The OpenAPI document, as JSON.
pub fn json() -> &'static str {
    &JSON
}

/// The security scheme `jeton`: the bearer token every request carries.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "Jeton émis par l'administrateur de Logis, avec une portée (lecture, attribution, import, administration) et une date de fin de validité",
            ))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("jeton", SecurityScheme::Http(scheme));
    }
}

/// The problem document (RFC 9457) of every refusal of the API, as
/// [`crate::render::refusal`] writes it: described here, never built.
#[derive(ToSchema)]
#[schema(as = Probleme, description = "Un refus : document application/problem+json (RFC 9457)")]
pub struct Problem {
    /// « about:blank »
    #[serde(rename = "type")]
    pub kind: String,
    /// Le genre de refus, en français (« Données refusées », « Jeton limité »…)
    pub title: String,
    /// Le statut HTTP de la réponse
    pub status: u16,
    /// Ce qui ne va pas et ce qu'il faut faire, en français
    pub detail: String,
}

/// Reusable responses (`components/responses`): a [`Problem`] with what its status means.
macro_rules! problem_responses {
    ($($(#[$doc:meta])* $kind:ident => $name:literal, $description:literal;)*) => {$(
        $(#[$doc])*
        pub struct $kind;

        impl<'r> ToResponse<'r> for $kind {
            fn response() -> (&'r str, RefOr<Response>) {
                let problem = Content::new(Some(Ref::from_schema_name(Problem::name())));
                let response = ResponseBuilder::new()
                    .description($description)
                    .content("application/problem+json", problem)
                    .build();
                ($name, response.into())
            }
        }
    )*};
}

problem_responses! {
    /// 400, [`crate::render::Refusal::BadRequest`].
    BadRequest => "Incorrecte", "Un paramètre ou le corps de la requête est illisible";
    /// 401, [`crate::render::Refusal::Unauthenticated`].
    Unauthenticated => "NonAuthentifie", "Jeton absent, inconnu ou révoqué";
    /// 403, [`crate::render::Refusal::Forbidden`] or [`crate::render::Refusal::OutOfScope`].
    Forbidden => "Refuse", "Le rôle du compte ne donne pas accès à cette ressource, ou la portée du jeton ne permet pas cette opération (« Jeton limité »)";
    /// 404, [`crate::render::Refusal::NotFound`].
    NotFound => "Introuvable", "Aucune ressource n'a ce numéro (demande, logement, vacance, proposition, séance ou import)";
    /// 409, [`crate::render::Refusal::Conflict`].
    Conflict => "Conflit", "Les données ont été modifiées entre-temps par une autre écriture : rien n'est écrit, à relire puis refaire si c'est encore nécessaire";
    /// 422, [`crate::render::Refusal::Invalid`].
    Invalid => "Refusee", "Les données enfreignent une règle ; detail dit laquelle, en français";
    /// 503, [`crate::render::Refusal::Busy`].
    Busy => "Occupee", "Un import ou un recalcul de la cotation est en cours : rien n'est écrit, à refaire dans quelques minutes";
    /// 503, [`crate::render::Refusal::Recounting`].
    Recounting => "EnMiseAJour", "Les chiffres sont en cours de mise à jour après un import : à redemander dans un instant";
}

/// The refusals a set of routes shares, each a reference to its reusable response: written once
/// here instead of in every route's `responses(...)`.
macro_rules! refusal_sets {
    ($($(#[$doc:meta])* $set:ident => [$($status:literal $kind:ident),*];)*) => {$(
        $(#[$doc])*
        pub struct $set;

        impl IntoResponses for $set {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                [$(($status, <$kind as ToResponse>::response().0)),*]
                    .into_iter()
                    .map(|(status, name)| (status.to_owned(), Ref::from_response_name(name).into()))
                    .collect()
            }
        }
    )*};
}

refusal_sets! {
    /// What may refuse a write on an application or an allocation step.
    WriteRefusals => [
        "400" BadRequest, "401" Unauthenticated, "403" Forbidden, "404" NotFound,
        "409" Conflict, "422" Invalid, "503" Busy
    ];
    /// What may refuse a read of one resource.
    ReadRefusals => ["401" Unauthenticated, "403" Forbidden, "404" NotFound];
}

// The list's parameters that take one of a few values (`ListQuery` reads them as text).

/// The list's `prioritaire`.
#[derive(ToSchema)]
#[schema(
    rename_all = "lowercase",
    description = "oui : les demandes prioritaires seulement ; non : les autres"
)]
pub enum YesNo {
    Oui,
    Non,
}

/// The list's `tri`.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase", description = "score (par défaut) ou anciennete")]
pub enum ListOrder {
    Score,
    Anciennete,
}

// Text fields that take one of a few values: the code keeps them as strings, their schemas list
// the values (from the constants that define them where there are some).

fn text_among(values: impl IntoIterator<Item = &'static str>) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values))
}

fn text_among_or_null(values: impl IntoIterator<Item = &'static str>) -> ObjectBuilder {
    let values = values.into_iter().map(Value::from).chain([Value::Null]);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values))
}

/// The status of a priority label.
pub(crate) fn label_status() -> Object {
    text_among(LabelStatus::ALL.iter().map(|s| s.code()))
        .description(Some(
            "retiree : critère reconnu puis retiré, le justificatif est alors le motif du retrait",
        ))
        .build()
}

/// The status of a vacancy.
pub(crate) fn vacancy_status() -> Object {
    text_among(VacancyStatus::ALL.iter().map(|v| v.code())).build()
}

/// An applicant's answer to an offer, as sent.
pub(crate) fn answer() -> Object {
    text_among(OfferAnswer::ALL.iter().map(|v| v.code())).build()
}

/// An applicant's answer to an offer, as recorded (null while awaited).
pub(crate) fn answer_or_none() -> Object {
    text_among_or_null(OfferAnswer::ALL.iter().map(|v| v.code()))
        .description(Some("Nulle tant que la réponse est attendue"))
        .build()
}

/// The code of an objective.
pub(crate) fn objective_code() -> Object {
    text_among(["q1_hors_qpv", "q234_en_qpv", "prioritaires"]).build()
}

/// The state of an import.
pub(crate) fn import_state() -> Object {
    text_among([super::imports::RUNNING, super::imports::FINISHED, super::imports::FAILED]).build()
}

/// The nature of a commission's decision.
pub(crate) fn decision_nature() -> Object {
    text_among(Nature::ALL.iter().map(|n| n.code())).build()
}

/// Why fewer than three candidates were presented.
pub(crate) fn decision_exception() -> Object {
    text_among_or_null(Exception::ALL.iter().map(|e| e.code()))
        .description(Some(
            "Pourquoi moins de trois candidats sont présentés (absente : trois au moins)",
        ))
        .build()
}

/// The files of an import's form.
pub(crate) fn uploaded_files() -> Array {
    let file = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)));
    ArrayBuilder::new()
        .items(file)
        .description(Some("Une archive .zip, ou les fichiers .csv"))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Refusal, refusal};

    fn document() -> Value {
        serde_json::from_str(json()).expect("JSON")
    }

    #[test]
    fn the_documented_bounds_are_those_the_code_checks() {
        let d = document();
        let schema = |name: &str| d["components"]["schemas"][name]["properties"].clone();
        let evidence = &schema("NouvelleEtiquette")["justificatif"];
        assert_eq!(evidence["maxLength"], crate::partners_work::MAX_EVIDENCE);
        assert_eq!(schema("NouvelleNote")["texte"]["maxLength"], crate::partners_work::MAX_NOTE);
        let list = &d["paths"]["/api/demandes"]["get"]["parameters"];
        let size = list.as_array().expect("parameters").iter().find(|p| p["name"] == "taille");
        assert_eq!(size.expect("taille")["schema"]["maximum"], super::super::MAX_PAGE_SIZE);
    }

    /// The fields serde reads into a struct: its `Deserialize` asks a deserializer for them.
    fn fields_of<T: serde::de::DeserializeOwned>() -> Vec<&'static str> {
        struct Fields(Vec<&'static str>);
        #[derive(Debug)]
        struct Done;
        impl std::fmt::Display for Done {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("fields read")
            }
        }
        impl std::error::Error for Done {}
        impl serde::de::Error for Done {
            fn custom<M: std::fmt::Display>(_: M) -> Self {
                Done
            }
        }
        impl<'de> serde::Deserializer<'de> for &mut Fields {
            type Error = Done;
            fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Done> {
                Err(Done)
            }
            fn deserialize_struct<V: serde::de::Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Done> {
                self.0 = fields.to_vec();
                Err(Done)
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        let mut fields = Fields(Vec::new());
        let _ = T::deserialize(&mut fields);
        fields.0
    }

    #[test]
    fn every_field_of_the_lists_query_is_a_documented_parameter() {
        let d = document();
        let parameters = d["paths"]["/api/demandes"]["get"]["parameters"].clone();
        let documented: Vec<&str> = parameters
            .as_array()
            .expect("parameters")
            .iter()
            .map(|p| p["name"].as_str().expect("name"))
            .collect();
        let read = fields_of::<crate::list_query::ListQuery>();
        assert!(!read.is_empty());
        for field in read.iter().chain(&["taille"]) {
            assert!(documented.contains(field), "{field} is documented");
        }
        assert_eq!(documented.len(), read.len() + 1, "nothing documented that is not read");
    }

    #[tokio::test]
    async fn the_problem_schema_has_the_fields_of_a_refusal() {
        use http_body_util::BodyExt;
        let body = refusal(Refusal::NotFound, true).into_body().collect().await.expect("body");
        let sent: Value = serde_json::from_slice(&body.to_bytes()).expect("JSON");
        let mut sent: Vec<&String> = sent.as_object().expect("object").keys().collect();
        let d = document();
        let schema = &d["components"]["schemas"]["Probleme"]["properties"];
        let mut documented: Vec<&String> = schema.as_object().expect("properties").keys().collect();
        sent.sort();
        documented.sort();
        assert_eq!(sent, documented);
    }
}
