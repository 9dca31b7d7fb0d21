//! Stored rows as the API shows them (JSM's shapes).

use clientele_domain::account::AccountStatus;
use clientele_domain::wire::request::RequestCounts;
use clientele_domain::wire::{
    Customer, InvitationInfo, JsmDate, Organization, OrganizationRef, SelfLink, UserLinks,
};

use crate::store::{ListedCustomer, OrganizationRow, UserRow};
use crate::AppState;

/// An account in JSM's user shape, with Clientele's status and (optionally) organizations.
pub fn customer(state: &AppState, user: &UserRow, organizations: Option<Vec<OrganizationRef>>) -> Customer {
    Customer {
        account_id: user.id.to_string(),
        email_address: user.email.clone(),
        display_name: user.display_name.clone(),
        active: user.status != AccountStatus::Revoked,
        time_zone: user.time_zone.clone(),
        account_type: if user.kind == "full" {
            "atlassian"
        } else {
            "customer"
        }
        .to_string(),
        status: user.status,
        organizations,
        invitation: None,
        requests: None,
        links: UserLinks {
            self_link: format!("{}/rest/api/2/user?accountId={}", state.base_url, user.id),
            jira_rest: format!("{}/rest/api/2/user?accountId={}", state.base_url, user.id),
            avatar_urls: ["16x16", "24x24", "32x32", "48x48"]
                .into_iter()
                .map(|size| {
                    let pixels = size.split('x').next().unwrap_or("48");
                    let url = format!(
                        "{}/rest/clientele/1/avatar/{}?size={pixels}",
                        state.base_url, user.id
                    );
                    (size.to_string(), url)
                })
                .collect(),
        },
    }
}

/// Accounts of a list page, with the organizations, invitation and (where asked) request
/// counts the store read with them.
pub fn listed_customers(state: &AppState, rows: Vec<ListedCustomer>) -> Vec<Customer> {
    rows.into_iter()
        .map(|row| {
            let organizations = row
                .organizations
                .into_iter()
                .map(|(id, name)| OrganizationRef {
                    id: id.to_string(),
                    name,
                })
                .collect();
            let mut c = customer(state, &row.user, Some(organizations));
            c.invitation = row.invitation.map(|(kind, queued_at, state)| InvitationInfo {
                kind,
                queued_at,
                state,
            });
            c.requests = row.requests.map(|(open, closed)| RequestCounts {
                open: open.max(0) as u64,
                closed: closed.max(0) as u64,
            });
            c
        })
        .collect()
}

/// An organization in JSM's shape, with Clientele's member count and project keys.
pub fn organization(state: &AppState, row: &OrganizationRow) -> Organization {
    Organization {
        id: row.id.to_string(),
        name: row.name.clone(),
        created: Some(date(row.created_at)),
        member_count: Some(row.member_count as u64),
        project_keys: Some(project_keys(&row.project_keys)),
        links: SelfLink {
            self_link: format!("{}/rest/servicedeskapi/organization/{}", state.base_url, row.id),
        },
    }
}

/// The keys of the projects an organization is attached to, as the store lists them (in the
/// order the projects were created, on both backends).
fn project_keys(joined: &str) -> Vec<String> {
    joined
        .split(',')
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

/// JSM's date object for a time in milliseconds since the epoch (UTC).
pub fn date(millis: i64) -> JsmDate {
    let secs = millis.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let ms = millis.rem_euclid(1000);
    JsmDate {
        iso8601: format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}+0000"),
        jira: format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{ms:03}+0000"),
        friendly: format!("{d:02}/{m:02}/{y:04} {hh:02}:{mm:02}"),
        epoch_millis: millis,
    }
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_render_in_jsm_formats() {
        let d = super::date(1_700_000_000_123);
        assert_eq!(d.iso8601, "2023-11-14T22:13:20+0000");
        assert_eq!(d.jira, "2023-11-14T22:13:20.123+0000");
        assert_eq!(super::date(0).iso8601, "1970-01-01T00:00:00+0000");
    }
}
