//! What "Add customers" sends when Add is pressed: the request body and where it goes, or why
//! nothing is sent (the list is too long, or empty). A pure function of what the dialog holds,
//! so that it is tested natively (`cargo test -p clientele --lib`).

use clientele_domain::policy::NewCustomerEmail;
use clientele_domain::wire::{BulkAddRequest, FlexibleId, OrganizationRef};

use super::add_summary::AddedWhere;
use super::email_entries::EmailPreview;

/// Where the customers go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddTarget {
    /// A service project, by key.
    Project { key: String, name: String },
    /// An organization, by id.
    Organization { id: String, name: String },
}

impl AddTarget {
    /// The project's or organization's name.
    pub fn name(&self) -> &str {
        match self {
            AddTarget::Project { name, .. } | AddTarget::Organization { name, .. } => name,
        }
    }
}

/// What the dialog holds when Add is pressed.
#[derive(Debug, Clone, Copy)]
pub struct AddForm<'a> {
    /// Where the customers go.
    pub target: &'a AddTarget,
    /// The Emails field as it stands: sent as it is, for the server's parser.
    pub text: &'a str,
    /// How that text reads (the entries shown under the field).
    pub preview: &'a EmailPreview,
    /// The organization chosen, by id; empty for none.
    pub organization_id: &'a str,
    /// The organizations the select offers, to name the one chosen in the summary.
    pub organizations: &'a [OrganizationRef],
    /// The help center chosen, when the Help center select is offered.
    pub help_center_id: Option<&'a str>,
    /// What new accounts receive, when known.
    pub new_customer_email: Option<NewCustomerEmail>,
}

/// Why Add sends nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSent {
    /// More entries than the server takes at once (the preview says how many).
    TooMany,
    /// No entry at all.
    Empty,
}

impl NotSent {
    /// What the dialog says.
    pub fn message(self) -> &'static str {
        match self {
            NotSent::TooMany => "The list is too long to add at once; see above.",
            NotSent::Empty => "Type or paste at least one email address first.",
        }
    }
}

/// An add ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct AddRequest {
    /// Where it goes.
    pub target: AddTarget,
    /// The request body.
    pub body: BulkAddRequest,
    /// Where the customers were added, for the summary's wording.
    pub at: AddedWhere,
}

/// An id as the API takes it: a number when it reads as one.
fn flexible(id: &str) -> FlexibleId {
    id.parse()
        .map(FlexibleId::Number)
        .unwrap_or_else(|_| FlexibleId::Text(id.to_string()))
}

/// The add that Add sends for `form`, or why it sends none. Invalid entries, duplicates and
/// managed-domain addresses are sent too: the server reports each, and the summary says why.
pub fn build_add_request(form: &AddForm) -> Result<AddRequest, NotSent> {
    if form.preview.too_many.is_some() {
        return Err(NotSent::TooMany);
    }
    if form.preview.total == 0 {
        return Err(NotSent::Empty);
    }
    let chosen = (!form.organization_id.is_empty()).then_some(form.organization_id);
    let organization = chosen.map(|id| {
        form.organizations
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| "the organization".to_string(), |o| o.name.clone())
    });
    Ok(AddRequest {
        target: form.target.clone(),
        body: BulkAddRequest {
            text: Some(form.text.to_string()),
            emails: None,
            organization_id: chosen.map(flexible),
            help_center_id: form.help_center_id.map(flexible),
            dry_run: false,
        },
        at: AddedWhere {
            place: form.target.name().to_string(),
            organization,
            is_organization: matches!(form.target, AddTarget::Organization { .. }),
            new_customer_email: form.new_customer_email,
        },
    })
}

#[cfg(test)]
mod tests {
    use clientele_domain::email::ParseLimits;
    use clientele_domain::policy::{GlobalSettings, Role};

    use super::*;

    fn project() -> AddTarget {
        AddTarget::Project {
            key: "ITH".into(),
            name: "IT Help".into(),
        }
    }

    fn organizations() -> Vec<OrganizationRef> {
        vec![
            OrganizationRef {
                id: "7".into(),
                name: "Globex".into(),
            },
            OrganizationRef {
                id: "org-x".into(),
                name: "Initech".into(),
            },
        ]
    }

    /// Builds the add for `text` pasted by an agent, with the other fields as given, under the
    /// server's default limits.
    fn build(
        target: &AddTarget,
        text: &str,
        organization_id: &str,
        help_center_id: Option<&str>,
    ) -> Result<AddRequest, NotSent> {
        build_under(
            &ParseLimits::default(),
            target,
            text,
            organization_id,
            help_center_id,
        )
    }

