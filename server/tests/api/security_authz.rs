//! Issue 11, holes 9 and 11–14: what an agent, a project admin or a customer can reach beyond
//! their own projects, and what text they can put in front of other people. Each test
//! reproduces one hole against the real server and shows it closed.

mod bulk_limits;
mod lookups;
mod myself;
mod names;
mod organizations;
