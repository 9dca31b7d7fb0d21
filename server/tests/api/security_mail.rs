//! Issue 11, hole 5 and bounded retries: a one-time link is readable only until its message
//! is sent, and only with `--mail-capture`; a message the SMTP server keeps refusing ends as
//! failed, says why, and can be sent again.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::helpers::{assert_error, TestServer, ADMIN, AGENT};
use crate::mail::mail_to;
use crate::smtp::{free_port, wait_for, SmtpServer};

/// The one-time token (43 base64url characters) of a link in `text`, if any.
fn token_in(text: &str) -> Option<String> {
    let at = text.find("/help/")?;
    let url: String = text[at..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"')
        .collect();
    let last = url.rsplit('/').next()?.to_string();
    (last.len() >= 40).then_some(last)
}

#[tokio::test]
async fn without_mail_capture_site_admins_never_read_a_queued_link() {
    let server = TestServer::start_with(|c| c.mail_capture = false).await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["private.link@mail.example"]}))
        .await;
    let message = &mail_to(&server, "private.link@mail.example").await[0];
    for part in ["text", "html"] {
        let body = message[part].as_str().unwrap();
        assert_eq!(token_in(body), None, "{part}: {body}");
        assert!(body.contains("[link hidden"), "{part}: {body}");
    }
    let id = message["id"].as_str().unwrap();
    let one = server
        .get_json(ADMIN, &format!("/rest/clientele/1/mail/{id}"))
        .await;
    assert_eq!(token_in(one["text"].as_str().unwrap()), None);
}

#[tokio::test]
async fn with_mail_capture_a_queued_link_is_readable_for_development() {
    let server = TestServer::start().await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["dev.link@mail.example"]}))
        .await;
    let message = &mail_to(&server, "dev.link@mail.example").await[0];
    assert!(token_in(message["text"].as_str().unwrap()).is_some());
}

#[tokio::test]
async fn once_sent_the_stored_message_keeps_no_link_even_with_mail_capture() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let smtp = SmtpServer::start(port, dir.path());
    let server = TestServer::start_with(|c| c.smtp = Some(format!("smtp://127.0.0.1:{port}"))).await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["sent.link@mail.example"]}))
        .await;
    wait_for("the message", Duration::from_secs(30), || {
        !smtp.messages().is_empty()
    })
    .await;
    let started = Instant::now();
    let message = loop {
        let message = mail_to(&server, "sent.link@mail.example").await[0].clone();
        if message["state"] == "sent" {
            break message;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{message}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // The recipient got the link; the outbox no longer has it.
    let delivered = smtp.messages().concat();
    assert!(token_in(&delivered.replace("=\n", "")).is_some());
    for part in ["text", "html"] {
        let body = message[part].as_str().unwrap();
        assert_eq!(token_in(body), None, "{part}: {body}");
        assert!(body.contains("[link removed after sending]"), "{body}");
    }
    // A sent message cannot be copied with its link: the refusal says how to send a new one.
    let id = message["id"].as_str().unwrap();
    let resent = server
        .post_as(ADMIN, &format!("/rest/clientele/1/mail/{id}/resend"), json!({}))
        .await;
    assert_error(resent, 409, "linkRemoved").await;
}

/// An SMTP server that refuses every recipient permanently (550).
struct RefusingSmtp(Child);

impl RefusingSmtp {
    fn start(port: u16) -> RefusingSmtp {
        let script = r#"
import sys, time
from aiosmtpd.controller import Controller
class Refuse:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return '550 5.1.1 No such mailbox here'
controller = Controller(Refuse(), hostname='127.0.0.1', port=int(sys.argv[1]))
controller.start()
time.sleep(3600)
"#;
        let child = Command::new("/usr/bin/python3")
            .args(["-c", script, &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "SMTP did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        RefusingSmtp(child)
    }
}

impl Drop for RefusingSmtp {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn a_message_refused_permanently_ends_failed_with_the_reason_and_can_be_resent() {
    let port = free_port();
    let _smtp = RefusingSmtp::start(port);
    let server = TestServer::start_with(|c| c.smtp = Some(format!("smtp://127.0.0.1:{port}"))).await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["bounced@mail.example"]}))
        .await;
    let started = Instant::now();
    let failed: Value = loop {
        let message = mail_to(&server, "bounced@mail.example").await[0].clone();
        if message["state"] == "failed" {
            break message;
        }
        assert_ne!(message["state"], "sent");
        assert!(
            started.elapsed() < Duration::from_secs(40),
            "still not failed: {message}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(failed["attempts"], 3, "{failed}");
    assert!(failed["lastError"].as_str().unwrap().contains("550"), "{failed}");
    // No more tries after giving up.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let later = &mail_to(&server, "bounced@mail.example").await[0];
    assert_eq!(later["attempts"], 3);
    // The admin can send it again once the address is fixed on the mail side.
    let id = failed["id"].as_str().unwrap();
    let resent = server
        .post_as(ADMIN, &format!("/rest/clientele/1/mail/{id}/resend"), json!({}))
        .await;
    assert_eq!(resent.status(), 201);
}
