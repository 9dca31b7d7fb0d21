//! Parts shared by several pages, each named for what it shows.

pub mod add_customers_dialog;
pub mod add_customers_fields;
pub mod add_customers_request;
pub mod add_organization_dialog;
pub mod add_summary;
pub mod audit_log;
pub mod confirm_dialog;
pub mod csv_export;
pub mod customer_table;
pub mod dialog_state;
pub mod email_entries;
pub mod feedback;
pub mod modal;
pub mod nav;
pub mod on_demand;
pub mod organization_table;
pub mod paged_list;
pub mod password_field;
pub mod project_nav;
pub mod request_view;
pub mod timestamp;
pub mod why_not;
