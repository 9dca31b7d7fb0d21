//! The help center's entry point, built by Trunk from `help.html`: the help center's pages
//! only, so that a customer's first load is small.

fn main() {
    clientele::start_help_center();
}
