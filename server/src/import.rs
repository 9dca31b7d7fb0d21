//! CSV imports of customers (issue 17 §3): read the file, map its columns, check every row,
//! then write it all in one transaction — or, in a dry run, do the same and roll it back, so
//! that the report says exactly what the import would do.
//!
//! The file: UTF-8 CSV (see [`crate::csv`]), its first record a header that names the columns
//! (detected with [`clientele_domain::email::heading`]; the caller may choose others), at
//! most `--max-import-rows` rows after it. A file that cannot be read, has too many rows or no
//! email column is refused before anything runs.
//!
//! Each row: an address (required), a display name, organization names (separated by `;` or
//! line breaks) and project keys (separated by `;`, `,` or white space). A row is
//! - `invalid` when a value is not valid, a project does not exist, an organization does not
//!   exist and the import may not create it, or an earlier row has the same address with
//!   other details;
//! - `refused` when the policy refuses it (an account whose access is revoked);
//! - `duplicate` when an earlier row is the same (skipped, harmless);
//! - `ok` otherwise, with its changes: account created (portal-only, invited) or already
//!   there, name updated, added to each organization (created if missing, when allowed) and
//!   project, or already there.
//!
//! All or nothing: one invalid or refused row and nothing is written. New people get one
//! message each (unless the import sends none): the welcome of their row's first project, by
//! its "Customer invited" setting, else of their first organization, else an invitation.
//!
//! Every write goes through the store's bulk-add functions in one [`Tx`].

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use clientele_domain::email::{heading, Email, Heading};
use clientele_domain::names::{DisplayName, OrganizationName};
use clientele_domain::policy::{self, Decision, GlobalSettings, Role};
use clientele_domain::wire::import::{
    ImportChange, ImportMapping, ImportOptions, ImportOutcome, ImportRowResult, ImportSummary,
};

use crate::bulk::BulkTarget;
use crate::csv::{self, CsvError, Record};
use crate::notify::{invitation_welcome, queue_welcomes, welcome_for, Recipient, Site, Welcome};
use crate::store::audit::{record_bulk_change, BulkKind, BulkWrites, Scope};
use crate::store::imports::{
    finish_import, organizations_by_key, projects_by_key, set_display_names, ImportEnd,
};
use crate::store::{customers, insert_organization, Actor, Store, StoreResult, Tx};

/// Rows written per step: progress moves on after each.
const STEP: usize = 5000;

/// A file, read: its header's cells and its rows.
#[derive(Debug, Clone)]
pub struct ImportFile {
    pub columns: Vec<String>,
    pub rows: Vec<Record>,
}

/// Why a file is refused before anything runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// It cannot be read as CSV.
    Csv(CsvError),
    /// Nothing in it.
    Empty,
    /// Only a header.
    NoRows,
    /// More rows than allowed.
    TooManyRows { rows: usize, max: usize },
    /// No column holds the addresses.
    NoEmailColumn { columns: Vec<String> },
    /// A chosen column is not in the file.
    NoSuchColumn { column: usize, columns: usize },
}

impl FileProblem {
    /// A sentence for the admin.
    pub fn message(&self) -> String {
        match self {
            FileProblem::Csv(e) => e.message(),
            FileProblem::Empty => "The file is empty.".into(),
            FileProblem::NoRows => "The file has a header row and no rows after it.".into(),
            FileProblem::TooManyRows { rows, max } => format!(
                "The file has {} rows; at most {} can be imported at once. Split it and import the parts one after the other.",
                group(*rows),
                group(*max)
            ),
            FileProblem::NoEmailColumn { columns } => format!(
                "No column holds email addresses: name one \"email\" in the header row, or choose it. The header has: {}.",
                columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
            ),
            FileProblem::NoSuchColumn { column, columns } => format!(
                "There is no column {column}: the file has {columns} (numbered from 0)."
            ),
        }
    }
}

