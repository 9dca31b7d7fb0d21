//! The entries of a pasted list as the parser reads them, each with its state: valid, invalid
//! and why, a duplicate, or (for people who are not site admins) in a managed domain. Parsing
//! is the domain's [`parse_text`], the same the server runs.

use clientele_domain::email::{parse_text, EntryStatus, ParseLimits, ParsedEntry};
use clientele_domain::policy::{decide_add_address, GlobalSettings, Reason, Role};
use leptos::prelude::*;

/// How many entries are listed; the rest are counted. Rendering ten thousand rows would freeze
/// the page, and nobody reads them.
pub const SHOWN_ENTRIES: usize = 100;

/// The state of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryState {
    /// Will be added.
    Valid,
    /// Not an address; the reason says why.
    Invalid(String),
    /// The same address as an earlier entry.
    Duplicate(String),
    /// Valid, but this person may not add it (a managed domain); the reason says who may.
    NotAllowed(String),
}

impl EntryState {
    /// The short label shown with the entry.
    pub fn label(&self) -> &'static str {
        match self {
            EntryState::Valid => "Valid",
            EntryState::Invalid(_) => "Invalid",
            EntryState::Duplicate(_) => "Duplicate",
            EntryState::NotAllowed(_) => "Managed domain",
        }
    }

    /// The explanation, for every state but valid.
    pub fn reason(&self) -> Option<&str> {
        match self {
            EntryState::Valid => None,
            EntryState::Invalid(r) | EntryState::Duplicate(r) | EntryState::NotAllowed(r) => Some(r),
        }
    }

    fn class(&self) -> &'static str {
        match self {
            EntryState::Valid => "entry entry-valid",
            EntryState::Invalid(_) => "entry entry-invalid",
            EntryState::Duplicate(_) => "entry entry-duplicate",
            EntryState::NotAllowed(_) => "entry entry-refused",
        }
    }
}

/// One entry as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRow {
    /// 1-based, as a person counts (and as "Duplicate of entry 2." counts).
    pub number: usize,
    /// What was typed.
    pub input: String,
    /// The address, normalized, when there is one.
    pub email: Option<String>,
    /// The name given with it.
    pub display_name: Option<String>,
    /// Its state.
    pub state: EntryState,
}

/// A parsed list: the counts, and the entries worth showing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailPreview {
    /// All entries.
    pub total: usize,
    /// New valid addresses this person may add.
    pub valid: usize,
    /// Invalid entries.
    pub invalid: usize,
    /// Duplicates of earlier entries.
    pub duplicates: usize,
    /// Valid addresses this person may not add (managed domains).
    pub not_allowed: usize,
    /// At most [`SHOWN_ENTRIES`] entries: all of them in order when they fit, otherwise those
    /// that need attention first.
    pub shown: Vec<EntryRow>,
    /// Set when the list is longer than the server accepts; nothing else is then filled in.
    pub too_many: Option<String>,
}

fn state_of(entry: &ParsedEntry, role: Role, settings: &GlobalSettings) -> EntryState {
    match (&entry.status, &entry.email) {
        (EntryStatus::Valid, Some(email)) => {
            match decide_add_address(role, email.as_str(), settings).denial() {
                Some(denial) if denial.reason == Reason::ManagedDomain => {
                    EntryState::NotAllowed(denial.message.clone())
                }
                _ => EntryState::Valid,
            }
        }
        (status, _) => {
            let reason = status.message().unwrap_or_default();
            match status {
                EntryStatus::Duplicate { .. } => EntryState::Duplicate(reason),
                _ => EntryState::Invalid(reason),
            }
        }
    }
}

