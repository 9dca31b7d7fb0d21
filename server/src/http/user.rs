//! Jira's minimal user read, `GET /rest/api/2/user?accountId=…` (and `/rest/api/3/user`), where
//! every user's `_links.self` points; and the generated avatar every user's `avatarUrls` names,
//! `GET /rest/clientele/1/avatar/{accountId}?size=N`.
//!
//! Both answer only for accounts within the caller's reach (`store::reach`: a site admin every
//! account; anyone else their own and the customers of the projects they work on), and exactly
//! as for an id with no account otherwise (404), as every other lookup of an account does.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::wire::Customer;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::{ApiPath, ApiQuery};
use super::present;
use crate::store::{Reach, UserRow};
use crate::AppState;

/// Routes under `/rest/api/2` and `/rest/api/3`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(user))
}

/// Routes under `/rest/clientele/1/avatar`.
pub fn avatar_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(avatar))
}

/// The account `id` (as given by a client), if the caller reaches it; else the 404 an unknown
/// id gets.
async fn reachable(state: &AppState, caller: &UserRow, id: &str) -> ApiResult<UserRow> {
    let not_found =
        || ApiError::not_found(format!("There is no user with the accountId {id}.")).with_parameters([id]);
    let account: i64 = id.trim().parse().map_err(|_| not_found())?;
    let within = state
        .store
        .addresses_within_reach(Reach::of(caller), &[account])
        .await?;
    if !within.contains_key(&account) {
        return Err(not_found());
    }
    state.store.user_by_id(account).await?.ok_or_else(not_found)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct UserQuery {
    /// The account id.
    account_id: String,
}

/// Jira's user resource: the same user object as everywhere else.
#[utoipa::path(get, path = "/user", tag = "user", params(UserQuery),
    responses((status = 200, body = Customer, description = "The user")))]
async fn user(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiQuery(query): ApiQuery<UserQuery>,
) -> ApiResult<Json<Customer>> {
    let account = reachable(&state, &caller, &query.account_id).await?;
    Ok(Json(present::customer(&state, &account, None)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct AvatarQuery {
    /// The size in pixels (16, 24, 32 or 48; the image scales to any size).
    #[serde(default, deserialize_with = "super::extract::empty_as_none")]
    #[param(value_type = Option<u32>)]
    size: Option<u32>,
}

/// How long browsers may keep an avatar: it changes only with the display name.
const AVATAR_MAX_AGE: &str = "private, max-age=86400";

/// A generated avatar: the initials of the display name on a colour derived from the account
/// id, as SVG.
#[utoipa::path(get, path = "/{account_id}", tag = "user",
    params(("account_id" = i64, Path, example = 1, description = "The account id"), AvatarQuery),
    responses((status = 200, description = "The avatar", content_type = "image/svg+xml", body = String)))]
async fn avatar(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<AvatarQuery>,
) -> ApiResult<Response> {
    let account = reachable(&state, &caller, &id).await?;
    let size = query.size.unwrap_or(48).clamp(16, 512);
    let svg = avatar_svg(account.id, &account.display_name, size);
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml")),
            (header::CACHE_CONTROL, HeaderValue::from_static(AVATAR_MAX_AGE)),
        ],
        svg,
    )
        .into_response())
}

/// Background colours with white text readable on each (WCAG AA for large text).
const COLOURS: [&str; 8] = [
    "#0052CC", "#00875A", "#5243AA", "#DE350B", "#006644", "#403294", "#BF2600", "#0065FF",
];

/// The first letters of the first and last words of `name`, upper-cased; `?` for none.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |w: &str| w.chars().find(|c| c.is_alphanumeric());
    let letters: String = match words.as_slice() {
        [] => String::new(),
        [only] => first(only).into_iter().collect(),
        [head, .., tail] => first(head).into_iter().chain(first(tail)).collect(),
    };
    if letters.is_empty() {
        "?".to_string()
    } else {
        letters.to_uppercase()
    }
}

/// The SVG for one account: the same colour for the same id, always.
pub fn avatar_svg(account_id: i64, display_name: &str, size: u32) -> String {
    let colour = COLOURS[account_id.rem_euclid(COLOURS.len() as i64) as usize];
    let text = escape_xml(&initials(display_name));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 48 48\">\
         <circle cx=\"24\" cy=\"24\" r=\"24\" fill=\"{colour}\"/>\
         <text x=\"24\" y=\"24\" dy=\".35em\" text-anchor=\"middle\" font-family=\"sans-serif\" \
         font-size=\"20\" font-weight=\"600\" fill=\"#FFFFFF\">{text}</text></svg>"
    )
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_are_the_first_and_last_words_first_letters() {
        assert_eq!(initials("Ada Lovelace"), "AL");
        assert_eq!(initials("ada king lovelace"), "AL");
        assert_eq!(initials("Zoë"), "Z");
        assert_eq!(initials("  "), "?");
        assert_eq!(initials("<b> &x"), "BX");
    }

    #[test]
    fn an_avatar_is_escaped_svg_with_a_colour_fixed_by_the_id() {
        let svg = avatar_svg(7, "<Ann> Smith", 16);
        assert!(svg.starts_with("<svg") && svg.contains("width=\"16\""), "{svg}");
        assert!(svg.contains(">AS</text>"), "{svg}");
        assert!(avatar_svg(7, "X", 48).contains(COLOURS[7]));
    }
}