fn group(n: usize) -> String {
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

/// Reads a file: CSV, a header, at most `max_rows` rows after it.
pub fn read_file(bytes: &[u8], max_rows: usize) -> Result<ImportFile, FileProblem> {
    let mut records = csv::read(bytes).map_err(FileProblem::Csv)?.into_iter();
    let header = records.next().ok_or(FileProblem::Empty)?;
    let rows: Vec<Record> = records.collect();
    if rows.is_empty() {
        return Err(FileProblem::NoRows);
    }
    if rows.len() > max_rows {
        return Err(FileProblem::TooManyRows {
            rows: rows.len(),
            max: max_rows,
        });
    }
    Ok(ImportFile {
        columns: header.fields,
        rows,
    })
}

/// The columns the header names: the first of each kind. `organizations` prefers a column
/// named so exactly (the organizations export also has an `organization` column).
pub fn detect_mapping(columns: &[String]) -> ImportMapping {
    let find = |h: Heading| columns.iter().position(|c| heading(c) == Some(h));
    let exact = |name: &str| columns.iter().position(|c| c.trim().eq_ignore_ascii_case(name));
    ImportMapping {
        email: find(Heading::Email),
        display_name: find(Heading::Name),
        organizations: exact("organizations").or_else(|| find(Heading::Organizations)),
        projects: exact("projects").or_else(|| find(Heading::Projects)),
    }
}

/// Checks a mapping against the file: an email column, every column in the file.
pub fn check_mapping(file: &ImportFile, mapping: &ImportMapping) -> Result<(), FileProblem> {
    let Some(_) = mapping.email else {
        return Err(FileProblem::NoEmailColumn {
            columns: file.columns.clone(),
        });
    };
    let width = file.columns.len();
    for column in [
        mapping.email,
        mapping.display_name,
        mapping.organizations,
        mapping.projects,
    ]
    .into_iter()
    .flatten()
    {
        if column >= width {
            return Err(FileProblem::NoSuchColumn {
                column,
                columns: width,
            });
        }
    }
    Ok(())
}

/// Progress of running imports, by id, for `GET …/import/{id}` while the transaction is open
/// (nothing of it is visible in the database until it commits).
#[derive(Debug, Default)]
pub struct Jobs {
    running: Mutex<HashMap<i64, Arc<AtomicUsize>>>,
}

impl Jobs {
    /// Registers a running import; its counter starts at 0.
    pub fn start(&self, id: i64) -> Arc<AtomicUsize> {
        let counter = Arc::new(AtomicUsize::new(0));
        self.lock().insert(id, counter.clone());
        counter
    }

    /// Rows done by a running import of this process.
    pub fn progress(&self, id: i64) -> Option<usize> {
        self.lock().get(&id).map(|c| c.load(Ordering::Relaxed))
    }

    /// Forgets a finished import.
    pub fn end(&self, id: i64) {
        self.lock().remove(&id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<AtomicUsize>>> {
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One row, read and checked on its own.
struct Row {
    line: usize,
    email_text: String,
    email: Option<Email>,
    name: Option<String>,
    /// (name as written, name key).
    organizations: Vec<(String, String)>,
    /// Keys, uppercase.
    projects: Vec<String>,
    outcome: ImportOutcome,
    reason: Option<String>,
    changes: Vec<ImportChange>,
}

impl Row {
    fn fail(&mut self, outcome: ImportOutcome, reason: String) {
        if self.outcome == ImportOutcome::Ok {
            self.outcome = outcome;
            self.reason = Some(reason);
        }
    }

    fn same_details(&self, other: &Row) -> bool {
        self.name == other.name
            && self.organizations == other.organizations
            && self.projects == other.projects
    }
}

fn cell(record: &Record, column: Option<usize>) -> &str {
    column.and_then(|c| record.fields.get(c)).map_or("", |f| f.trim())
}

/// Reads one record by the mapping, checking each value on its own.
fn read_row(record: &Record, mapping: &ImportMapping) -> Row {
    let email_text = cell(record, mapping.email).to_string();
    let mut row = Row {
        line: record.line,
        email_text: email_text.clone(),
        email: None,
        name: None,
        organizations: Vec::new(),
        projects: Vec::new(),
        outcome: ImportOutcome::Ok,
        reason: None,
        changes: Vec::new(),
    };
    if email_text.is_empty() {
        row.fail(ImportOutcome::Invalid, "This row has no email address.".into());
    } else {
        match Email::parse(&email_text) {
            Ok(email) => row.email = Some(email),
            Err(reason) => row.fail(
                ImportOutcome::Invalid,
                format!("\"{email_text}\" is not a valid address: {}", reason.message()),
            ),
        }
    }
    let name = cell(record, mapping.display_name);
    if !name.is_empty() {
        match DisplayName::parse(name) {
            Ok(name) => row.name = Some(name.into_string()),
            Err(problem) => row.fail(ImportOutcome::Invalid, problem.message()),
        }
    }
    let mut seen = HashSet::new();
    for part in cell(record, mapping.organizations).split([';', '\n', '\r']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match OrganizationName::parse(part) {
            Ok(name) => {
                let name = name.into_string();
                let key = name.to_lowercase();
                if seen.insert(key.clone()) {
                    row.organizations.push((name, key));
                }
            }
            Err(problem) => row.fail(ImportOutcome::Invalid, problem.message()),
        }
    }
    for key in cell(record, mapping.projects).split(|c: char| c == ';' || c == ',' || c.is_whitespace()) {
        let key = key.trim().to_uppercase();
        if !key.is_empty() && !row.projects.contains(&key) {
            row.projects.push(key);
        }
    }
    row
}

/// Whether an import writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Do everything and roll it back.
    DryRun,
    /// Write, all or nothing; `id` is the import's row, marked done in the same transaction.
    Commit { id: i64 },
}

/// What an import did (or would do).
#[derive(Debug, Clone)]
pub struct Outcome {
    pub results: Vec<ImportRowResult>,
    pub summary: ImportSummary,
    /// Whether the changes were written.
    pub written: bool,
}

impl Outcome {
    /// Whether a row stops the import.
    pub fn blocked(&self) -> bool {
        self.summary.invalid + self.summary.refused > 0
    }

    /// Why nothing was written, when a row stopped it.
    pub fn blocked_message(&self) -> String {
        format!(
            "{} invalid and {} refused rows: nothing was written. Fix them (the report says why) and import again.",
            group(self.summary.invalid),
            group(self.summary.refused)
        )
    }

    /// The stored forms of the report and summary.
    pub fn to_json(&self) -> (String, String) {
        (
            serde_json::to_string(&self.summary).unwrap_or_default(),
            serde_json::to_string(&self.results).unwrap_or_default(),
        )
    }
}

/// What an import needs besides the file.
pub struct Run<'a> {
    pub store: &'a Store,
    pub site: Site<'a>,
    pub settings: &'a GlobalSettings,
    pub options: ImportOptions,
    pub progress: Option<Arc<AtomicUsize>>,
    /// Who runs it: the audit trail records a committed import as one bulk change, which its
    /// runner or a site admin may undo for 24 hours.
    pub actor: Actor,
}

/// Runs an import of `file` by `mapping` (checked).
pub async fn run(
    run: &Run<'_>,
    file: &ImportFile,
    mapping: &ImportMapping,
    mode: Mode,
) -> StoreResult<Outcome> {
    let mut rows: Vec<Row> = file.rows.iter().map(|r| read_row(r, mapping)).collect();

    // Repeated addresses: the same row again is a duplicate; other details are an error.
    let mut first: HashMap<String, usize> = HashMap::new();
    for i in 0..rows.len() {
        let Some(key) = rows[i].email.as_ref().map(Email::key) else {
            continue;
        };
        match first.get(&key) {
            Some(&earlier) => {
                let line = rows[earlier].line;
                if rows[i].same_details(&rows[earlier]) {
                    rows[i].fail(
                        ImportOutcome::Duplicate,
                        format!("The same as the row on line {line}: skipped."),
                    );
                } else {
                    rows[i].fail(
                        ImportOutcome::Invalid,
                        format!(
                            "The row on line {line} has the same address with other details: keep one row per person."
                        ),
                    );
                }
            }
            None if rows[i].outcome == ImportOutcome::Ok => {
                first.insert(key, i);
            }
            None => {}
        }
    }
    // The policy, per address (a site admin may add any; the check stays, as for bulk add).
    for row in rows.iter_mut().filter(|r| r.outcome == ImportOutcome::Ok) {
        if let Some(email) = &row.email {
            if let Decision::Denied(denial) =
                policy::decide_add_address(Role::SiteAdmin, email.as_str(), run.settings)
            {
                row.fail(ImportOutcome::Refused, denial.message.clone());
            }
        }
    }

    // The welcomes, read before the transaction takes the write lock.
    let project_keys: Vec<String> = {
        let mut keys: Vec<String> = rows.iter().flat_map(|r| r.projects.iter().cloned()).collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    };
    let org_keys: Vec<String> = {
        let mut keys: Vec<String> = rows
            .iter()
            .flat_map(|r| r.organizations.iter().map(|(_, k)| k.clone()))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    };

    let mut tx = run.store.write().await?;
    let projects = projects_by_key(&mut tx, &project_keys).await?;
    let existing_orgs = organizations_by_key(&mut tx, &org_keys).await?;
    for row in rows.iter_mut() {
        if let Some(missing) = row.projects.iter().find(|k| !projects.contains_key(*k)) {
            let reason = format!("There is no project with the key {missing}.");
            row.fail(ImportOutcome::Invalid, reason);
        }
        if !run.options.create_organizations {
            if let Some((name, _)) = row
                .organizations
                .iter()
                .find(|(_, k)| !existing_orgs.contains_key(k))
            {
                let reason = format!(
                    "There is no organization called \"{name}\". Tick \"Create missing organizations\" to create it."
                );
                row.fail(ImportOutcome::Invalid, reason);
            }
        }
    }
    let keys: Vec<String> = rows
        .iter()
        .filter(|r| r.outcome == ImportOutcome::Ok)
        .filter_map(|r| r.email.as_ref().map(Email::key))
        .collect();
    let existing = customers::existing_accounts(&mut tx, &keys).await?;
    for row in rows.iter_mut().filter(|r| r.outcome == ImportOutcome::Ok) {
        let Some(account) = row.email.as_ref().and_then(|e| existing.get(&e.key())) else {
            continue;
        };
        if let Decision::Denied(denial) = policy::decide_add_existing_account(account.status) {
            row.fail(ImportOutcome::Refused, denial.message.clone());
        }
    }
    let blocked = rows.iter().any(|r| r.outcome.blocks());
    let dry_run = mode == Mode::DryRun;
    if blocked && !dry_run {
        // All or nothing: nothing is written.
        tx.rollback().await?;
        return Ok(finish(rows, false));
    }

    let welcomes = Welcomes::read(run, &projects, &existing_orgs).await?;
    // Organizations the file names that do not exist: created once, by the first spelling.
    let mut organizations: HashMap<String, (i64, String, bool)> = existing_orgs
        .into_iter()
        .map(|(key, (id, name))| (key, (id, name, false)))
        .collect();
    let mut messages = 0;
    let mut done = 0;
    let mut writes = BulkWrites::default();
    let ok: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].outcome == ImportOutcome::Ok)
        .collect();
    for step in ok.chunks(STEP) {
        for &i in step {
            for (name, key) in &rows[i].organizations {
                if !organizations.contains_key(key) {
                    let id = insert_organization(&mut tx, name).await?;
                    organizations.insert(key.clone(), (id, name.clone(), true));
                }
            }
        }
        messages += write_step(
            &mut tx,
            &mut rows,
            step,
            &existing,
            &projects,
            &organizations,
            &welcomes,
        )
        .await
        .map(|(queued, step_writes)| {
            writes.created.extend(step_writes.created);
            writes.added.extend(step_writes.added);
            queued
        })?;
        done += step.len();
        if let Some(progress) = &run.progress {
            progress.store(done, Ordering::Relaxed);
        }
    }
    let mut outcome = finish(rows, !dry_run);
    outcome.summary.messages = messages;
    outcome.summary.organizations_created = organizations.values().filter(|(_, _, created)| *created).count();
    match mode {
        Mode::DryRun => tx.rollback().await?,
        Mode::Commit { id } => {
            let (summary, report) = outcome.to_json();
            let end = ImportEnd {
                state: "done",
                rows_done: file.rows.len() as i64,
                summary: &summary,
                report: &report,
                error: None,
            };
            record_bulk_change(&mut tx, &run.actor, BulkKind::Import, None, &writes).await?;
            finish_import(&mut tx, id, &end).await?;
            tx.commit().await?;
        }
    }
    if let Some(progress) = &run.progress {
        progress.store(file.rows.len(), Ordering::Relaxed);
    }
    Ok(outcome)
}

/// The message for new people, by where they were added.
struct Welcomes<'a> {
    projects: HashMap<i64, Welcome<'a>>,
    organizations: HashMap<i64, Welcome<'a>>,
    default: Option<Welcome<'a>>,
    send: bool,
}

