//! Demo data for `clientele serve --demo`: two service projects, three organizations, about
//! fifty customers, and one account per role. Written only into an empty database.

use clientele_domain::account::AccountStatus;
use clientele_domain::email::Email;

use crate::security::hash_password;
use crate::store::{self, customers, NewProject, NewUser, Store};

/// The password of every demo sign-in.
pub const DEMO_PASSWORD: &str = "clientele-demo";

/// The demo sign-ins: (email, what they are).
pub const DEMO_SIGN_INS: [(&str, &str); 4] = [
    ("admin@example.com", "site admin"),
    ("lead@example.com", "project admin of ITH"),
    ("agent@example.com", "agent on ITH and FAC"),
    ("customer@example.com", "customer of ITH"),
];

const FIRST: [&str; 10] = [
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
];
const LAST: [&str; 5] = ["Moreau", "Okafor", "Lindqvist", "Tanaka", "García"];
const ORGANIZATIONS: [(&str, &str); 3] = [
    ("Acme Corporation", "acme.example"),
    ("Globex", "globex.example"),
    ("Initech", "initech.example"),
];

/// Fills the database in one transaction.
pub async fn fill(store: &Store) -> anyhow::Result<()> {
    let mut tx = store.begin().await?;

    store::set_setting(&mut tx, "plan", "premium").await?;
    store::set_setting(&mut tx, "agentsCanManageOrganizations", "false").await?;
    store::set_setting(&mut tx, "customerServiceManagement", "false").await?;
    store::add_managed_domain(&mut tx, "staff.example.com").await?;
    store::insert_help_center(&mut tx, "support", "Clientele Support", true).await?;
    store::insert_help_center(&mut tx, "facilities", "Facilities Help", false).await?;

    let ith = store::insert_project(
        &mut tx,
        &NewProject {
            key: "ITH",
            name: "IT Help",
            project_type: "companyManaged",
        },
    )
    .await?;
    let fac = store::insert_project(
        &mut tx,
        &NewProject {
            key: "FAC",
            name: "Facilities",
            project_type: "teamManaged",
        },
    )
    .await?;

    let staff = [
        ("admin@example.com", "Avery Admin", true),
        ("lead@example.com", "Lee Lead", false),
        ("agent@example.com", "Sam Agent", false),
    ];
    let mut staff_ids = Vec::new();
    for (email, name, site_admin) in staff {
        let hash = hash_password(DEMO_PASSWORD);
        let id = store::insert_user(
            &mut tx,
            &NewUser {
                email: &Email::parse(email)?,
                display_name: name,
                kind: "full",
                status: AccountStatus::Active,
                site_admin,
                password_hash: Some(&hash),
            },
        )
        .await?;
        staff_ids.push(id);
    }
    store::set_project_role(&mut tx, ith, staff_ids[1], "projectAdmin").await?;
    store::set_project_role(&mut tx, ith, staff_ids[2], "agent").await?;
    store::set_project_role(&mut tx, fac, staff_ids[2], "agent").await?;

    let hash = hash_password(DEMO_PASSWORD);
    let customer = store::insert_user(
        &mut tx,
        &NewUser {
            email: &Email::parse("customer@example.com")?,
            display_name: "Casey Customer",
            kind: "portal",
            status: AccountStatus::Active,
            site_admin: false,
            password_hash: Some(&hash),
        },
    )
    .await?;
    // Who joins which project or organization, written together below.
    let mut ith_customers = vec![customer];
    let mut fac_customers = Vec::new();
    let mut members = vec![Vec::new(); ORGANIZATIONS.len()];

    let mut organization_ids = Vec::new();
    for (name, _) in ORGANIZATIONS {
        organization_ids.push(store::insert_organization(&mut tx, name).await?);
    }
    // Acme uses IT Help, Globex both projects, Initech none yet.
    store::attach_organization(&mut tx, organization_ids[0], ith).await?;
    store::attach_organization(&mut tx, organization_ids[1], ith).await?;
    store::attach_organization(&mut tx, organization_ids[1], fac).await?;

    for (n, (first, last)) in FIRST
        .iter()
        .flat_map(|f| LAST.iter().map(move |l| (*f, *l)))
        .enumerate()
    {
        let org = n % 4; // three organizations, and every fourth customer in none
        let domain = ORGANIZATIONS.get(org).map_or("mail.example", |(_, d)| d);
        let local = format!("{}.{}", first.to_lowercase(), ascii_fold(last).to_lowercase());
        let email = Email::parse(&format!("{local}@{domain}"))?;
        let name = format!("{first} {last}");
        let status = match n % 10 {
            0 | 7 => AccountStatus::Invited,
            9 if n > 40 => AccountStatus::Revoked,
            _ => AccountStatus::Active,
        };
        let id = store::insert_user(
            &mut tx,
            &NewUser {
                email: &email,
                display_name: &name,
                kind: "portal",
                status,
                site_admin: false,
                password_hash: None,
            },
        )
        .await?;
        if let Some(members) = members.get_mut(org) {
            members.push(id);
        } else if n % 8 == 3 {
            fac_customers.push(id);
        } else {
            ith_customers.push(id);
        }
    }
    // The same set-based writes as an add through the API.
    customers::add_project_customers(&mut tx, ith, &ith_customers).await?;
    customers::add_project_customers(&mut tx, fac, &fac_customers).await?;
    for (organization, members) in organization_ids.iter().zip(&members) {
        customers::add_organization_members(&mut tx, *organization, members).await?;
    }
    requests_for_demo(&mut tx, ith, fac, customer, staff_ids[2]).await?;
    tx.commit().await?;
    Ok(())
}

