//! The messages the product sends, each with a plain-text part holding its link as an absolute
//! URL and a simple HTML part (maud templates: every value is escaped).

use maud::{html, DOCTYPE};

/// Which message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// "You've been invited": sign up at the help center.
    Invitation,
    /// "Verify your email address", then set a password.
    Verification,
    /// "Reset your password".
    PasswordReset,
}

impl MessageKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Invitation => "invitation",
            MessageKind::Verification => "verification",
            MessageKind::PasswordReset => "passwordReset",
        }
    }

    /// The path segment of its link under `/help/{help center}/`.
    pub fn link_segment(self) -> &'static str {
        match self {
            MessageKind::Invitation => "invite",
            MessageKind::Verification => "verify",
            MessageKind::PasswordReset => "reset",
        }
    }
}

/// A composed message.
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Composes `kind` for `display_name`, from the help center `help_center`, with `link`.
pub fn compose(
    kind: MessageKind,
    display_name: &str,
    help_center: &str,
    link: &str,
    valid_days: i64,
) -> Composed {
    let (subject, lead, action) = match kind {
        MessageKind::Invitation => (
            format!("You're invited to {help_center}"),
            format!("You've been added as a customer of {help_center}. Create your account to raise and follow requests."),
            "Accept the invitation",
        ),
        MessageKind::Verification => (
            format!("Verify your email address for {help_center}"),
            format!("An account for {help_center} was created with this address. Verify it and choose a password to sign in."),
            "Verify your email address",
        ),
        MessageKind::PasswordReset => (
            format!("Reset your password for {help_center}"),
            "Someone asked to reset the password of this account. If it wasn't you, ignore this message.".to_string(),
            "Choose a new password",
        ),
    };
    let text = format!(
        "Hello {display_name},\n\n{lead}\n\n{action}: {link}\n\nThe link works once and expires in {valid_days} days.\n\n— {help_center}\n"
    );
    let html = html! {
        (DOCTYPE)
        html {
            body style="font-family: sans-serif; color: #1d2433;" {
                p { "Hello " (display_name) "," }
                p { (lead) }
                p { a href=(link) { (action) } }
                p style="color: #5b6478;" { "The link works once and expires in " (valid_days) " days." }
                p { "— " (help_center) }
            }
        }
    }
    .into_string();
    Composed { subject, text, html }
}

/// The messages about a request, sent to its reporter and participants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestMessage {
    /// The service desk replied publicly.
    Reply,
    /// The service desk resolved it.
    Resolved,
}

impl RequestMessage {
    /// The stored kind.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestMessage::Reply => "requestReply",
            RequestMessage::Resolved => "requestResolved",
        }
    }
}

/// What a request message says: which request, and the reply or the resolution.
pub struct RequestNews<'a> {
    pub kind: RequestMessage,
    pub display_name: &'a str,
    pub help_center: &'a str,
    pub key: &'a str,
    pub summary: &'a str,
    /// The reply's text, or the comment sent with the resolution.
    pub comment: Option<&'a str>,
    /// The request's page in the help center.
    pub link: &'a str,
}

/// Composes a message about a request.
pub fn compose_request(news: &RequestNews<'_>) -> Composed {
    let RequestNews {
        display_name,
        help_center,
        key,
        summary,
        link,
        ..
    } = *news;
    let (subject, lead) = match news.kind {
        RequestMessage::Reply => (
            format!("[{key}] {summary}: a reply from {help_center}"),
            format!("The service desk replied to your request {key}, \"{summary}\"."),
        ),
        RequestMessage::Resolved => (
            format!("[{key}] {summary}: resolved"),
            format!(
                "Your request {key}, \"{summary}\", was resolved. If it isn't done, reopen it from its page."
            ),
        ),
    };
    let comment = news.comment.filter(|c| !c.trim().is_empty());
    let quoted = comment.map(|c| format!("\n\n{c}")).unwrap_or_default();
    let text =
        format!("Hello {display_name},\n\n{lead}{quoted}\n\nView the request: {link}\n\n— {help_center}\n");
    let html = html! {
        (DOCTYPE)
        html {
            body style="font-family: sans-serif; color: #1d2433;" {
                p { "Hello " (display_name) "," }
                p { (lead) }
                @if let Some(comment) = comment {
                    blockquote style="white-space: pre-wrap; border-left: 3px solid #c6cbd6; margin: 0; padding-left: 12px;" { (comment) }
                }
                p { a href=(link) { "View the request" } }
                p { "— " (help_center) }
            }
        }
    }
    .into_string();
    Composed { subject, text, html }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_part_holds_the_absolute_link_and_html_escapes_names() {
        let m = compose(
            MessageKind::Invitation,
            "<b>Eve</b>",
            "Support & Co",
            "http://x.test/help/s/invite/abc",
            7,
        );
        assert!(m.text.contains("http://x.test/help/s/invite/abc"));
        assert!(m.subject.contains("Support & Co"));
        assert!(m.html.contains("&lt;b&gt;Eve&lt;/b&gt;"));
        assert!(m.html.contains("Support &amp; Co"));
        assert!(!m.html.contains("<b>Eve"));
    }

    #[test]
    fn a_request_reply_names_the_request_quotes_the_reply_and_escapes_it() {
        let m = compose_request(&RequestNews {
            kind: RequestMessage::Reply,
            display_name: "Ann",
            help_center: "Support",
            key: "ITH-3",
            summary: "Printer <jammed>",
            comment: Some("Try <b>this</b>"),
            link: "http://x.test/help/support/requests/ITH-3",
        });
        assert_eq!(m.subject, "[ITH-3] Printer <jammed>: a reply from Support");
        assert!(m.text.contains("Try <b>this</b>"));
        assert!(m.text.contains("http://x.test/help/support/requests/ITH-3"));
        assert!(m.html.contains("Try &lt;b&gt;this&lt;/b&gt;"));
        assert!(m.html.contains("Printer &lt;jammed&gt;"));
    }
}
