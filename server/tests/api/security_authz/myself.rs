//! Hole 14: `/myself` showed customers the managed domains. Only staff see them; a customer's
//! `myself` still decodes in the app (the list is empty, which the app reads as "none").

use clientele_domain::wire::Myself;
use serde_json::json;

use crate::helpers::{TestServer, ADMIN, AGENT, CUSTOMER, LEAD};

const MYSELF: &str = "/rest/clientele/1/myself";

#[tokio::test]
async fn a_customers_myself_shows_no_managed_domains() {
    let server = TestServer::start().await;
    let me = server.get_json(CUSTOMER, MYSELF).await;
    assert_eq!(me["settings"]["managedDomains"], json!([]), "{me}");
    assert!(!me.to_string().contains("staff.example.com"), "{me}");
    // The rest of the settings the app reads are unchanged, and the app's type decodes it.
    assert_eq!(me["settings"]["plan"], "premium");
    let decoded: Myself = serde_json::from_value(me).expect("the app decodes a customer's myself");
    assert!(decoded.settings.managed_domains.is_empty());
}

#[tokio::test]
async fn staff_still_see_the_managed_domains_in_myself() {
    let server = TestServer::start().await;
    for who in [ADMIN, LEAD, AGENT] {
        let me = server.get_json(who, MYSELF).await;
        assert_eq!(
            me["settings"]["managedDomains"],
            json!(["staff.example.com"]),
            "{who}"
        );
    }
}
