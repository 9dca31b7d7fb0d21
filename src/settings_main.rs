//! The settings panel's entry point, built by Trunk from `settings.html`: the settings pages
//! only, so that agents who never open them never download them.

fn main() {
    clientele::start_settings();
}