/// The demo's request types, and a few requests of Casey Customer's: one waiting for support,
/// one the agent answered, one resolved.
async fn requests_for_demo(
    tx: &mut store::Tx,
    ith: i64,
    fac: i64,
    customer: i64,
    agent: i64,
) -> anyhow::Result<()> {
    use clientele_domain::request::RequestStatus;
    use store::requests::{change_status, insert_comment, insert_request, insert_request_type, RequestRef};

    let help = insert_request_type(
        tx,
        ith,
        "Get IT help",
        "Something isn't working, or you need help using it.",
        None,
    )
    .await?;
    insert_request_type(
        tx,
        ith,
        "Request access",
        "Access to a system, a shared folder or an application.",
        None,
    )
    .await?;
    insert_request_type(
        tx,
        fac,
        "Report a facilities problem",
        "Something in the building needs fixing: lights, heating, doors, furniture.",
        None,
    )
    .await?;
    let raise = |summary: &'static str, description: &'static str| store::NewRequest {
        project_id: ith,
        request_type_id: help.id,
        summary,
        description,
        reporter_id: customer,
        raised_by_id: customer,
        organization_id: None,
        participants: &[],
    };
    insert_request(
        tx,
        &raise(
            "VPN drops every few minutes",
            "Since Monday, at home and in the office.",
        ),
    )
    .await?;
    let answered = insert_request(
        tx,
        &raise("Printer on floor 2 jams", "It jams on every double-sided job."),
    )
    .await?;
    insert_comment(
        tx,
        answered,
        agent,
        "Could you tell us the printer's asset number?",
        true,
    )
    .await?;
    let reference = |id| RequestRef {
        id,
        project_id: ith,
        reporter_id: Some(customer),
    };
    change_status(
        tx,
        &reference(answered),
        RequestStatus::WaitingForSupport,
        RequestStatus::WaitingForCustomer,
    )
    .await?;
    let resolved = insert_request(tx, &raise("New keyboard", "The space bar sticks.")).await?;
    insert_comment(tx, resolved, agent, "A new keyboard is on your desk.", true).await?;
    change_status(
        tx,
        &reference(resolved),
        RequestStatus::WaitingForSupport,
        RequestStatus::Resolved,
    )
    .await?;
    Ok(())
}

fn ascii_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' => 'a',
            'é' | 'è' | 'ê' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}
