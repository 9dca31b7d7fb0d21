//! OpenAPI schemas for the wire types whose JSON is not what a derive would describe: the
//! reason codes (a string from a fixed list) and the permissions map (keyed by action). Built
//! only with the `openapi` feature, which the server turns on; the app never compiles it.

use std::borrow::Cow;

use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::policy::{Decision, Permissions};
use crate::reason::Reason;

/// The schema of a `reason` restricted to `reasons` (every code the server sends when `None`).
pub fn reason_schema(reasons: Option<&[Reason]>, description: &str) -> Schema {
    let codes: Vec<&str> = reasons
        .unwrap_or(Reason::SENT)
        .iter()
        .map(|r| r.as_str())
        .collect();
    Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(codes))
            .description(Some(description))
            .build(),
    )
}

impl PartialSchema for Reason {
    fn schema() -> RefOr<Schema> {
        RefOr::T(reason_schema(
            None,
            "A stable, machine-readable code for the refusal or failure.",
        ))
    }
}

impl ToSchema for Reason {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Reason")
    }
}

impl PartialSchema for Permissions {
    fn schema() -> RefOr<Schema> {
        RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .additional_properties(Some(Ref::from_schema_name("Decision")))
                .description(Some(
                    "The policy's decision for every action, keyed by the action's name \
                     (`addCustomersToProject`, …).",
                ))
                .build(),
        ))
    }
}

impl ToSchema for Permissions {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Permissions")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((Decision::name().into_owned(), Decision::schema()));
        <Decision as ToSchema>::schemas(schemas);
    }
}
