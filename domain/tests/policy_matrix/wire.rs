//! The serialized names the browser and the server exchange: stable, camelCase.

use clientele_domain::policy::{
    decide, decide_add_address, permissions, Action, Decision, GlobalSettings, NewCustomerEmail, Permissions,
    Plan, ProjectSettings, ProjectType, Reason, Role, WhoCanChange,
};
use serde::Serialize;
use serde_json::{json, Value};

fn name<T: Serialize>(value: T) -> Value {
    serde_json::to_value(value).expect("serializes")
}

#[test]
fn every_action_has_its_camel_case_name() {
    let names: Vec<Value> = Action::ALL.iter().map(name).collect();
    assert_eq!(
        names,
        [
            "viewProjectCustomers",
            "addCustomersToProject",
            "removeCustomerFromProject",
            "createOrganization",
            "attachOrganization",
            "manageOrganizationMembers",
            "deleteOrganization",
            "viewAllOrganizations",
            "administerCustomerAccounts",
            "manageGlobalSettings",
            "manageProjectAccess",
            "chooseHelpCenter",
            "useOrganizationsPage",
            "addHelpCenter",
            "viewOrganizationMembers",
            "createCustomer",
            "viewAnyOrganization",
            "workOnRequests",
            "manageRequestTypes",
            "viewAuditLog",
        ]
    );
}

#[test]
fn roles_reasons_and_who_can_change_have_their_camel_case_names() {
    let roles: Vec<Value> = Role::ALL.iter().map(name).collect();
    assert_eq!(
        roles,
        ["siteAdmin", "projectAdmin", "agent", "customer", "anonymous"]
    );
    let reasons = [
        (Reason::NotSignedIn, "notSignedIn"),
        (Reason::CustomersCannot, "customersCannot"),
        (Reason::ProjectAdminOnly, "projectAdminOnly"),
        (Reason::SiteAdminOnly, "siteAdminOnly"),
        (
            Reason::AgentsCannotManageOrganizations,
            "agentsCannotManageOrganizations",
        ),
        (Reason::ManagedDomain, "managedDomain"),
        (Reason::PremiumOnly, "premiumOnly"),
        (
            Reason::CustomerServiceManagementOff,
            "customerServiceManagementOff",
        ),
        (Reason::PublicSignupOff, "publicSignupOff"),
        (Reason::ProjectRequired, "projectRequired"),
        (Reason::UnattachedOrganization, "unattachedOrganization"),
        (
            Reason::OrganizationOutsideYourProjects,
            "organizationOutsideYourProjects",
        ),
    ];
    for (reason, want) in reasons {
        assert_eq!(name(reason), want);
    }
    let who = [
        (WhoCanChange::SiteAdmin, "siteAdmin"),
        (WhoCanChange::ProjectAdmin, "projectAdmin"),
        (WhoCanChange::Agent, "agent"),
        (WhoCanChange::Yourself, "yourself"),
    ];
    for (who, want) in who {
        assert_eq!(name(who), want);
    }
    assert_eq!(name(Plan::Premium), "premium");
    assert_eq!(name(ProjectType::TeamManaged), "teamManaged");
    assert_eq!(name(ProjectType::CompanyManaged), "companyManaged");
    assert_eq!(name(NewCustomerEmail::EmailVerification), "emailVerification");
}

#[test]
fn decisions_serialize_with_a_decision_tag() {
    assert_eq!(name(Decision::Allowed), json!({"decision": "allowed"}));
    let settings = GlobalSettings {
        managed_domains: vec!["staff.example.com".to_owned()],
        ..GlobalSettings::default()
    };
    let denied = decide_add_address(Role::Agent, "a@staff.example.com", &settings);
    assert_eq!(
        name(&denied),
        json!({
            "decision": "denied",
            "reason": "managedDomain",
            "message": "Only site admins can add people from staff.example.com. Ask a site admin.",
            "whoCanChange": "siteAdmin",
            "domain": "staff.example.com",
        })
    );
    let round_trip: Decision = serde_json::from_value(name(&denied)).expect("deserializes");
    assert_eq!(round_trip, denied);
}

#[test]
fn permissions_serialize_as_an_object_keyed_by_action_and_round_trip() {
    let project = ProjectSettings::default();
    let permissions = permissions(Role::Agent, &GlobalSettings::default(), Some(&project));
    let value = name(&permissions);
    assert_eq!(value["addCustomersToProject"], json!({"decision": "allowed"}));
    assert_eq!(value["deleteOrganization"]["reason"], "siteAdminOnly");
    assert_eq!(value.as_object().map(|o| o.len()), Some(Action::ALL.len()));
    let round_trip: Permissions = serde_json::from_value(value).expect("deserializes");
    assert_eq!(round_trip, permissions);
    assert_eq!(
        round_trip.decision(Action::CreateOrganization),
        Some(&decide(
            Role::Agent,
            Action::CreateOrganization,
            &GlobalSettings::default(),
            Some(&project)
        ))
    );
}

#[test]
fn an_action_missing_from_permissions_is_not_allowed() {
    let permissions: Permissions = serde_json::from_value(json!({})).expect("deserializes");
    assert!(!permissions.can(Action::ViewProjectCustomers));
}

#[test]
fn settings_serialize_in_camel_case_and_fill_missing_fields_with_defaults() {
    let settings = GlobalSettings {
        agents_can_manage_organizations: true,
        customer_service_management: true,
        plan: Plan::Premium,
        managed_domains: vec!["staff.example.com".to_owned()],
    };
    assert_eq!(
        name(&settings),
        json!({
            "agentsCanManageOrganizations": true,
            "customerServiceManagement": true,
            "plan": "premium",
            "managedDomains": ["staff.example.com"],
        })
    );
    let partial: GlobalSettings = serde_json::from_value(json!({"plan": "premium"})).expect("deserializes");
    assert_eq!(
        partial,
        GlobalSettings {
            plan: Plan::Premium,
            ..GlobalSettings::default()
        }
    );
    assert_eq!(
        name(ProjectSettings::default()),
        json!({
            "projectType": "companyManaged",
            "publicSignup": false,
            "customerInvitedNotification": true,
        })
    );
    let project: ProjectSettings = serde_json::from_value(json!({})).expect("deserializes");
    assert_eq!(project, ProjectSettings::default());
}
