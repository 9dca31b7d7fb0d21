//! "Are you sure?" for changes that take something away (removing a customer, detaching an
//! organization). Focus starts on Cancel.

use leptos::prelude::*;

use super::feedback::Feedback;
use super::modal::Modal;

/// A confirmation dialog. While `pending` the confirm button is busy; `error` says what failed.
#[component]
pub fn ConfirmDialog(
    /// The question, e.g. "Remove Jane Doe from IT Help?".
    #[prop(into)]
    title: String,
    /// What will happen.
    #[prop(into)]
    message: String,
    /// The confirm button's name, e.g. "Remove".
    confirm_label: &'static str,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <Modal labelled_by="confirm-title" on_close=on_cancel>
            <h2 id="confirm-title">{title}</h2>
            <p>{message}</p>
            <Feedback error=error/>
            <div class="dialog-buttons">
                <button type="button" class="button-danger" disabled=move || pending.get()
                    on:click=move |_| on_confirm.run(())>
                    {move || if pending.get() { "Working…" } else { confirm_label }}
                </button>
                <button type="button" data-autofocus on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </Modal>
    }
}
