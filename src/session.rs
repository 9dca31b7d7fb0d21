//! The session context: who is signed in, provided once at the top of the app.

use clientele_domain::wire::Myself;
use leptos::prelude::*;

use crate::api::{self, ApiError};

/// What the app knows about the signed-in person.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// Still asking the server.
    Loading,
    /// Nobody is signed in.
    SignedOut,
    /// Signed in.
    SignedIn(Myself),
    /// The server could not be asked.
    Failed(ApiError),
}

/// The session, shared through context.
#[derive(Clone, Copy)]
pub struct Session {
    /// The current state; set it to change it everywhere.
    pub state: RwSignal<SessionState>,
}

impl Session {
    /// Provides a session in context and starts loading it from the server.
    pub fn provide() -> Session {
        let session = Session {
            state: RwSignal::new(SessionState::Loading),
        };
        provide_context(session);
        session.reload();
        session
    }

    /// A session already known (for tests and previews).
    pub fn provide_known(state: SessionState) -> Session {
        let session = Session {
            state: RwSignal::new(state),
        };
        provide_context(session);
        session
    }

    /// The session from context.
    pub fn use_session() -> Session {
        expect_context::<Session>()
    }

    /// Asks the server again who is signed in.
    pub fn reload(self) {
        leptos::task::spawn_local(async move {
            let state = match api::myself().await {
                Ok(Some(me)) => SessionState::SignedIn(me),
                Ok(None) => SessionState::SignedOut,
                Err(e) => SessionState::Failed(e),
            };
            self.state.set(state);
        });
    }

    /// Asks the server again, quietly: the session changes only if the answer differs (say, a
    /// site admin changed a setting), so pages do not re-render for nothing. A failure keeps
    /// what is known.
    pub fn refresh(self) {
        leptos::task::spawn_local(async move {
            let state = match api::myself().await {
                Ok(Some(me)) => SessionState::SignedIn(me),
                Ok(None) => SessionState::SignedOut,
                Err(_) => return,
            };
            if self.state.try_with_untracked(|known| known != &state) == Some(true) {
                self.state.set(state);
            }
        });
    }

    /// The signed-in person, if any.
    pub fn me(self) -> Option<Myself> {
        match self.state.get() {
            SessionState::SignedIn(me) => Some(me),
            _ => None,
        }
    }
}
