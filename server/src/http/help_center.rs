//! The help center's API under `/rest/clientele/1/helpcenter/{slug}`: one-time links
//! (invitation, verification, password reset), public sign-up, forgot password, resend, and
//! the signed-in customer's home. Sign-in itself is `POST /rest/auth/1/session`.

use clientele_domain::reason::Reason;
use std::net::IpAddr;

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::account::AccountStatus;
use clientele_domain::email::Email;
use clientele_domain::policy::{self, ProjectSettings};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{Caller, ClientIp, MAX_ADDRESS_OCTETS};
use super::authz::allowed;
use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath};
use super::session::start_session;
use crate::mail::compose::MessageKind;
use crate::notify::{queue_link_message, Recipient};
use crate::passwords::check_new_password;
use crate::security::{hash_password_blocking, hash_secret};
use crate::store::{insert_user_if_new, now_millis, record_new_account, Actor, HelpCenterRow, NewUser};
use crate::AppState;

/// Routes under `/rest/clientele/1/helpcenter/{slug}`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(link, use_link))
        .routes(routes!(sign_up))
        .routes(routes!(forgot))
        .routes(routes!(resend))
        .routes(routes!(home))
}

/// Counts one message a stranger asks for (sign-up, resend) against this address and client.
async fn limit_mail(state: &AppState, email: &str, client: IpAddr) -> ApiResult<()> {
    check_address_length(email)?;
    // Every message asked for counts, whatever comes of it.
    state.limits.mail.begin(email, client).await?.failed().await;
    Ok(())
}

fn check_address_length(email: &str) -> ApiResult<()> {
    if email.trim().len() > MAX_ADDRESS_OCTETS {
        return Err(ApiError::bad_request(
            Reason::InvalidEmail,
            "That is longer than any email address can be (254 characters).",
        ));
    }
    Ok(())
}

async fn help_center(state: &AppState, slug: &str) -> ApiResult<HelpCenterRow> {
    state
        .store
        .help_center_by_slug(slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("There is no help center at /help/{slug}.")))
}

/// What a one-time link is, for the page that opens it.
#[derive(utoipa::ToSchema, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct LinkInfo {
    /// `invitation`, `verification` or `passwordReset`.
    purpose: String,
    /// `valid`, `expired` or `used`.
    state: &'static str,
    email: Option<String>,
    display_name: Option<String>,
    /// Whether this link carries the password its holder chose at sign-up: using it then needs
    /// no new password. Any other link asks for one.
    has_password: bool,
}

#[utoipa::path(get, path = "/{slug}/link/{token}", tag = "helpcenter", security(()), params(("slug" = String, Path, example = "support", description = "The help center's address"), ("token" = String, Path, description = "The one-time link's secret")),
    responses((status = 200, body = LinkInfo, description = "What the link is")))]
async fn link(
    State(state): State<AppState>,
    ApiPath((slug, token)): ApiPath<(String, String)>,
) -> ApiResult<Json<LinkInfo>> {
    help_center(&state, &slug).await?;
    let unknown = || ApiError::not_found("This link is not valid. Check that you copied all of it.");
    let row = state
        .store
        .account_token(&hash_secret(&token))
        .await?
        .ok_or_else(unknown)?;
    let link_state = if row.used_at.is_some() {
        "used"
    } else if row.expires_at <= now_millis() {
        "expired"
    } else {
        "valid"
    };
    let user = state.store.user_by_id(row.user_id).await?.ok_or_else(unknown)?;
    let valid = link_state == "valid";
    Ok(Json(LinkInfo {
        purpose: row.purpose,
        state: link_state,
        email: valid.then(|| user.email.clone()),
        display_name: valid.then_some(user.display_name),
        has_password: valid && row.password_hash.is_some(),
    }))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct UseLinkBody {
    display_name: Option<String>,
    /// Optional only to verify an account that already has a password.
    password: Option<String>,
}

/// Accepts an invitation, verifies an address, or resets a password; then signs in.
#[utoipa::path(post, path = "/{slug}/link/{token}", tag = "helpcenter", security(()), params(("slug" = String, Path, example = "support", description = "The help center's address"), ("token" = String, Path, description = "The one-time link's secret")), request_body = UseLinkBody,
    responses((status = 200, body = clientele_domain::wire::SessionInfo, description = "Signed in; the session cookie is set")))]