impl<'a> Welcomes<'a> {
    async fn read(
        run: &Run<'a>,
        projects: &HashMap<String, i64>,
        organizations: &HashMap<String, (i64, String)>,
    ) -> StoreResult<Welcomes<'a>> {
        let mut welcomes = Welcomes {
            projects: HashMap::new(),
            organizations: HashMap::new(),
            default: None,
            send: run.options.send_invitations,
        };
        if !welcomes.send {
            return Ok(welcomes);
        }
        for &id in projects.values() {
            if let Some(w) = welcome_for(run.store, run.site.clone(), BulkTarget::Project(id), None).await? {
                welcomes.projects.insert(id, w);
            }
        }
        for (id, _) in organizations.values() {
            if let Some(w) =
                welcome_for(run.store, run.site.clone(), BulkTarget::Organization(*id), None).await?
            {
                welcomes.organizations.insert(*id, w);
            }
        }
        welcomes.default = invitation_welcome(run.store, run.site.clone()).await?;
        Ok(welcomes)
    }

    /// The welcome of a new person added to these projects and organizations (ids).
    fn pick(&self, projects: &[i64], organizations: &[i64]) -> Option<(WelcomeKey, &Welcome<'a>)> {
        if !self.send {
            return None;
        }
        if let Some((id, w)) = projects
            .first()
            .and_then(|id| self.projects.get(id).map(|w| (*id, w)))
        {
            return Some((WelcomeKey::Project(id), w));
        }
        if let Some((id, w)) = organizations
            .first()
            .and_then(|id| self.organizations.get(id).map(|w| (*id, w)))
        {
            return Some((WelcomeKey::Organization(id), w));
        }
        self.default.as_ref().map(|w| (WelcomeKey::Default, w))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum WelcomeKey {
    Project(i64),
    Organization(i64),
    Default,
}

/// Writes the rows `step` (indexes of `ok` rows): accounts, names, memberships, messages.
/// Returns the number of messages queued, and what it wrote for the audit trail's bulk change.
async fn write_step(
    tx: &mut Tx,
    rows: &mut [Row],
    step: &[usize],
    existing: &HashMap<String, customers::ExistingAccount>,
    projects: &HashMap<String, i64>,
    organizations: &HashMap<String, (i64, String, bool)>,
    welcomes: &Welcomes<'_>,
) -> StoreResult<(usize, BulkWrites)> {
    let mut writes = BulkWrites::default();
    // Accounts.
    let new_accounts: Vec<(Email, String)> = step
        .iter()
        .filter_map(|&i| {
            let email = rows[i].email.as_ref()?;
            (!existing.contains_key(&email.key())).then(|| {
                let name = rows[i]
                    .name
                    .clone()
                    .unwrap_or_else(|| email.local_part().to_string());
                (email.clone(), name)
            })
        })
        .collect();
    let created = customers::create_invited_accounts(tx, &new_accounts).await?;
    let mut renames: Vec<(i64, String)> = Vec::new();
    let mut ids: HashMap<usize, i64> = HashMap::new();
    let mut new_people: HashSet<usize> = HashSet::new();
    for &i in step {
        let Some(key) = rows[i].email.as_ref().map(Email::key) else {
            continue;
        };
        if let Some(account) = existing.get(&key) {
            ids.insert(i, account.id);
            match &rows[i].name {
                Some(name) if *name != account.display_name => {
                    renames.push((account.id, name.clone()));
                    rows[i].changes.push(ImportChange::NameUpdated {
                        from: account.display_name.clone(),
                        to: name.clone(),
                    });
                }
                _ => rows[i].changes.push(ImportChange::AccountExists),
            }
        } else if let Some(id) = created.get(&key) {
            ids.insert(i, *id);
            new_people.insert(i);
            if let Some(email) = &rows[i].email {
                writes.created.push((*id, email.as_str().to_string()));
            }
            rows[i].changes.push(ImportChange::AccountCreated);
        }
    }
    set_display_names(tx, &renames).await?;

    // Memberships, one statement set per organization and project of the step.
    let mut by_org: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut by_project: HashMap<i64, Vec<i64>> = HashMap::new();
    for &i in step {
        let Some(&id) = ids.get(&i) else { continue };
        for (_, key) in &rows[i].organizations {
            if let Some((org, _, _)) = organizations.get(key) {
                by_org.entry(*org).or_default().push(id);
            }
        }
        for key in &rows[i].projects {
            if let Some(project) = projects.get(key) {
                by_project.entry(*project).or_default().push(id);
            }
        }
    }
    let mut added_to_org: HashMap<i64, HashSet<i64>> = HashMap::new();
    for (org, members) in &mut by_org {
        members.sort_unstable();
        members.dedup();
        added_to_org.insert(
            *org,
            customers::add_organization_members(tx, *org, members).await?,
        );
    }
    let mut added_to_project: HashMap<i64, HashSet<i64>> = HashMap::new();
    for (project, members) in &mut by_project {
        members.sort_unstable();
        members.dedup();
        added_to_project.insert(
            *project,
            customers::add_project_customers(tx, *project, members).await?,
        );
    }

    // What the audit trail's bulk change lists as added (for an undo).
    let address: HashMap<i64, String> = step
        .iter()
        .filter_map(|i| Some((*ids.get(i)?, rows[*i].email.as_ref()?.as_str().to_string())))
        .collect();
    let added = added_to_org
        .iter()
        .map(|(org, ids)| (Scope::Organization(*org), ids))
        .chain(
            added_to_project
                .iter()
                .map(|(project, ids)| (Scope::Project(*project), ids)),
        );
    for (scope, added_ids) in added {
        let mut added_ids: Vec<i64> = added_ids.iter().copied().collect();
        added_ids.sort_unstable();
        for id in added_ids {
            if let Some(email) = address.get(&id) {
                writes.added.push((scope, id, email.clone()));
            }
        }
    }

    // Each row's changes, and who gets which welcome.
    let mut recipients: HashMap<WelcomeKey, Vec<usize>> = HashMap::new();
    for &i in step {
        let Some(&id) = ids.get(&i) else { continue };
        let mut org_ids = Vec::new();
        for (_, key) in rows[i].organizations.clone() {
            let Some((org, name, created)) = organizations.get(&key).cloned() else {
                continue;
            };
            org_ids.push(org);
            let added = added_to_org.get(&org).is_some_and(|s| s.contains(&id));
            rows[i].changes.push(if added {
                ImportChange::AddedToOrganization {
                    organization: name,
                    created,
                }
            } else {
                ImportChange::AlreadyInOrganization { organization: name }
            });
        }
        let mut project_ids = Vec::new();
        for key in rows[i].projects.clone() {
            let Some(&project) = projects.get(&key) else {
                continue;
            };
            project_ids.push(project);
            let added = added_to_project.get(&project).is_some_and(|s| s.contains(&id));
            rows[i].changes.push(if added {
                ImportChange::AddedToProject { project: key }
            } else {
                ImportChange::AlreadyInProject { project: key }
            });
        }
        if new_people.contains(&i) {
            if let Some((key, _)) = welcomes.pick(&project_ids, &org_ids) {
                recipients.entry(key).or_default().push(i);
            }
        }
    }
    let mut queued = 0;
    for (key, people) in recipients {
        let Some((_, welcome)) = (match key {
            WelcomeKey::Project(id) => welcomes.projects.get(&id).map(|w| (key, w)),
            WelcomeKey::Organization(id) => welcomes.organizations.get(&id).map(|w| (key, w)),
            WelcomeKey::Default => welcomes.default.as_ref().map(|w| (key, w)),
        }) else {
            continue;
        };
        let names: Vec<String> = people
            .iter()
            .map(|&i| {
                rows[i].name.clone().unwrap_or_else(|| {
                    rows[i]
                        .email
                        .as_ref()
                        .map_or(String::new(), |e| e.local_part().to_string())
                })
            })
            .collect();
        let list: Vec<Recipient<'_>> = people
            .iter()
            .zip(&names)
            .filter_map(|(&i, name)| {
                Some(Recipient {
                    user_id: *ids.get(&i)?,
                    email: rows[i].email.as_ref()?.as_str(),
                    display_name: name,
                })
            })
            .collect();
        queued += list.len();
        queue_welcomes(tx, welcome, &list).await?;
    }
    Ok((queued, writes))
}

/// The report and counts of checked (and maybe written) rows.
fn finish(rows: Vec<Row>, written: bool) -> Outcome {
    let mut summary = ImportSummary {
        rows: rows.len(),
        ..ImportSummary::default()
    };
    let results = rows
        .into_iter()
        .map(|row| {
            match row.outcome {
                ImportOutcome::Ok => summary.ok += 1,
                ImportOutcome::Duplicate => summary.duplicates += 1,
                ImportOutcome::Invalid => summary.invalid += 1,
                ImportOutcome::Refused => summary.refused += 1,
            }
            for change in &row.changes {
                match change {
                    ImportChange::AccountCreated => summary.accounts_created += 1,
                    ImportChange::NameUpdated { .. } => summary.names_updated += 1,
                    ImportChange::AddedToOrganization { .. } => summary.added_to_organizations += 1,
                    ImportChange::AddedToProject { .. } => summary.added_to_projects += 1,
                    _ => {}
                }
            }
            ImportRowResult {
                line: row.line,
                email: row.email.map_or(row.email_text, Email::into_string),
                outcome: row.outcome,
                reason: row.reason,
                changes: row.changes,
            }
        })
        .collect();
    Outcome {
        results,
        summary,
        written,
    }
}

/// The report as CSV: line, email, outcome, reason, changes.
pub fn report_csv(results: &[ImportRowResult]) -> String {
    let mut out = String::from(csv::BOM);
    csv::write_record(&mut out, &["line", "email", "outcome", "reason", "changes"]);
    for r in results {
        let changes: Vec<String> = r.changes.iter().map(ImportChange::describe).collect();
        csv::write_record(
            &mut out,
            &[
                r.line.to_string(),
                r.email.clone(),
                r.outcome.as_str().to_string(),
                r.reason.clone().unwrap_or_default(),
                changes.join("; "),
            ],
        );
    }
    out
}

/// The stored end of an import a row stopped (nothing written).
pub fn failed_end<'a>(summary: &'a str, report: &'a str, error: &'a str) -> ImportEnd<'a> {
    ImportEnd {
        state: "failed",
        rows_done: 0,
        summary,
        report,
        error: Some(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_the_columns() {
        let columns: Vec<String> = [
            "organization",
            "organization projects",
            "email",
            "display name",
            "status",
            "kind",
            "organizations",
            "projects",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            detect_mapping(&columns),
            ImportMapping {
                email: Some(2),
                display_name: Some(3),
                organizations: Some(6),
                projects: Some(7),
            }
        );
    }

    #[test]
    fn bad_files_are_refused_before_anything_runs() {
        assert_eq!(read_file(b"", 10).unwrap_err(), FileProblem::Empty);
        assert_eq!(read_file(b"email\n", 10).unwrap_err(), FileProblem::NoRows);
        assert_eq!(
            read_file(b"email\na@x.org\nb@x.org\nc@x.org\n", 2).unwrap_err(),
            FileProblem::TooManyRows { rows: 3, max: 2 }
        );
        let file = read_file(b"name,phone\nJane,1\n", 10).unwrap();
        let mapping = detect_mapping(&file.columns);
        assert!(matches!(
            check_mapping(&file, &mapping),
            Err(FileProblem::NoEmailColumn { .. })
        ));
    }
}
