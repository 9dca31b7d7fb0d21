//! Every stable code a refusal or failure carries: the policy's denial reasons, the server's
//! error codes, the per-entry codes of a bulk add, and the few the app gives itself when there is
//! no answer to read. One enum, so that the server, the app and the wire cannot spell a code two
//! ways. Serialized as the camelCase string the API has always sent (`organizationNameTaken`);
//! a code this build does not know (from a newer server) decodes as [`Reason::Unknown`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::email::InvalidReason;

macro_rules! reasons {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal,)*) => {
        /// A stable, machine-readable reason code. See the module documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Reason {
            $($(#[doc = $doc])* $variant,)*
            /// A code this build does not know, e.g. from a newer server. Never sent.
            Unknown,
        }

        impl Reason {
            /// Every known code, in declaration order ([`Reason::Unknown`] excluded).
            pub const ALL: &'static [Reason] = &[$(Reason::$variant,)*];

            /// Every code the server may send: [`Reason::ALL`] less the four the app gives itself.
            pub const SENT: &'static [Reason] = {
                const N: usize = Reason::ALL.len() - 4;
                const SENT: [Reason; N] = {
                    let mut sent = [Reason::NotSignedIn; N];
                    let mut i = 0;
                    while i < N {
                        sent[i] = Reason::ALL[i];
                        i += 1;
                    }
                    sent
                };
                &SENT
            };

            /// The code as sent on the wire, e.g. `"siteAdminOnly"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Reason::$variant => $code,)*
                    Reason::Unknown => "unknown",
                }
            }

            /// The reason for a wire code; [`Reason::Unknown`] for a code this build does not know.
            pub fn from_code(code: &str) -> Reason {
                match code {
                    $($code => Reason::$variant,)*
                    _ => Reason::Unknown,
                }
            }
        }
    };
}

