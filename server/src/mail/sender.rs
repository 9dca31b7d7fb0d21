//! Delivers queued messages over SMTP (lettre), retrying with backoff and recording each
//! attempt. Any number of server processes may run a sender on one database: each claims a
//! few due messages at a time with a lease (`Store::claim_due_messages`), so one message goes
//! to one sender. A message is marked sent only after the SMTP server accepted it, so a crash
//! between the two sends it again once its lease ends — at worst (SMTP's at-least-once), and
//! never loses it.

use std::time::Duration;

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use crate::store::{now_millis, MessageRow, Store};

/// How long to wait before the next try after `attempts` failed ones: 1 s, 2 s, 4 s … 5 min.
pub fn backoff(attempts: i64) -> Duration {
    Duration::from_secs(1u64 << attempts.clamp(0, 8) as u32).min(Duration::from_secs(300))
}

/// Tries before a message the SMTP server refuses permanently (5xx) is marked failed.
pub const MAX_PERMANENT_ATTEMPTS: i64 = 3;
/// Tries before a message that keeps failing for other reasons is marked failed: with the
/// backoff capped at 5 minutes, about a day.
pub const MAX_ATTEMPTS: i64 = 300;

/// What to do after a failed attempt: retry at this time, or give up (`None`).
pub fn after_failure(attempts_so_far: i64, permanent: bool) -> Option<i64> {
    let attempts = attempts_so_far + 1;
    let limit = if permanent {
        MAX_PERMANENT_ATTEMPTS
    } else {
        MAX_ATTEMPTS
    };
    (attempts < limit).then(|| now_millis() + backoff(attempts).as_millis() as i64)
}

/// The background sender.
pub struct Sender {
    store: Store,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    wake: std::sync::Arc<Notify>,
    lease: Duration,
}

/// Messages one sender claims at a time.
const BATCH: i64 = 10;

impl Sender {
    /// A sender for `smtp_url` (`smtp://host:port`, `smtps://user:pass@host`, or
    /// `smtp://…?tls=required` for STARTTLS).
    pub fn new(
        store: Store,
        smtp_url: &str,
        from: &str,
        wake: std::sync::Arc<Notify>,
        lease: Duration,
    ) -> anyhow::Result<Sender> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        Ok(Sender {
            store,
            transport,
            from: from.parse()?,
            wake,
            lease,
        })
    }

    /// Runs forever: delivers what is due, then sleeps until woken or the next second.
    pub async fn run(self) {
        loop {
            match self
                .store
                .claim_due_messages(BATCH, self.lease.as_millis() as i64)
                .await
            {
                Ok(due) if !due.is_empty() => {
                    for message in due {
                        self.deliver(&message).await;
                    }
                    // More may be due: claim again at once.
                    continue;
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "cannot read the outbox"),
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), self.wake.notified()).await;
        }
    }

    async fn deliver(&self, message: &MessageRow) {
        // (error, whether the refusal is permanent)
        let outcome: Result<(), (String, bool)> = match self.build(message) {
            Ok(email) => self
                .transport
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| (e.to_string(), e.is_permanent())),
            Err(e) => Err((e.to_string(), true)),
        };
        let (error, next) = match &outcome {
            Ok(()) => (None, None),
            Err((error, permanent)) => {
                let next = after_failure(message.attempts, *permanent);
                match next {
                    Some(_) => {
                        tracing::warn!(id = message.id, attempts = message.attempts + 1, %error, "mail not delivered; will retry")
                    }
                    None => {
                        tracing::warn!(id = message.id, attempts = message.attempts + 1, %error, "mail not delivered; giving up")
                    }
                }
                (Some(error.as_str()), next)
            }
        };
        if let Err(e) = self.store.record_attempt(message.id, error, next).await {
            tracing::error!(error = %e, id = message.id, "cannot record a delivery attempt");
        }
    }

    fn build(&self, message: &MessageRow) -> anyhow::Result<Message> {
        // One Message-ID per outbox message, however often it is handed to the SMTP server: a
        // message sent again after a crash is recognisably the same message.
        let host = self.from.email.domain().to_owned();
        Ok(Message::builder()
            .message_id(Some(format!(
                "<outbox-{}-{}@{host}>",
                message.id, message.created_at
            )))
            .from(self.from.clone())
            .to(message.recipient.parse()?)
            .subject(&message.subject)
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(message.text_body.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(message.html_body.clone()),
                    ),
            )?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_up_to_five_minutes() {
        assert_eq!(super::backoff(1).as_secs(), 2);
        assert_eq!(super::backoff(2).as_secs(), 4);
        assert_eq!(super::backoff(30).as_secs(), 256);
        assert!(super::backoff(100).as_secs() <= 300);
    }

    #[test]
    fn permanent_refusals_give_up_after_a_few_tries_and_others_after_many() {
        assert!(super::after_failure(0, true).is_some());
        assert!(super::after_failure(super::MAX_PERMANENT_ATTEMPTS - 1, true).is_none());
        assert!(super::after_failure(super::MAX_PERMANENT_ATTEMPTS - 1, false).is_some());
        assert!(super::after_failure(super::MAX_ATTEMPTS - 1, false).is_none());
    }
}
