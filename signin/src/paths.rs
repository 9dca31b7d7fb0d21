//! Where the help center's pages live, the pages of the signed-out build, where to go back to
//! after signing in, and the session-storage key of the sentence for the next page: shared by
//! the Leptos help center and the signed-out pages.

/// Where a sentence for the next page waits while that page loads: the next page is often the
/// other help-center build's (the home after accepting an invitation: the signed-out pages,
/// [`crate::tell_next_page`] writes it), a full page load.
pub const NOTICE_KEY: &str = "clientele.help-center.notice";

/// Where a page of help center `slug` lives: `help_path("support", "login")` is
/// `/help/support/login`; an empty page is the home.
pub fn help_path(slug: &str, page: &str) -> String {
    if page.is_empty() {
        format!("/help/{slug}")
    } else {
        format!("/help/{slug}/{page}")
    }
}

/// Where to go back to after signing in: `next` when it is a page of help center `slug` (never
/// another site, nor another part of the app).
pub fn return_path(next: Option<&str>, slug: &str) -> Option<String> {
    let next = next?;
    let home = help_path(slug, "");
    let inside =
        next == home || next.starts_with(&format!("{home}/")) || next.starts_with(&format!("{home}?"));
    (inside && !next.contains("//") && !next.contains('\\')).then(|| next.to_string())
}

/// Whether `page`, what follows `/help/{hc}/`, is one of the signed-out pages
/// (`crate::signed_out::PAGES`). The server sends these addresses the sign-in build
/// (`server/src/http/web_app.rs`, `SIGN_IN_PAGES`, lists the same pages).
pub fn is_signed_out_page(page: &str) -> bool {
    let page = page.strip_suffix('/').unwrap_or(page);
    match page.split_once('/') {
        None => matches!(page, "login" | "signup" | "forgot"),
        Some((link, token)) => {
            matches!(link, "invite" | "verify" | "reset") && !token.is_empty() && !token.contains('/')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_of_the_same_help_center_are_returned_to() {
        assert_eq!(
            return_path(Some("/help/support/requests/ITH-4"), "support").as_deref(),
            Some("/help/support/requests/ITH-4")
        );
        assert_eq!(
            return_path(Some("/help/support/requests?status=closed"), "support").as_deref(),
            Some("/help/support/requests?status=closed")
        );
        assert_eq!(return_path(Some("/help/supportx/raise"), "support"), None);
        assert_eq!(
            return_path(Some("https://evil.example/help/support"), "support"),
            None
        );
        assert_eq!(return_path(Some("/help/support//evil.example"), "support"), None);
        assert_eq!(return_path(Some("/settings/general"), "support"), None);
        assert_eq!(return_path(None, "support"), None);
    }

    #[test]
    fn the_signed_out_pages_are_the_sign_in_builds() {
        for page in [
            "login",
            "signup",
            "forgot",
            "invite/abc",
            "verify/abc",
            "reset/abc",
            "login/",
        ] {
            assert!(is_signed_out_page(page), "{page}");
        }
        for page in [
            "",
            "raise",
            "requests",
            "requests/ITH-1",
            "invite",
            "invite/",
            "login/x",
            "reset/a/b",
        ] {
            assert!(!is_signed_out_page(page), "{page}");
        }
    }
}
