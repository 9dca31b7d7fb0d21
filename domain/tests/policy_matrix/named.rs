//! The table's rules one at a time, named for the behaviour.

use clientele_domain::policy::{
    decide, permissions, Action, GlobalSettings, Plan, ProjectSettings, ProjectType, Reason, Role,
    WhoCanChange,
};

fn project() -> ProjectSettings {
    ProjectSettings::default()
}

fn agents_manage_organizations() -> GlobalSettings {
    GlobalSettings {
        agents_can_manage_organizations: true,
        ..GlobalSettings::default()
    }
}

fn premium_with_customer_service_management() -> GlobalSettings {
    GlobalSettings {
        customer_service_management: true,
        plan: Plan::Premium,
        ..GlobalSettings::default()
    }
}

#[test]
fn defaults_are_off_off_standard_and_no_managed_domains() {
    let settings = GlobalSettings::default();
    assert!(!settings.agents_can_manage_organizations);
    assert!(!settings.customer_service_management);
    assert_eq!(settings.plan, Plan::Standard);
    assert!(settings.managed_domains.is_empty());
    let project = project();
    assert_eq!(project.project_type, ProjectType::CompanyManaged);
    assert!(!project.public_signup);
    assert!(project.customer_invited_notification);
}

#[test]
fn agent_can_add_customers_to_a_project() {
    let decision = decide(
        Role::Agent,
        Action::AddCustomersToProject,
        &GlobalSettings::default(),
        Some(&project()),
    );
    assert!(decision.is_allowed());
}

#[test]
fn agent_cannot_remove_customers_and_is_sent_to_a_project_admin() {
    let decision = decide(
        Role::Agent,
        Action::RemoveCustomerFromProject,
        &GlobalSettings::default(),
        Some(&project()),
    );
    let denial = decision.denial().expect("agents cannot remove customers");
    assert_eq!(denial.reason, Reason::ProjectAdminOnly);
    assert_eq!(denial.who_can_change, WhoCanChange::ProjectAdmin);
}

#[test]
fn agent_cannot_create_organizations_by_default_and_is_told_which_switch_changes_it() {
    let decision = decide(
        Role::Agent,
        Action::CreateOrganization,
        &GlobalSettings::default(),
        Some(&project()),
    );
    let denial = decision.denial().expect("off by default");
    assert_eq!(denial.reason, Reason::AgentsCannotManageOrganizations);
    assert_eq!(denial.who_can_change, WhoCanChange::SiteAdmin);
    assert!(denial
        .message
        .contains("\"Agents can manage organizations\" in Settings → General"));
}

#[test]
fn agent_manages_organizations_when_agents_can_manage_organizations() {
    let settings = agents_manage_organizations();
    for action in [
        Action::CreateOrganization,
        Action::AttachOrganization,
        Action::ManageOrganizationMembers,
    ] {
        assert!(decide(Role::Agent, action, &settings, Some(&project())).is_allowed());
    }
    // The switch opens organizations only, not the admins' rows.
    for action in [Action::DeleteOrganization, Action::RemoveCustomerFromProject] {
        assert!(!decide(Role::Agent, action, &settings, Some(&project())).is_allowed());
    }
}

#[test]
fn project_admin_cannot_delete_organizations() {
    let decision = decide(
        Role::ProjectAdmin,
        Action::DeleteOrganization,
        &premium_with_customer_service_management(),
        Some(&project()),
    );
    let denial = decision.denial().expect("site admins only");
    assert_eq!(denial.reason, Reason::SiteAdminOnly);
    assert_eq!(
        denial.message,
        "Only site admins can delete organizations. Ask a site admin."
    );
}

#[test]
fn only_site_admins_administer_customer_accounts() {
    for role in Role::ALL {
        let decision = decide(
            *role,
            Action::AdministerCustomerAccounts,
            &GlobalSettings::default(),
            None,
        );
        assert_eq!(decision.is_allowed(), *role == Role::SiteAdmin, "{role:?}");
    }
}

#[test]
fn site_admin_may_do_everything_in_a_project_on_premium_with_customer_service_management() {
    let permissions = permissions(
        Role::SiteAdmin,
        &premium_with_customer_service_management(),
        Some(&project()),
    );
    for action in Action::ALL {
        assert!(permissions.can(*action), "{action:?}");
    }
}