async fn use_link(
    State(state): State<AppState>,
    origin: super::audit::Origin,
    ApiPath((slug, token)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<UseLinkBody>,
) -> ApiResult<Response> {
    help_center(&state, &slug).await?;
    let token_hash = hash_secret(&token);
    let row = state
        .store
        .account_token(&token_hash)
        .await?
        .ok_or_else(|| ApiError::not_found("This link is not valid. Check that you copied all of it."))?;
    if row.used_at.is_some() {
        return Err(ApiError::new(
            StatusCode::GONE,
            Reason::LinkUsed,
            "This link was used already. Sign in, or ask for a new link.",
        ));
    }
    if row.expires_at <= now_millis() {
        return Err(ApiError::new(
            StatusCode::GONE,
            Reason::LinkExpired,
            "This link has expired. Ask for a new one.",
        ));
    }
    let user = state
        .store
        .user_by_id(row.user_id)
        .await?
        .ok_or_else(|| ApiError::not_found("The account is gone."))?;
    allowed(policy::decide_account_use(user.status))?;
    // A password becomes usable only when the person holding the link that activates it chose
    // it: here, or at sign-up on this very link (the store applies that one).
    let new_hash = match body.password.as_deref() {
        Some(password) => {
            check_new_password(password)?;
            Some(hash_password_blocking(password).await)
        }
        None if row.password_hash.is_some() => None,
        None => {
            return Err(ApiError::bad_request(
                Reason::WeakPassword,
                "Choose a password: at least 10 characters.",
            ))
        }
    };
    let name = super::names::optional_display_name(body.display_name.as_deref())?.map(|n| n.into_string());
    let used = state
        .store
        .use_account_token(
            &Actor::account(user.id, &user.email, origin.via, origin.request_id.clone()),
            &token_hash,
            new_hash.as_deref(),
            name.as_deref(),
        )
        .await?;
    if used.is_none() {
        return Err(ApiError::new(
            StatusCode::GONE,
            Reason::LinkUsed,
            "This link was used already. Sign in, or ask for a new link.",
        ));
    }
    let user = state
        .store
        .user_by_id(row.user_id)
        .await?
        .ok_or_else(|| ApiError::not_found("The account is gone."))?;
    // The owner proved they hold the address: failed guesses by others no longer stand between
    // them and their account.
    state.limits.passwords.clear_address(&user.email).await?;
    let (cookie, info) = start_session(&state, &user).await?;
    Ok(([(SET_COOKIE, cookie)], Json(info)).into_response())
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignUpBody {
    email: String,
    display_name: String,
    password: String,
}

#[derive(utoipa::ToSchema, Debug, Serialize)]
struct Accepted {
    message: String,
}

#[utoipa::path(post, path = "/{slug}/signup", tag = "helpcenter", security(()), params(("slug" = String, Path, example = "support", description = "The help center's address")), request_body = SignUpBody,
    responses((status = 200, body = Accepted, description = "A verification message is queued")))]
async fn sign_up(
    State(state): State<AppState>,
    origin: super::audit::Origin,
    ClientIp(client): ClientIp,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<SignUpBody>,
) -> ApiResult<Response> {
    let run = async {
        let center = help_center(&state, &slug).await?;
        let open_projects = state.store.public_signup_projects().await?;
        allowed(policy::decide_signup_anywhere(!open_projects.is_empty()))?;
        let email = Email::parse(body.email.trim()).map_err(|r| {
            ApiError::bad_request(
                Reason::InvalidEmail,
                format!("Check the email address: {}", r.message()),
            )
        })?;
        let settings = state.store.global_settings().await?;
        let open = ProjectSettings {
            public_signup: true,
            ..ProjectSettings::default()
        };
        allowed(policy::decide_public_signup(&open, email.as_str(), &settings))?;
        let name = clientele_domain::names::DisplayName::parse(&body.display_name)?;
        let name = name.as_str();
        check_new_password(&body.password)?;
        let email_taken = || {
            ApiError::conflict(
                Reason::EmailTaken,
                "There is already an account with this address. Sign in, or use Forgot password to get a new link.",
            )
        };
        if state.store.user_by_email(email.as_str()).await?.is_some() {
            return Err(email_taken());
        }
        let hash = hash_password_blocking(&body.password).await;
        let mut tx = state.store.write().await?;
        // The password stays with the verification link below, not on the account: whoever
        // signs up with someone else's address never chooses the password its owner activates.
        let new = NewUser {
            email: &email,
            display_name: name,
            kind: "portal",
            status: AccountStatus::Invited,
            site_admin: false,
            password_hash: None,
        };
        // A sign-up of the same address may have committed since the check above.
        let id = insert_user_if_new(&mut tx, &new).await?.ok_or_else(email_taken)?;
        // Recorded as done by the new account itself, through the help center.
        let actor = Actor::account(id, email.as_str(), origin.via, origin.request_id.clone());
        record_new_account(&mut tx, &actor, id).await?;
        let recipient = Recipient {
            user_id: id,
            email: email.as_str(),
            display_name: name,
        };
        queue_link_message(
            &mut tx,
            &state.site(),
            &center,
            &recipient,
            MessageKind::Verification,
            Some(&hash),
        )
        .await?;
        tx.commit().await?;
        state.mail_wake.notify_one();
        Ok(Json(Accepted {
            message: format!("We sent a message to {email}. Open its link to verify your address."),
        }))
    };
    limit_mail(&state, &body.email, client).await?;
    run.await.map(IntoResponse::into_response)
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
struct EmailBody {
    email: String,
}

/// Forgot password: the answer is the same whether or not the address has an account. It has
/// a budget of its own, so that failed sign-ins (anyone's) never block the owner's way back in.
#[utoipa::path(post, path = "/{slug}/forgot", tag = "helpcenter", security(()), params(("slug" = String, Path, example = "support", description = "The help center's address")), request_body = EmailBody,
    responses((status = 202, body = Accepted, description = "The same answer for any address")))]