reasons! {
    // The policy's refusals (see `policy::denials`).
    /// Nobody is signed in.
    NotSignedIn = "notSignedIn",
    /// Customers never do this; agents (or admins) do.
    CustomersCannot = "customersCannot",
    /// Only project admins and site admins do this.
    ProjectAdminOnly = "projectAdminOnly",
    /// Only site admins do this.
    SiteAdminOnly = "siteAdminOnly",
    /// Agents may do this only while "Agents can manage organizations" is on.
    AgentsCannotManageOrganizations = "agentsCannotManageOrganizations",
    /// The address is in a managed domain: only site admins add it.
    ManagedDomain = "managedDomain",
    /// The site is on the Standard plan and this is a Premium feature.
    PremiumOnly = "premiumOnly",
    /// Premium, but customer service management is switched off.
    CustomerServiceManagementOff = "customerServiceManagementOff",
    /// The service project does not allow public sign-up.
    PublicSignupOff = "publicSignupOff",
    /// The action is about one service project and none was given.
    ProjectRequired = "projectRequired",
    /// The organization is attached to no service project, so only site admins see or change
    /// its members and properties.
    UnattachedOrganization = "unattachedOrganization",
    /// The organization is attached only to service projects the actor has no role in (or none
    /// strong enough).
    OrganizationOutsideYourProjects = "organizationOutsideYourProjects",

    // Signing in, accounts and links.
    /// The email and password do not match an active account.
    BadCredentials = "badCredentials",
    /// The username given to sign in is not an email address.
    InvalidUsername = "invalidUsername",
    /// The current password given to change it is wrong.
    WrongPassword = "wrongPassword",
    /// The new password is too weak.
    WeakPassword = "weakPassword",
    /// The account's access is revoked.
    AccessRevoked = "accessRevoked",
    /// An account with this address exists already.
    EmailTaken = "emailTaken",
    /// The help center does not take sign-ups.
    SignupClosed = "signupClosed",
    /// The link was used already.
    LinkUsed = "linkUsed",
    /// The link is too old.
    LinkExpired = "linkExpired",
    /// The link was removed (a newer one replaced it, or the account changed).
    LinkRemoved = "linkRemoved",
    /// The account was never invited, so there is nothing to resend.
    NotInvited = "notInvited",
    /// The change would affect the caller's own account.
    OwnAccount = "ownAccount",
    /// The account is a full account (staff), not a portal-only customer.
    NotPortalOnly = "notPortalOnly",
    /// The account is a full account already.
    AlreadyFullAccount = "alreadyFullAccount",
    /// No account has this id (or the caller may not know it).
    UnknownAccount = "unknownAccount",
    /// The account list named no account.
    NoUsers = "noUsers",
    /// The caller has too many API tokens.
    TooManyTokens = "tooManyTokens",
    /// A token label is empty, too long or has control characters.
    InvalidLabel = "invalidLabel",

    // Requests.
    /// No such thing (or the caller may not know it exists).
    NotFound = "notFound",
    /// A query parameter is missing or wrong.
    InvalidParameter = "invalidParameter",
    /// A path segment is not what the route expects.
    InvalidPath = "invalidPath",
    /// The JSON body has the wrong shape.
    InvalidBody = "invalidBody",
    /// The body is not JSON at all.
    MalformedJson = "malformedJson",
    /// The body is larger than the server accepts.
    BodyTooLarge = "bodyTooLarge",
    /// The body's media type is not JSON.
    UnsupportedMediaType = "unsupportedMediaType",
    /// The method is not allowed on this path.
    MethodNotAllowed = "methodNotAllowed",
    /// A signed-in change without the XSRF header or a JSON body.
    XsrfCheckFailed = "xsrfCheckFailed",
    /// A change sent from another site.
    CrossSiteRequest = "crossSiteRequest",
    /// Too many attempts; try again after `Retry-After`.
    TooManyRequests = "tooManyRequests",
    /// The database is busy; try again after `Retry-After`.
    Busy = "busy",
    /// The database does not answer (health check, or a database that went away).
    DatabaseUnavailable = "databaseUnavailable",
    /// Something went wrong on the server.
    Internal = "internal",
    /// Another request created the same thing first.
    AlreadyExists = "alreadyExists",
    /// Something the change refers to was removed meanwhile.
    ChangedMeanwhile = "changedMeanwhile",

    // Customers, organizations and help centers.
    /// An address is not valid.
    InvalidEmail = "invalidEmail",
    /// A name is empty, too long or has control characters.
    InvalidName = "invalidName",
    /// A list has more entries than the server accepts.
    TooManyEntries = "tooManyEntries",
    /// A list has no entries.
    NoEntries = "noEntries",
    /// A bulk add gave both pasted text and a list of addresses, or neither.
    TextOrEmails = "textOrEmails",
    /// An organization with this name exists already.
    OrganizationNameTaken = "organizationNameTaken",
    /// The organization is not attached to this service project.
    OrganizationNotAttached = "organizationNotAttached",
    /// The organization is given in the path, so not again in the body.
    OrganizationInPath = "organizationInPath",
    /// A property key is empty or too long.
    InvalidPropertyKey = "invalidPropertyKey",
    /// A property's value is larger than the server keeps.
    PropertyTooLarge = "propertyTooLarge",
    /// The organization has as many properties as the server keeps.
    TooManyProperties = "tooManyProperties",
    /// The service project has no help center to invite people to.
    NoHelpCenter = "noHelpCenter",
    /// No help center has this id.
    UnknownHelpCenter = "unknownHelpCenter",
    /// The last help center cannot be removed.
    LastHelpCenter = "lastHelpCenter",
    /// A help center's address is not a valid slug.
    InvalidSlug = "invalidSlug",
    /// Another help center has this address.
    SlugTaken = "slugTaken",
    /// The part after the `@` is not a domain name; also a managed domain that is not one.
    InvalidDomain = "invalidDomain",
    /// The managed domain is on the list already.
    DomainExists = "domainExists",
    /// An address was refused without a more precise code.
    Refused = "refused",

    // CSV imports.
    /// The file cannot be read: not UTF-8, unbalanced quotes, a record too long, no rows, or a
    /// chosen column it does not have.
    InvalidFile = "invalidFile",
    /// The file has more rows than one import may.
    TooManyRows = "tooManyRows",
    /// No column of the file holds email addresses.
    NoEmailColumn = "noEmailColumn",

    // Requests.
    /// Only the customer who raised a request (its reporter) may do this to it.
    ReporterOnly = "reporterOnly",
    /// The request type does not exist, was removed, or belongs to another service project.
    UnknownRequestType = "unknownRequestType",
    /// A request needs a summary.
    InvalidSummary = "invalidSummary",
    /// A description or comment is longer than allowed, or a comment is empty.
    InvalidText = "invalidText",
    /// The transition does not exist from the request's current status.
    InvalidTransition = "invalidTransition",
    /// The person a request is raised for is not a customer of the service project (and the
    /// actor may not add them).
    NotACustomer = "notACustomer",
    /// The organization to share with is not one of the reporter's organizations attached to
    /// the service project.
    CannotShareWithOrganization = "cannotShareWithOrganization",

    // The audit trail and undoing a bulk change.
    /// The bulk change ran more than 24 hours ago: it can no longer be undone.
    UndoExpired = "undoExpired",
    /// The bulk change was undone already.
    AlreadyUndone = "alreadyUndone",

    // Per entry of a bulk add (see `email::InvalidReason`).
    /// There is no address at all.
    Empty = "empty",
    /// There is no `@`.
    NoAt = "noAt",
    /// The part before the `@` is empty or has a character that is not allowed.
    InvalidLocalPart = "invalidLocalPart",
    /// The domain has no dot.
    NoDotInDomain = "noDotInDomain",
    /// The address is too long.
    TooLong = "tooLong",
    /// The same address came earlier in the list.
    Duplicate = "duplicate",

    // Given by the app itself, never by the server.
    /// The server could not be reached.
    Network = "network",
    /// The server answered with a body the app cannot read.
    UnreadableResponse = "unreadableResponse",
    /// The app cancelled the request.
    Aborted = "aborted",
    /// The browser did not keep the session cookie after signing in.
    SessionNotKept = "sessionNotKept",
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Reason::from_code(&code))
    }
}