#[test]
fn anonymous_may_do_nothing_and_is_asked_to_sign_in() {
    let permissions = permissions(
        Role::Anonymous,
        &premium_with_customer_service_management(),
        Some(&project()),
    );
    for (action, decision) in permissions.iter() {
        assert_eq!(decision.reason(), Some(Reason::NotSignedIn), "{action:?}");
    }
}

#[test]
fn customer_may_do_nothing_on_the_agents_side() {
    let settings = GlobalSettings {
        agents_can_manage_organizations: true,
        ..premium_with_customer_service_management()
    };
    let permissions = permissions(Role::Customer, &settings, Some(&project()));
    assert!(permissions.iter().all(|(_, decision)| !decision.is_allowed()));
}

#[test]
fn choosing_a_help_center_is_premium_only() {
    let standard = decide(
        Role::Agent,
        Action::ChooseHelpCenter,
        &GlobalSettings::default(),
        Some(&project()),
    );
    assert_eq!(standard.reason(), Some(Reason::PremiumOnly));
    let premium = GlobalSettings {
        plan: Plan::Premium,
        ..GlobalSettings::default()
    };
    assert!(decide(Role::Agent, Action::ChooseHelpCenter, &premium, Some(&project())).is_allowed());
}

#[test]
fn organizations_page_is_offered_only_with_customer_service_management_on_premium() {
    let on_standard = GlobalSettings {
        customer_service_management: true,
        ..GlobalSettings::default()
    };
    let decision = decide(
        Role::Agent,
        Action::UseOrganizationsPage,
        &on_standard,
        Some(&project()),
    );
    let denial = decision
        .denial()
        .expect("customer service management needs Premium");
    assert_eq!(denial.reason, Reason::PremiumOnly);
    assert!(denial.message.contains("Premium feature"));

    let off_on_premium = GlobalSettings {
        plan: Plan::Premium,
        ..GlobalSettings::default()
    };
    let decision = decide(
        Role::Agent,
        Action::UseOrganizationsPage,
        &off_on_premium,
        Some(&project()),
    );
    let denial = decision.denial().expect("switched off");
    assert_eq!(denial.reason, Reason::CustomerServiceManagementOff);
    assert!(denial.message.contains("Customers page"));

    let on = premium_with_customer_service_management();
    assert!(on.customer_service_management_active());
    assert!(decide(Role::Agent, Action::UseOrganizationsPage, &on, Some(&project())).is_allowed());
}

#[test]
fn project_actions_without_a_project_ask_to_open_one() {
    let decision = decide(
        Role::SiteAdmin,
        Action::AddCustomersToProject,
        &GlobalSettings::default(),
        None,
    );
    let denial = decision.denial().expect("no project given");
    assert_eq!(denial.reason, Reason::ProjectRequired);
    assert_eq!(denial.who_can_change, WhoCanChange::Yourself);
    // Organizations are managed from product settings, without a project.
    assert!(decide(
        Role::SiteAdmin,
        Action::ManageOrganizationMembers,
        &GlobalSettings::default(),
        None
    )
    .is_allowed());
}

#[test]
fn project_type_changes_no_decision() {
    let company = project();
    let team = ProjectSettings {
        project_type: ProjectType::TeamManaged,
        ..project()
    };
    for settings in [
        GlobalSettings::default(),
        premium_with_customer_service_management(),
    ] {
        for role in Role::ALL {
            assert_eq!(
                permissions(*role, &settings, Some(&company)),
                permissions(*role, &settings, Some(&team))
            );
        }
    }
}

#[test]
fn permissions_decide_every_action_in_order() {
    let permissions = permissions(Role::Agent, &GlobalSettings::default(), Some(&project()));
    let actions: Vec<Action> = permissions.iter().map(|(action, _)| action).collect();
    assert_eq!(actions, Action::ALL);
    for action in Action::ALL {
        assert_eq!(
            permissions.decision(*action),
            Some(&decide(
                Role::Agent,
                *action,
                &GlobalSettings::default(),
                Some(&project())
            ))
        );
    }
}

#[test]
fn effective_role_is_the_strongest_held() {
    assert_eq!(Role::effective(true, true, Some(Role::Agent)), Role::SiteAdmin);
    assert_eq!(Role::effective(true, false, Some(Role::Agent)), Role::Agent);
    assert_eq!(Role::effective(true, false, None), Role::Customer);
    assert_eq!(Role::effective(false, false, Some(Role::Agent)), Role::Anonymous);
}
