//! The entry point of a service project's request pages and settings, built by Trunk from
//! `requests.html`: the Queue, a request's page, Request types and Access, so that an agent's
//! first load (sign in, then a project's Customers page: `index.html`) does not carry them.

fn main() {
    clientele::start_requests();
}
