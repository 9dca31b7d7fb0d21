//! Integration tests: the real server on a random port with a temporary SQLite file.

mod accounts;
mod bad_input;
mod bad_requests;
mod bulk_add;
mod concurrency;
mod crash;
mod customers;
mod help_center;
mod helpers;
mod mail;
mod myself;
mod organizations;
mod paging;
mod project_customers;
mod project_organizations;
mod refusals_organizations;
mod refusals_project;
mod refusals_site;
mod security_authz;
mod servicedesk;
mod session;
mod settings;
mod smtp;
mod static_app;
mod tokens;
