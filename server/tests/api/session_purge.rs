//! Expired sessions and long-expired one-time links do not pile up: the server purges them
//! when it starts and every hour while it runs, and live ones keep working.

use clientele_server::http::auth::SESSION_COOKIE;
use clientele_server::security::hash_secret;
use clientele_server::store::outbox::insert_account_token;
use clientele_server::store::{now_millis, Store};
use reqwest::Client;

use crate::helpers::{TestServer, ADMIN};

#[tokio::test]
async fn the_purge_removes_expired_sessions_and_long_expired_links_and_keeps_live_ones() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&crate::helpers::database_url(dir.path()).await)
        .await
        .unwrap();
    clientele_server::demo::fill(&store).await.unwrap();
    let admin = store.user_by_email(ADMIN).await.unwrap().unwrap().id;
    let now = now_millis();
    let day = 24 * 3600 * 1000;
    store
        .create_session(&hash_secret("old"), admin, now - 1)
        .await
        .unwrap();
    store
        .create_session(&hash_secret("older"), admin, now - 40 * day)
        .await
        .unwrap();
    store
        .create_session(&hash_secret("live"), admin, now + day)
        .await
        .unwrap();
    let mut tx = store.write().await.unwrap();
    // A link that expired a moment ago still says "expired" when opened; one long gone goes.
    insert_account_token(
        &mut tx,
        &hash_secret("recent"),
        admin,
        "passwordReset",
        None,
        now - 1,
        None,
    )
    .await
    .unwrap();
    insert_account_token(
        &mut tx,
        &hash_secret("ancient"),
        admin,
        "passwordReset",
        None,
        now - 31 * day,
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let purged = store.purge_expired(now).await.unwrap();
    assert_eq!((purged.sessions, purged.links), (2, 1));
    assert_eq!(store.purge_expired(now).await.unwrap().sessions, 0);
    assert!(store.session_user(&hash_secret("live")).await.unwrap().is_some());
    assert!(store
        .account_token(&hash_secret("recent"))
        .await
        .unwrap()
        .is_some());
    assert!(store
        .account_token(&hash_secret("ancient"))
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn the_server_purges_expired_sessions_when_it_starts_and_live_sessions_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database_url(dir.path()).await;
    let store = Store::open(&url).await.unwrap();
    clientele_server::demo::fill(&store).await.unwrap();
    let admin = store.user_by_email(ADMIN).await.unwrap().unwrap().id;
    let now = now_millis();
    for n in 0..5 {
        store
            .create_session(&hash_secret(&format!("expired{n}")), admin, now - 1000)
            .await
            .unwrap();
    }
    store
        .create_session(&hash_secret("live"), admin, now + 3_600_000)
        .await
        .unwrap();
    let server = TestServer::start_with(|config| config.database = url.clone()).await;

    assert_eq!(
        store.purge_expired(now_millis()).await.unwrap().sessions,
        0,
        "purged at start"
    );
    let current = Client::new()
        .get(server.url("/rest/auth/1/session"))
        .header("cookie", format!("{SESSION_COOKIE}=live"))
        .send()
        .await
        .unwrap();
    assert_eq!(current.status(), 200);
}
