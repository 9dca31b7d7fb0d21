//! The permission policy against the product's "Who may do what" table (`docs/product.md`),
//! cell by cell: every role × action × "Agents can manage organizations" × "Customer service
//! management" × plan × project (none, company-managed, team-managed, with their access settings).

mod policy_matrix {
    pub mod accounts;
    pub mod addresses;
    pub mod named;
    pub mod organizations;
    pub mod properties;
    pub mod requests;
    pub mod wire;
}

use clientele_domain::policy::{
    decide, Action, GlobalSettings, Plan, ProjectSettings, ProjectType, Reason, Role, WhoCanChange,
};

use Action::*;
use Reason::*;

/// One cell of the table.
#[derive(Debug, Clone, Copy)]
enum Cell {
    Yes,
    No(Reason),
    /// "only if agents can manage organizations".
    IfAgentsManageOrganizations,
    /// A Premium feature.
    IfPremium,
    /// Exists only while customer service management is on, on the Premium plan.
    IfCustomerServiceManagement,
}

use Cell::*;

const ANON: Cell = No(NotSignedIn);

/// The table, one row per action; columns in the order of [`ROLES`].
#[rustfmt::skip]
const TABLE: &[(Action, [Cell; 5])] = &[
    //                            site admin  project admin          agent                          customer               anonymous
    (ViewProjectCustomers,       [Yes,        Yes,                   Yes,                           No(CustomersCannot),   ANON]),
    (AddCustomersToProject,      [Yes,        Yes,                   Yes,                           No(CustomersCannot),   ANON]),
    (RemoveCustomerFromProject,  [Yes,        Yes,                   No(ProjectAdminOnly),          No(ProjectAdminOnly),  ANON]),
    (CreateOrganization,         [Yes,        Yes,                   IfAgentsManageOrganizations,   No(CustomersCannot),   ANON]),
    (AttachOrganization,         [Yes,        Yes,                   IfAgentsManageOrganizations,   No(CustomersCannot),   ANON]),
    (ManageOrganizationMembers,  [Yes,        Yes,                   IfAgentsManageOrganizations,   No(CustomersCannot),   ANON]),
    (DeleteOrganization,         [Yes,        No(SiteAdminOnly),     No(SiteAdminOnly),             No(SiteAdminOnly),     ANON]),
    (ViewAllOrganizations,       [Yes,        No(SiteAdminOnly),     No(SiteAdminOnly),             No(SiteAdminOnly),     ANON]),
    (AdministerCustomerAccounts, [Yes,        No(SiteAdminOnly),     No(SiteAdminOnly),             No(SiteAdminOnly),     ANON]),
    (ManageGlobalSettings,       [Yes,        No(SiteAdminOnly),     No(SiteAdminOnly),             No(SiteAdminOnly),     ANON]),
    (ManageProjectAccess,        [Yes,        Yes,                   No(ProjectAdminOnly),          No(ProjectAdminOnly),  ANON]),
    (ChooseHelpCenter,           [IfPremium,  IfPremium,             IfPremium,                     No(CustomersCannot),   ANON]),
    (UseOrganizationsPage,       [IfCustomerServiceManagement, IfCustomerServiceManagement, IfCustomerServiceManagement, No(CustomersCannot), ANON]),
    (AddHelpCenter,              [IfPremium,  No(SiteAdminOnly),     No(SiteAdminOnly),             No(SiteAdminOnly),     ANON]),
    (ViewOrganizationMembers,    [Yes,        Yes,                   Yes,                           No(CustomersCannot),   ANON]),
    (CreateCustomer,             [Yes,        Yes,                   Yes,                           No(CustomersCannot),   ANON]),
    (ViewAnyOrganization,        [Yes,        Yes,                   Yes,                           No(CustomersCannot),   ANON]),
    (WorkOnRequests,             [Yes,        Yes,                   Yes,                           No(CustomersCannot),   ANON]),
    (ManageRequestTypes,         [Yes,        Yes,                   No(ProjectAdminOnly),          No(ProjectAdminOnly),  ANON]),
    (ViewAuditLog,               [Yes,        No(SiteAdminOnly),     No(SiteAdminOnly),             No(SiteAdminOnly),     ANON]),
];

const ROLES: [Role; 5] = [
    Role::SiteAdmin,
    Role::ProjectAdmin,
    Role::Agent,
    Role::Customer,
    Role::Anonymous,
];

/// The actions that are about one service project, refused without one.
const PROJECT_ACTIONS: &[Action] = &[
    ViewProjectCustomers,
    AddCustomersToProject,
    RemoveCustomerFromProject,
    AttachOrganization,
    ManageProjectAccess,
    UseOrganizationsPage,
    WorkOnRequests,
    ManageRequestTypes,
];

/// Every combination of the global switches and the plan (managed domains play no part in
/// [`decide`]; they are per address, see `addresses`).
fn all_settings() -> Vec<GlobalSettings> {
    let mut all = Vec::new();
    for agents_can_manage_organizations in [false, true] {
        for customer_service_management in [false, true] {
            for plan in [Plan::Standard, Plan::Premium] {
                all.push(GlobalSettings {
                    agents_can_manage_organizations,
                    customer_service_management,
                    plan,
                    managed_domains: vec!["staff.example.com".to_owned()],
                });
            }
        }
    }
    all
}

/// No project, and projects of both types with every access setting.
fn all_projects() -> Vec<Option<ProjectSettings>> {
    let mut all = vec![None];
    for project_type in [ProjectType::CompanyManaged, ProjectType::TeamManaged] {
        for public_signup in [false, true] {
            for customer_invited_notification in [false, true] {
                all.push(Some(ProjectSettings {
                    project_type,
                    public_signup,
                    customer_invited_notification,
                }));
            }
        }
    }
    all
}

