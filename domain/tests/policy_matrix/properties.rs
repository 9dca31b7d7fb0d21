//! Properties over arbitrary roles, actions, settings and addresses.

use clientele_domain::policy::{
    decide, decide_add_address, Action, GlobalSettings, Plan, ProjectSettings, ProjectType, Reason, Role,
};
use proptest::prelude::*;
use proptest::sample::select;

fn settings() -> impl Strategy<Value = GlobalSettings> {
    (
        any::<bool>(),
        any::<bool>(),
        select(vec![Plan::Standard, Plan::Premium]),
        proptest::collection::vec("[a-zA-Z0-9-]{1,10}\\.(com|org|example)", 0..4),
    )
        .prop_map(|(agents, csm, plan, managed_domains)| GlobalSettings {
            agents_can_manage_organizations: agents,
            customer_service_management: csm,
            plan,
            managed_domains,
        })
}

fn project() -> impl Strategy<Value = Option<ProjectSettings>> {
    proptest::option::of(
        (
            select(vec![ProjectType::CompanyManaged, ProjectType::TeamManaged]),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(project_type, public_signup, notification)| ProjectSettings {
                project_type,
                public_signup,
                customer_invited_notification: notification,
            }),
    )
}

fn role() -> impl Strategy<Value = Role> {
    select(Role::ALL.to_vec())
}

fn action() -> impl Strategy<Value = Action> {
    select(Action::ALL.to_vec())
}

proptest! {
    #[test]
    fn a_stronger_role_may_do_whatever_a_weaker_one_may(
        weaker in role(), stronger in role(), action in action(),
        settings in settings(), project in project(),
    ) {
        prop_assume!(stronger.outranks(weaker));
        if decide(weaker, action, &settings, project.as_ref()).is_allowed() {
            prop_assert!(decide(stronger, action, &settings, project.as_ref()).is_allowed());
        }
    }

    #[test]
    fn turning_a_setting_on_or_going_premium_never_takes_a_permission_away(
        role in role(), action in action(), settings in settings(), project in project(),
    ) {
        let before = decide(role, action, &settings, project.as_ref()).is_allowed();
        let more = GlobalSettings {
            agents_can_manage_organizations: true,
            customer_service_management: true,
            plan: Plan::Premium,
            ..settings.clone()
        };
        let after = decide(role, action, &more, project.as_ref()).is_allowed();
        prop_assert!(!before || after);
    }

    #[test]
    fn site_admin_is_refused_only_for_missing_features_or_project(
        action in action(), settings in settings(), project in project(),
    ) {
        if let Some(reason) = decide(Role::SiteAdmin, action, &settings, project.as_ref()).reason() {
            prop_assert!(matches!(
                reason,
                Reason::PremiumOnly
                    | Reason::CustomerServiceManagementOff
                    | Reason::ProjectRequired
            ));
        }
    }

    #[test]
    fn managed_domain_decision_ignores_the_case_of_the_address(
        role in role(), local in "[a-z0-9.]{1,12}", settings in settings(), pick in any::<usize>(),
    ) {
        // Half the time an address in a managed domain, half the time a random one.
        let domain = match settings.managed_domains.len() {
            0 => "example.net".to_owned(),
            n => settings.managed_domains[pick % n].clone(),
        };
        let address = format!("{local}@{domain}");
        let lower = decide_add_address(role, &address.to_lowercase(), &settings);
        let upper = decide_add_address(role, &address.to_uppercase(), &settings);
        prop_assert_eq!(&lower, &upper);
        let managed = !settings.managed_domains.is_empty();
        let refused_for_domain = lower.reason() == Some(Reason::ManagedDomain);
        prop_assert_eq!(
            refused_for_domain,
            managed && matches!(role, Role::ProjectAdmin | Role::Agent)
        );
    }

    #[test]
    fn every_denial_carries_a_sentence(
        role in role(), action in action(), settings in settings(), project in project(),
    ) {
        if let Some(denial) = decide(role, action, &settings, project.as_ref()).denial() {
            prop_assert!(denial.message.len() > 20);
            prop_assert!(denial.message.ends_with('.'));
        }
    }
}
