//! Delivery to a real SMTP server process (Debian's aiosmtpd, storing into a Maildir).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{TestServer, AGENT};
use crate::mail::mail_to;

/// An aiosmtpd process on loopback; stopped when dropped.
pub struct SmtpServer {
    child: Child,
    maildir: PathBuf,
    port: u16,
}

impl SmtpServer {
    pub fn start(port: u16, dir: &Path) -> SmtpServer {
        let maildir = dir.join("maildir");
        let child = Command::new("/usr/bin/python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd runs (Debian package python3-aiosmtpd, installed by scripts/setup.sh)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "aiosmtpd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpServer { child, maildir, port }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The whole text of every message received.
    pub fn messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect()
    }

    /// The `To:` of every message received.
    pub fn received(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .filter_map(|text| {
                text.lines()
                    .find(|l| l.starts_with("To: "))
                    .map(|l| l[4..].trim().to_string())
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn wait_for(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < timeout, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[tokio::test]
async fn queued_messages_reach_a_real_smtp_server_once_per_person() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let smtp = SmtpServer::start(port, dir.path());
    let server = TestServer::start_with(|c| c.smtp = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let people: Vec<String> = (0..5).map(|i| format!("person{i}@mail.example")).collect();
    server.bulk_add(AGENT, "ITH", json!({ "emails": people })).await;
    wait_for("5 messages", Duration::from_secs(30), || {
        smtp.received().len() >= 5
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(sorted(smtp.received()), sorted(people.clone()));
    let first = &mail_to(&server, &people[0]).await[0];
    assert_eq!(first["state"], "sent");
    assert_eq!(first["attempts"], 1);
}

#[tokio::test]
async fn a_server_that_is_down_then_up_gets_each_message_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = TestServer::start_with(|c| c.smtp = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let people: Vec<String> = (0..3).map(|i| format!("patient{i}@mail.example")).collect();
    server.bulk_add(AGENT, "ITH", json!({ "emails": people })).await;
    // Nothing listens yet: attempts fail and are recorded, messages stay queued.
    let started = Instant::now();
    loop {
        // Every message has failed once (not only the first), so that each needs a retry.
        let mut tried = 0;
        for person in &people {
            let m = &mail_to(&server, person).await[0];
            if m["attempts"].as_i64().unwrap() >= 1 {
                assert_eq!(m["state"], "queued");
                assert!(m["lastError"].as_str().is_some_and(|e| !e.is_empty()), "{m}");
                tried += 1;
            }
        }
        if tried == people.len() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no failed attempt recorded"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let smtp = SmtpServer::start(port, dir.path());
    wait_for("3 messages after retries", Duration::from_secs(40), || {
        smtp.received().len() >= 3
    })
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        sorted(smtp.received()),
        sorted(people.clone()),
        "each exactly once"
    );
    for person in &people {
        let m = &mail_to(&server, person).await[0];
        assert_eq!(m["state"], "sent");
        assert!(m["attempts"].as_i64().unwrap() >= 2, "{m}");
    }
}