impl Default for Reason {
    /// What an error body without a `reason` decodes to.
    fn default() -> Self {
        Reason::Unknown
    }
}

impl From<InvalidReason> for Reason {
    fn from(reason: InvalidReason) -> Reason {
        match reason {
            InvalidReason::Empty => Reason::Empty,
            InvalidReason::NoAt => Reason::NoAt,
            InvalidReason::InvalidLocalPart => Reason::InvalidLocalPart,
            InvalidReason::InvalidDomain => Reason::InvalidDomain,
            InvalidReason::NoDotInDomain => Reason::NoDotInDomain,
            InvalidReason::TooLong => Reason::TooLong,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_the_camel_case_variant_name_and_round_trips() {
        for reason in Reason::ALL {
            let name = format!("{reason:?}");
            let mut camel = name[..1].to_lowercase();
            camel.push_str(&name[1..]);
            assert_eq!(reason.as_str(), camel);
            let json = serde_json::to_string(reason).unwrap();
            assert_eq!(json, format!("\"{camel}\""));
            assert_eq!(serde_json::from_str::<Reason>(&json).unwrap(), *reason);
        }
    }

    #[test]
    fn the_codes_the_server_sends_leave_out_the_apps_own() {
        let own = [
            Reason::Network,
            Reason::UnreadableResponse,
            Reason::Aborted,
            Reason::SessionNotKept,
        ];
        assert_eq!(Reason::SENT.len() + own.len(), Reason::ALL.len());
        assert!(own.iter().all(|r| !Reason::SENT.contains(r)));
    }

    #[test]
    fn an_unknown_code_from_a_newer_server_still_decodes() {
        assert_eq!(
            serde_json::from_str::<Reason>("\"somethingNew\"").unwrap(),
            Reason::Unknown
        );
    }

    #[test]
    fn an_email_problem_keeps_its_code() {
        for reason in [
            InvalidReason::Empty,
            InvalidReason::NoAt,
            InvalidReason::InvalidLocalPart,
            InvalidReason::InvalidDomain,
            InvalidReason::NoDotInDomain,
            InvalidReason::TooLong,
        ] {
            assert_eq!(
                serde_json::to_value(Reason::from(reason)).unwrap(),
                serde_json::to_value(reason).unwrap()
            );
        }
    }
}
