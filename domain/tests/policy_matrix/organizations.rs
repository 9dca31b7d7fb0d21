//! One organization's members and properties: decided by the actor's role in the service
//! projects the organization is attached to (site admins: always; unattached: site admins only).
//! Every site role × attached or not × role where attached × setting × plan × action.

use clientele_domain::policy::{
    decide_for_organization, Action, GlobalSettings, OrganizationStanding, Plan, Reason, Role, WhoCanChange,
};

use Action::{ManageOrganizationMembers, ViewOrganizationMembers};
use Reason::*;

const ACTIONS: [Action; 2] = [ViewOrganizationMembers, ManageOrganizationMembers];

/// The rule as product.md and issue 11 state it, written independently of the policy.
fn expected(
    action: Action,
    settings: &GlobalSettings,
    standing: &OrganizationStanding,
) -> Result<(), Reason> {
    let managing = action == ManageOrganizationMembers;
    // What the role may do on the site at all: the product table's rows.
    let table = |role: Role| -> Result<(), Reason> {
        match role {
            Role::Anonymous => Err(NotSignedIn),
            Role::Customer => Err(CustomersCannot),
            Role::Agent if managing && !settings.agents_can_manage_organizations => {
                Err(AgentsCannotManageOrganizations)
            }
            _ => Ok(()),
        }
    };
    table(standing.site_role)?;
    if standing.site_role == Role::SiteAdmin {
        return Ok(());
    }
    if !standing.attached {
        return Err(UnattachedOrganization);
    }
    match standing.role_where_attached {
        Some(role @ (Role::Agent | Role::ProjectAdmin)) => table(role),
        _ => Err(OrganizationOutsideYourProjects),
    }
}

/// Every standing a person can have: the role where attached is never stronger than the
/// strongest role on the site, and there is none when the organization is not attached.
fn standings() -> Vec<OrganizationStanding> {
    let mut all = Vec::new();
    for site_role in Role::ALL {
        for attached in [false, true] {
            for role_where_attached in [None, Some(Role::Agent), Some(Role::ProjectAdmin)] {
                let possible = match (site_role, role_where_attached) {
                    (_, Some(_)) if !attached => false,
                    (Role::SiteAdmin, _) | (_, None) => true,
                    (Role::ProjectAdmin, Some(_)) => true,
                    (Role::Agent, Some(role)) => role == Role::Agent,
                    _ => false,
                };
                if possible {
                    all.push(OrganizationStanding {
                        site_role: *site_role,
                        attached,
                        role_where_attached,
                    });
                }
            }
        }
    }
    all
}

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

#[test]
fn every_standing_matches_the_rule() {
    let mut wrong = Vec::new();
    let mut cases = 0;
    for settings in all_settings() {
        for standing in standings() {
            for action in ACTIONS {
                cases += 1;
                let want = expected(action, &settings, &standing);
                let got = decide_for_organization(action, &settings, &standing);
                let got = got.reason().map_or(Ok(()), Err);
                if got != want {
                    wrong.push(format!(
                        "{action:?} {standing:?} {settings:?}: want {want:?}, got {got:?}"
                    ));
                }
            }
        }
    }
    // 8 settings × 15 possible standings × 2 actions.
    assert_eq!(cases, 8 * 15 * 2);
    assert!(
        wrong.is_empty(),
        "{} cases differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_project_admin_elsewhere_cannot_touch_an_organization_of_another_project() {
    let standing = OrganizationStanding {
        site_role: Role::ProjectAdmin,
        attached: true,
        role_where_attached: None,
    };
    for action in ACTIONS {
        let decision = decide_for_organization(action, &GlobalSettings::default(), &standing);
        let denial = decision.denial().expect("not their project's organization");
        assert_eq!(denial.reason, OrganizationOutsideYourProjects);
        assert_eq!(denial.who_can_change, WhoCanChange::ProjectAdmin);
        assert!(denial.message.contains("project admin"), "{}", denial.message);
    }
}

#[test]
fn an_unattached_organization_is_the_site_admins() {
    for site_role in [Role::ProjectAdmin, Role::Agent] {
        let standing = OrganizationStanding {
            site_role,
            attached: false,
            role_where_attached: None,
        };
        let settings = GlobalSettings {
            agents_can_manage_organizations: true,
            ..GlobalSettings::default()
        };
        let decision = decide_for_organization(ManageOrganizationMembers, &settings, &standing);
        let denial = decision.denial().expect("site admins only");
        assert_eq!(denial.reason, UnattachedOrganization);
        assert_eq!(denial.who_can_change, WhoCanChange::SiteAdmin);
        assert!(denial.message.contains("site admin"), "{}", denial.message);
    }
    let admin = OrganizationStanding {
        site_role: Role::SiteAdmin,
        attached: false,
        role_where_attached: None,
    };
    for action in ACTIONS {
        assert!(decide_for_organization(action, &GlobalSettings::default(), &admin).is_allowed());
    }
}

#[test]
fn an_agent_where_attached_sees_members_but_manages_them_only_with_the_setting() {
    let standing = OrganizationStanding {
        site_role: Role::ProjectAdmin,
        attached: true,
        role_where_attached: Some(Role::Agent),
    };
    let off = GlobalSettings::default();
    assert!(decide_for_organization(ViewOrganizationMembers, &off, &standing).is_allowed());
    assert_eq!(
        decide_for_organization(ManageOrganizationMembers, &off, &standing).reason(),
        Some(AgentsCannotManageOrganizations)
    );
    let on = GlobalSettings {
        agents_can_manage_organizations: true,
        ..GlobalSettings::default()
    };
    assert!(decide_for_organization(ManageOrganizationMembers, &on, &standing).is_allowed());
}

#[test]
fn customers_are_refused_as_customers_even_in_their_own_organization() {
    let standing = OrganizationStanding {
        site_role: Role::Customer,
        attached: true,
        role_where_attached: None,
    };
    let decision = decide_for_organization(ViewOrganizationMembers, &GlobalSettings::default(), &standing);
    let denial = decision.denial().expect("customers never");
    assert_eq!(denial.reason, CustomersCannot);
    assert_eq!(denial.who_can_change, WhoCanChange::Agent);
}