impl EmailPreview {
    /// Parses `text` under the server's `limits` (from `myself`, so that the preview refuses
    /// exactly what the server would) and checks each address for `role` under `settings`.
    pub fn of(text: &str, role: Role, settings: &GlobalSettings, limits: &ParseLimits) -> EmailPreview {
        let entries = match parse_text(text, limits) {
            Ok(entries) => entries,
            Err(too_many) => {
                return EmailPreview {
                    total: too_many.found,
                    too_many: Some(format!(
                        "{} Split it and add the parts one after the other.",
                        too_many.message()
                    )),
                    ..EmailPreview::default()
                }
            }
        };
        let states: Vec<EntryState> = entries.iter().map(|e| state_of(e, role, settings)).collect();
        let mut preview = EmailPreview {
            total: entries.len(),
            ..EmailPreview::default()
        };
        for state in &states {
            match state {
                EntryState::Valid => preview.valid += 1,
                EntryState::Invalid(_) => preview.invalid += 1,
                EntryState::Duplicate(_) => preview.duplicates += 1,
                EntryState::NotAllowed(_) => preview.not_allowed += 1,
            }
        }
        let row = |i: usize| {
            let entry = &entries[i];
            EntryRow {
                number: entry.index + 1,
                input: entry.input.clone(),
                email: entry.email.as_ref().map(|e| e.as_str().to_string()),
                display_name: entry.display_name.clone(),
                state: states[i].clone(),
            }
        };
        let order: Vec<usize> = if entries.len() <= SHOWN_ENTRIES {
            (0..entries.len()).collect()
        } else {
            let attention = (0..entries.len()).filter(|&i| states[i] != EntryState::Valid);
            let valid = (0..entries.len()).filter(|&i| states[i] == EntryState::Valid);
            attention.chain(valid).take(SHOWN_ENTRIES).collect()
        };
        preview.shown = order.into_iter().map(row).collect();
        preview
    }

    /// Entries not listed.
    pub fn hidden(&self) -> usize {
        self.total.saturating_sub(self.shown.len())
    }

    /// "4 entries: 1 to add, 1 invalid, 1 duplicate, 1 in a managed domain."
    pub fn counts(&self) -> String {
        let mut parts = vec![format!("{} to add", group(self.valid))];
        if self.invalid > 0 {
            parts.push(format!("{} invalid", group(self.invalid)));
        }
        if self.duplicates > 0 {
            parts.push(format!(
                "{} {}",
                group(self.duplicates),
                plural(self.duplicates, "duplicate", "duplicates")
            ));
        }
        if self.not_allowed > 0 {
            parts.push(format!("{} in a managed domain", group(self.not_allowed)));
        }
        format!(
            "{} {}: {}.",
            group(self.total),
            plural(self.total, "entry", "entries"),
            parts.join(", ")
        )
    }
}

/// `10000` → `10,000`.
pub fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The singular or the plural, by count.
pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The parsed entries, each with its state, and the counts.
#[component]
pub fn EmailEntries(#[prop(into)] preview: Signal<EmailPreview>) -> impl IntoView {
    move || {
        let preview = preview.get();
        if let Some(too_many) = preview.too_many {
            return view! { <p class="error" role="alert">{too_many}</p> }.into_any();
        }
        if preview.total == 0 {
            return view! { <p class="muted entries-empty">"Entries appear here as you type or paste them."</p> }.into_any();
        }
        let hidden = preview.hidden();
        let counts = preview.counts();
        let note = (hidden > 0).then(|| {
            let first = if preview.invalid + preview.duplicates + preview.not_allowed > 0 {
                " Entries that need attention come first."
            } else {
                ""
            };
            format!(
                "Showing {} of {} entries; {} more not listed.{first}",
                group(preview.shown.len()),
                group(preview.total),
                group(hidden)
            )
        });
        let rows = preview
            .shown
            .into_iter()
            .map(|row| {
                let address = match (&row.display_name, &row.email) {
                    (Some(name), Some(email)) => format!("{name} <{email}>"),
                    (None, Some(email)) => email.clone(),
                    _ => row.input.clone(),
                };
                let reason = row
                    .state
                    .reason()
                    .map(|r| view! { <span class="entry-reason">{r.to_string()}</span> });
                view! {
                    <li class=row.state.class() value=row.number>
                        <span class="entry-address">{address}</span>
                        <span class="entry-state">{row.state.label()}</span>
                        {reason}
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="entries">
                <p class="entries-counts" id="email-entries-counts">{counts}</p>
                <ol class="entries-list" aria-label="Entries as read">{rows}</ol>
                {note.map(|n| view! { <p class="muted entries-more">{n}</p> })}
            </div>
        }
        .into_any()
    }
}
