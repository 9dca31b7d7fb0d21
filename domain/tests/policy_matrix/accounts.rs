//! Decisions about accounts rather than roles: the help center's sign-up form as a whole, and
//! what a revoked account may no longer do or have done to it.

use clientele_domain::account::AccountStatus;
use clientele_domain::policy::{
    decide_account_use, decide_add_existing_account, decide_signup_anywhere, Reason, WhoCanChange,
};

#[test]
fn sign_up_is_closed_while_no_project_allows_it() {
    assert!(decide_signup_anywhere(true).is_allowed());
    let closed = decide_signup_anywhere(false);
    let denial = closed.denial().expect("closed without an open project");
    assert_eq!(denial.reason, Reason::SignupClosed);
    assert_eq!(denial.who_can_change, WhoCanChange::ProjectAdmin);
    assert!(denial.message.contains("by invitation"), "{}", denial.message);
}

#[test]
fn a_revoked_account_can_neither_be_used_nor_added() {
    for usable in [AccountStatus::Invited, AccountStatus::Active] {
        assert!(decide_account_use(usable).is_allowed());
        assert!(decide_add_existing_account(usable).is_allowed());
    }
    let revoked = AccountStatus::Revoked;
    for decision in [decide_account_use(revoked), decide_add_existing_account(revoked)] {
        let denial = decision.denial().expect("revoked access is refused");
        assert_eq!(denial.reason, Reason::AccessRevoked);
        assert_eq!(denial.who_can_change, WhoCanChange::SiteAdmin);
        assert!(denial.message.starts_with("This account's access is revoked."));
    }
    let adding = decide_add_existing_account(revoked);
    assert!(adding.denial().unwrap().message.contains("Settings → Customers"));
}
