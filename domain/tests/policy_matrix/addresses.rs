//! Managed domains, address by address, for every role; and public sign-up.

use clientele_domain::policy::{
    decide_add_address, decide_public_signup, GlobalSettings, ProjectSettings, ProjectType, Reason, Role,
    WhoCanChange,
};

use Reason::*;

/// As a site admin typed it: mixed case, so that matching must ignore case both ways.
const MANAGED: &str = "Staff.Example.com";

fn settings() -> GlobalSettings {
    GlobalSettings {
        managed_domains: vec!["other.example.org".to_owned(), MANAGED.to_owned()],
        ..GlobalSettings::default()
    }
}

/// Addresses, and whether each is in the managed domain.
const ADDRESSES: &[(&str, bool)] = &[
    ("jane@staff.example.com", true),
    ("JANE@STAFF.EXAMPLE.COM", true),
    ("jane@Staff.Example.Com", true),
    ("jane@staff.example.com.", true),
    ("staff.example.com", true),
    ("@staff.example.com", true),
    ("jane@example.com", false),
    ("jane@eu.staff.example.com", false),
    ("jane@notstaff.example.com", false),
    ("jane@staff.example.com.evil.org", false),
    ("jane@staff-example.com", false),
    ("jane@", false),
];

#[test]
fn every_role_and_address_is_decided_as_the_managed_domain_rule_says() {
    let settings = settings();
    for role in Role::ALL {
        for (address, managed) in ADDRESSES {
            let decision = decide_add_address(*role, address, &settings);
            let want = match role {
                Role::Anonymous => Err(NotSignedIn),
                Role::Customer => Err(CustomersCannot),
                Role::SiteAdmin => Ok(()),
                Role::ProjectAdmin | Role::Agent if *managed => Err(ManagedDomain),
                Role::ProjectAdmin | Role::Agent => Ok(()),
            };
            let got = decision.reason().map_or(Ok(()), Err);
            assert_eq!(got, want, "{role:?} adding {address}");
            if let Some(denial) = decision.denial() {
                assert!(denial.message.ends_with('.'), "{denial:?}");
                let domain = (denial.reason == ManagedDomain).then(|| MANAGED.to_owned());
                assert_eq!(denial.domain, domain);
            }
        }
    }
}

#[test]
fn agent_cannot_add_managed_domain_address() {
    let decision = decide_add_address(Role::Agent, "jane@staff.example.com", &settings());
    let denial = decision.denial().expect("managed domain");
    assert_eq!(denial.reason, ManagedDomain);
    assert_eq!(denial.who_can_change, WhoCanChange::SiteAdmin);
    assert_eq!(denial.domain.as_deref(), Some(MANAGED));
    assert_eq!(
        denial.message,
        "Only site admins can add people from Staff.Example.com. Ask a site admin."
    );
}

#[test]
fn project_admin_cannot_add_managed_domain_address() {
    let decision = decide_add_address(Role::ProjectAdmin, "jane@staff.example.com", &settings());
    assert_eq!(decision.reason(), Some(ManagedDomain));
}

#[test]
fn site_admin_can_add_managed_domain_address() {
    assert!(decide_add_address(Role::SiteAdmin, "jane@staff.example.com", &settings()).is_allowed());
}

#[test]
fn managed_domain_match_ignores_case() {
    let decision = decide_add_address(Role::Agent, "Jane.Doe@STAFF.example.COM", &settings());
    assert_eq!(decision.reason(), Some(ManagedDomain));
}

#[test]
fn subdomain_of_a_managed_domain_is_not_managed() {
    assert!(decide_add_address(Role::Agent, "jane@eu.staff.example.com", &settings()).is_allowed());
}

#[test]
fn agent_can_add_any_address_when_no_domain_is_managed() {
    let settings = GlobalSettings::default();
    assert!(decide_add_address(Role::Agent, "jane@staff.example.com", &settings).is_allowed());
}

#[test]
fn internationalized_managed_domain_matches_its_ascii_form() {
    let settings = GlobalSettings {
        managed_domains: vec!["Bücher.example".to_owned()],
        ..GlobalSettings::default()
    };
    for address in [
        "jörg@bücher.example",
        "jorg@xn--bcher-kva.example",
        "j@BÜCHER.example",
    ] {
        assert_eq!(
            decide_add_address(Role::Agent, address, &settings).reason(),
            Some(ManagedDomain),
            "{address}"
        );
    }
}

#[test]
fn managed_domain_is_reported_as_configured() {
    assert_eq!(
        settings().managed_domain_for("a@STAFF.EXAMPLE.COM"),
        Some(MANAGED)
    );
    assert_eq!(settings().managed_domain_for("a@example.com"), None);
}

/// Every project type × public sign-up × notification × address.
#[test]
fn public_signup_is_decided_for_every_project_and_address() {
    let settings = settings();
    for project_type in [ProjectType::CompanyManaged, ProjectType::TeamManaged] {
        for public_signup in [false, true] {
            for customer_invited_notification in [false, true] {
                let project = ProjectSettings {
                    project_type,
                    public_signup,
                    customer_invited_notification,
                };
                for (address, managed) in ADDRESSES {
                    let decision = decide_public_signup(&project, address, &settings);
                    let want = match (public_signup, managed) {
                        (false, _) => Err((PublicSignupOff, WhoCanChange::ProjectAdmin)),
                        (true, true) => Err((ManagedDomain, WhoCanChange::SiteAdmin)),
                        (true, false) => Ok(()),
                    };
                    let got = decision
                        .denial()
                        .map_or(Ok(()), |d| Err((d.reason, d.who_can_change)));
                    assert_eq!(got, want, "{project:?} {address}");
                }
            }
        }
    }
}

#[test]
fn public_signup_off_refuses_and_names_the_project_admin() {
    let decision = decide_public_signup(&ProjectSettings::default(), "jane@example.com", &settings());
    let denial = decision.denial().expect("off by default");
    assert_eq!(denial.reason, PublicSignupOff);
    assert!(denial.message.contains("project admin"));
}

#[test]
fn managed_domain_cannot_sign_up_and_is_sent_to_a_site_admin() {
    let project = ProjectSettings {
        public_signup: true,
        ..ProjectSettings::default()
    };
    let decision = decide_public_signup(&project, "JANE@staff.example.com", &settings());
    let denial = decision.denial().expect("managed domain");
    assert_eq!(denial.reason, ManagedDomain);
    assert_eq!(denial.domain.as_deref(), Some(MANAGED));
    assert!(denial.message.contains("Staff.Example.com"));
    assert!(denial.message.contains("Ask a site admin."));
}

#[test]
fn anyone_outside_managed_domains_may_sign_up_when_public_signup_is_on() {
    let project = ProjectSettings {
        public_signup: true,
        ..ProjectSettings::default()
    };
    assert!(decide_public_signup(&project, "jane@example.com", &settings()).is_allowed());
}