/// What the table says for one cell under these settings: `Ok` or the reason for the refusal.
fn expected(
    cell: Cell,
    action: Action,
    settings: &GlobalSettings,
    project: Option<&ProjectSettings>,
) -> Result<(), Reason> {
    let premium = settings.plan == Plan::Premium;
    let by_table = match cell {
        Yes => Ok(()),
        No(reason) => Err(reason),
        IfAgentsManageOrganizations if settings.agents_can_manage_organizations => Ok(()),
        IfAgentsManageOrganizations => Err(AgentsCannotManageOrganizations),
        IfPremium if premium => Ok(()),
        IfPremium => Err(PremiumOnly),
        IfCustomerServiceManagement if !premium => Err(PremiumOnly),
        IfCustomerServiceManagement if !settings.customer_service_management => {
            Err(CustomerServiceManagementOff)
        }
        IfCustomerServiceManagement => Ok(()),
    };
    match by_table {
        Ok(()) if project.is_none() && PROJECT_ACTIONS.contains(&action) => Err(ProjectRequired),
        other => other,
    }
}

/// One case of the matrix: who asks for what, where, under which settings, and the table's
/// answer (`Ok` or the reason for the refusal).
struct Case {
    role: Role,
    action: Action,
    settings: GlobalSettings,
    project: Option<ProjectSettings>,
    want: Result<(), Reason>,
}

/// Every (role, action, settings, project) the matrix covers, with the table's answer.
fn every_cell() -> Vec<Case> {
    let mut cells = Vec::new();
    for settings in all_settings() {
        for project in all_projects() {
            for (action, row) in TABLE {
                for (role, cell) in ROLES.iter().zip(row) {
                    let want = expected(*cell, *action, &settings, project.as_ref());
                    cells.push(Case {
                        role: *role,
                        action: *action,
                        settings: settings.clone(),
                        project: project.clone(),
                        want,
                    });
                }
            }
        }
    }
    cells
}

#[test]
fn table_has_one_row_per_action_in_order() {
    let rows: Vec<Action> = TABLE.iter().map(|(action, _)| *action).collect();
    assert_eq!(rows, Action::ALL);
}

#[test]
fn project_actions_are_the_ones_that_need_a_project() {
    for action in Action::ALL {
        assert_eq!(
            action.needs_project(),
            PROJECT_ACTIONS.contains(action),
            "{action:?}"
        );
    }
}

#[test]
fn every_cell_of_the_table_matches_the_policy() {
    let cells = every_cell();
    // 17 actions × 5 roles × 8 settings × 9 projects.
    assert_eq!(cells.len(), Action::ALL.len() * 5 * 8 * 9);
    let mut wrong = Vec::new();
    for Case {
        role,
        action,
        settings,
        project,
        want,
    } in &cells
    {
        let got = decide(*role, *action, settings, project.as_ref());
        let got = got.reason().map_or(Ok(()), Err);
        if got != *want {
            wrong.push(format!(
                "{role:?} {action:?} {settings:?} {project:?}: want {want:?}, got {got:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_denial_has_an_actionable_message_naming_who_can_change_it() {
    for Case {
        role,
        action,
        settings,
        project,
        ..
    } in every_cell()
    {
        let decision = decide(role, action, &settings, project.as_ref());
        let Some(denial) = decision.denial() else {
            continue;
        };
        let context = format!("{role:?} {action:?} {settings:?} {project:?}: {denial:?}");
        assert!(denial.message.ends_with('.'), "{context}");
        assert!(denial.message.starts_with(char::is_uppercase), "{context}");
        let names = match denial.who_can_change {
            WhoCanChange::SiteAdmin => "site admin",
            WhoCanChange::ProjectAdmin => "project admin",
            WhoCanChange::Agent => "agent",
            WhoCanChange::Yourself if denial.reason == NotSignedIn => "Sign in",
            WhoCanChange::Yourself => "Open a service project",
        };
        assert!(denial.message.contains(names), "{context}");
        assert_eq!(denial.domain, None, "{context}");
    }
}

#[test]
fn who_can_change_follows_from_the_reason() {
    for Case {
        role,
        action,
        settings,
        project,
        ..
    } in every_cell()
    {
        let decision = decide(role, action, &settings, project.as_ref());
        let Some(denial) = decision.denial() else {
            continue;
        };
        let want = match denial.reason {
            NotSignedIn | ProjectRequired => WhoCanChange::Yourself,
            // Whoever may do it for the customer now: agents, unless the setting keeps them out.
            CustomersCannot
                if matches!(
                    action,
                    CreateOrganization | AttachOrganization | ManageOrganizationMembers
                ) && !settings.agents_can_manage_organizations =>
            {
                WhoCanChange::ProjectAdmin
            }
            CustomersCannot => WhoCanChange::Agent,
            ProjectAdminOnly | PublicSignupOff => WhoCanChange::ProjectAdmin,
            SiteAdminOnly
            | AgentsCannotManageOrganizations
            | ManagedDomain
            | PremiumOnly
            | CustomerServiceManagementOff
            | UnattachedOrganization => WhoCanChange::SiteAdmin,
            OrganizationOutsideYourProjects => WhoCanChange::ProjectAdmin,
            other => panic!("the policy refused with a code that is not a policy's: {other:?}"),
        };
        assert_eq!(denial.who_can_change, want, "{role:?} {action:?} {settings:?}");
    }
}