    /// Builds the add for `text` pasted by an agent, the preview read under `limits` (the
    /// server's, from `myself`).
    fn build_under(
        limits: &ParseLimits,
        target: &AddTarget,
        text: &str,
        organization_id: &str,
        help_center_id: Option<&str>,
    ) -> Result<AddRequest, NotSent> {
        let settings = GlobalSettings {
            managed_domains: vec!["staff.example.com".into()],
            ..GlobalSettings::default()
        };
        let preview = EmailPreview::of(text, Role::Agent, &settings, limits);
        let organizations = organizations();
        build_add_request(&AddForm {
            target,
            text,
            preview: &preview,
            organization_id,
            organizations: &organizations,
            help_center_id,
            new_customer_email: Some(NewCustomerEmail::Invitation),
        })
    }

    #[test]
    fn a_list_for_a_project_is_sent_as_typed_without_organization_or_help_center() {
        let text = "\"Doe, Jane\" <jane@example.com>; bob@x.org";
        let add = build(&project(), text, "", None).unwrap();
        assert_eq!(add.target, project());
        assert_eq!(
            add.body,
            BulkAddRequest {
                text: Some(text.into()),
                emails: None,
                organization_id: None,
                help_center_id: None,
                dry_run: false,
            }
        );
        assert_eq!(
            add.at,
            AddedWhere {
                place: "IT Help".into(),
                organization: None,
                is_organization: false,
                new_customer_email: Some(NewCustomerEmail::Invitation),
            }
        );
    }

    #[test]
    fn a_chosen_organization_is_sent_by_number_and_named_in_the_summary() {
        let add = build(&project(), "a@x.org", "7", None).unwrap();
        assert_eq!(add.body.organization_id, Some(FlexibleId::Number(7)));
        assert_eq!(add.at.organization.as_deref(), Some("Globex"));
    }

    #[test]
    fn an_organization_id_that_is_not_a_number_is_sent_as_text() {
        let add = build(&project(), "a@x.org", "org-x", None).unwrap();
        assert_eq!(add.body.organization_id, Some(FlexibleId::Text("org-x".into())));
        assert_eq!(add.at.organization.as_deref(), Some("Initech"));
    }

    #[test]
    fn an_organization_missing_from_the_select_is_called_the_organization() {
        let add = build(&project(), "a@x.org", "99", None).unwrap();
        assert_eq!(add.body.organization_id, Some(FlexibleId::Number(99)));
        assert_eq!(add.at.organization.as_deref(), Some("the organization"));
    }

    #[test]
    fn the_help_center_is_sent_only_when_offered() {
        let offered = build(&project(), "a@x.org", "", Some("2")).unwrap();
        assert_eq!(offered.body.help_center_id, Some(FlexibleId::Number(2)));
        let hidden = build(&project(), "a@x.org", "", None).unwrap();
        assert_eq!(hidden.body.help_center_id, None);
    }

    #[test]
    fn adding_to_an_organization_speaks_of_members() {
        let target = AddTarget::Organization {
            id: "3".into(),
            name: "Acme".into(),
        };
        let add = build(&target, "a@x.org", "", None).unwrap();
        assert_eq!(add.target, target);
        assert_eq!(add.at.place, "Acme");
        assert!(add.at.is_organization);
        assert_eq!(add.at.organization, None);
    }

    #[test]
    fn invalid_duplicate_and_managed_entries_are_sent_for_the_server_to_report() {
        let text = "nope, a@x.org, A@x.org, ann@staff.example.com";
        let add = build(&project(), text, "", None).unwrap();
        assert_eq!(add.body.text.as_deref(), Some(text));
    }

    #[test]
    fn an_empty_list_sends_nothing_and_says_to_type_addresses() {
        for text in ["", "   ", " ,; \n ,"] {
            assert_eq!(build(&project(), text, "", None), Err(NotSent::Empty), "{text:?}");
        }
        assert_eq!(
            NotSent::Empty.message(),
            "Type or paste at least one email address first."
        );
    }

    #[test]
    fn a_list_longer_than_the_server_takes_sends_nothing() {
        let text: Vec<String> = (0..10_001).map(|i| format!("c{i}@example.org")).collect();
        assert_eq!(
            build(&project(), &text.join("\n"), "", None),
            Err(NotSent::TooMany)
        );
        let at_the_limit: Vec<String> = (0..10_000).map(|i| format!("c{i}@example.org")).collect();
        assert!(build(&project(), &at_the_limit.join("\n"), "", None).is_ok());
        assert_eq!(
            NotSent::TooMany.message(),
            "The list is too long to add at once; see above."
        );
    }

    #[test]
    fn a_list_longer_than_the_limit_the_server_publishes_sends_nothing() {
        let three = ParseLimits { max_entries: 3 };
        assert_eq!(
            build_under(&three, &project(), "a@x.org, b@x.org, c@x.org, d@x.org", "", None),
            Err(NotSent::TooMany)
        );
        let add = build_under(&three, &project(), "a@x.org, b@x.org, c@x.org", "", None).unwrap();
        assert_eq!(add.body.text.as_deref(), Some("a@x.org, b@x.org, c@x.org"));
    }
}
