//! Writes from the app, as Leptos actions, and the dialogs of a page that start them.
//!
//! A write is an [`Action`]: its pending state disables the buttons, and its answer — with the
//! input that asked for it — goes to one handler while the component that made it lives (an
//! answer arriving after a dialog closed is dropped, so nothing is set on a page that is gone).
//! [`DialogState`] adds what every page with dialogs keeps: which dialog is open, the notice
//! said after a change worked, and why the change failed, shown in the open dialog.

use std::future::Future;

use leptos::prelude::*;

use crate::api::ApiError;

/// The answer to a write, with the input that asked for it.
pub type Answered<I, T> = (I, Result<T, ApiError>);

/// A write: `send` starts the request for an input; `on_answer` gets each answer with that
/// input, once, outside any reactive tracking.
pub fn write_action<I, T, Fut>(
    send: impl Fn(&I) -> Fut + 'static,
    on_answer: impl Fn(I, Result<T, ApiError>) + 'static,
) -> Action<I, Answered<I, T>>
where
    I: Clone + 'static,
    T: Clone + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let action = Action::new_local(move |input: &I| {
        let (input, sent) = (input.clone(), send(input));
        async move { (input, sent.await) }
    });
    let answers = action.value();
    Effect::new(move |_| {
        if let Some((input, answer)) = answers.get() {
            untrack(|| on_answer(input, answer));
        }
    });
    action
}

/// The dialogs of a page and the write they start.
pub struct DialogState<D: Send + Sync + 'static, I: 'static, T: 'static> {
    /// The dialog open, if any.
    pub open: RwSignal<Option<D>>,
    /// What the last change did, said under the page's heading.
    pub notice: RwSignal<Option<String>>,
    /// Why the last change failed, said in the open dialog.
    pub failed: RwSignal<Option<String>>,
    write: Action<I, Answered<I, T>>,
    pending: Memo<bool>,
}

impl<D: Send + Sync + 'static, I: 'static, T: 'static> Clone for DialogState<D, I, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D: Send + Sync + 'static, I: 'static, T: 'static> Copy for DialogState<D, I, T> {}

impl<D, I, T> DialogState<D, I, T>
where
    D: Clone + Send + Sync + 'static,
    I: Clone + 'static,
    T: Clone + 'static,
{
    /// Nothing open yet; notices go to `notice` (the page's, which may already say something).
    /// The write is [`write_action`]`(send, on_answer)`; `on_answer` also gets the dialogs, to
    /// close them and say what happened.
    pub fn new<Fut>(
        notice: RwSignal<Option<String>>,
        send: impl Fn(&I) -> Fut + 'static,
        on_answer: impl Fn(Self, I, Result<T, ApiError>) + 'static,
    ) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let open = RwSignal::new(None);
        let failed = RwSignal::new(None);
        // The handler needs the finished state, which needs the action: filled in just below.
        let this = StoredValue::new_local(None::<Self>);
        let write = write_action(send, move |input, answer| {
            if let Some(dialogs) = this.try_get_value().flatten() {
                on_answer(dialogs, input, answer);
            }
        });
        let dialogs = DialogState {
            open,
            notice,
            failed,
            write,
            pending: write.pending(),
        };
        this.set_value(Some(dialogs));
        dialogs
    }

    /// Opens `what`, without the failure of an earlier dialog.
    pub fn show(self, what: D) {
        self.failed.set(None);
        self.open.set(Some(what));
    }

    /// Closes the open dialog.
    pub fn close(self) {
        self.open.set(None);
    }

    /// Closes the open dialog, for a Cancel button or Escape.
    pub fn on_close(self) -> Callback<()> {
        Callback::new(move |_| self.close())
    }

    /// A change worked: closes the dialog and says `what` happened.
    pub fn done(self, what: String) {
        self.open.set(None);
        self.notice.set(Some(what));
    }

    /// The dialog open now (untracked: for handlers).
    pub fn opened(self) -> Option<D> {
        self.open.get_untracked()
    }

    /// Sends the write, unless one is already in flight.
    pub fn send(self, input: I) {
        if !self.pending.get_untracked() {
            self.write.dispatch_local(input);
        }
    }

    /// Whether the write is in flight.
    pub fn pending(self) -> Memo<bool> {
        self.pending
    }
}