async fn forgot(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<EmailBody>,
) -> ApiResult<Response> {
    check_address_length(&body.email)?;
    state
        .limits
        .forgot
        .begin(&body.email, client)
        .await?
        .failed()
        .await;
    let run = async {
        let center = help_center(&state, &slug).await?;
        if let Some(user) = state.store.user_by_email(&body.email).await? {
            match user.status {
                AccountStatus::Active => {
                    send_link(&state, &center, &user, MessageKind::PasswordReset).await?
                }
                // Never finished signing up: the way in is a new invitation or verification link.
                AccountStatus::Invited => {
                    send_link(&state, &center, &user, unfinished_sign_up(&state, &user).await?).await?
                }
                AccountStatus::Revoked => {}
            }
        }
        Ok::<_, ApiError>(accepted())
    };
    run.await
}

/// Sends a new invitation or verification link to an account that has not finished signing
/// up; the same answer whatever the address.
#[utoipa::path(post, path = "/{slug}/resend", tag = "helpcenter", security(()), params(("slug" = String, Path, example = "support", description = "The help center's address")), request_body = EmailBody,
    responses((status = 202, body = Accepted, description = "The same answer for any address")))]
async fn resend(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<EmailBody>,
) -> ApiResult<Response> {
    limit_mail(&state, &body.email, client).await?;
    let run = async {
        let center = help_center(&state, &slug).await?;
        if let Some(user) = state.store.user_by_email(&body.email).await? {
            if user.status == AccountStatus::Invited {
                send_link(&state, &center, &user, unfinished_sign_up(&state, &user).await?).await?;
            }
        }
        Ok::<_, ApiError>(accepted())
    };
    run.await
}

/// The link for someone who never finished signing up: verification when they were sent one
/// before (they signed up, or their project verifies instead of inviting), else an invitation.
/// Either way the new link asks for a new password: one chosen at sign-up stays bound to that
/// sign-up's own link.
async fn unfinished_sign_up(state: &AppState, user: &crate::store::UserRow) -> ApiResult<MessageKind> {
    Ok(if state.store.has_link_for(user.id, "verification").await? {
        MessageKind::Verification
    } else {
        MessageKind::Invitation
    })
}

fn accepted() -> Response {
    let message = "If this address has an account that needs it, a message is on its way.".to_string();
    (StatusCode::ACCEPTED, Json(Accepted { message })).into_response()
}

async fn send_link(
    state: &AppState,
    center: &HelpCenterRow,
    user: &crate::store::UserRow,
    kind: MessageKind,
) -> ApiResult<()> {
    let mut tx = state.store.write().await?;
    let recipient = Recipient {
        user_id: user.id,
        email: &user.email,
        display_name: &user.display_name,
    };
    queue_link_message(&mut tx, &state.site(), center, &recipient, kind, None).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// The signed-in customer's home: the projects they may use and their organizations.
#[derive(utoipa::ToSchema, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Home {
    help_center: clientele_domain::wire::HelpCenter,
    projects: Vec<HomeProject>,
    organizations: Vec<clientele_domain::wire::OrganizationRef>,
}

#[derive(utoipa::ToSchema, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct HomeProject {
    key: String,
    name: String,
    /// `customer`, `organization` or `publicSignup`.
    via: String,
}

#[utoipa::path(get, path = "/{slug}/home", tag = "helpcenter", params(("slug" = String, Path, example = "support", description = "The help center's address")),
    responses((status = 200, body = Home, description = "The customer's projects and organizations")))]
async fn home(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<Home>> {
    let center = help_center(&state, &slug).await?;
    let projects = state
        .store
        .customer_usable_projects(user.id)
        .await?
        .into_iter()
        .map(|(key, name, via)| HomeProject { key, name, via })
        .collect();
    let organizations = state
        .store
        .organizations_of(&[user.id])
        .await?
        .into_iter()
        .map(|(_, id, name)| clientele_domain::wire::OrganizationRef {
            id: id.to_string(),
            name,
        })
        .collect();
    Ok(Json(Home {
        help_center: clientele_domain::wire::HelpCenter {
            id: center.id.to_string(),
            slug: center.slug,
            name: center.name,
            is_default: center.is_default,
        },
        projects,
        organizations,
    }))
}
