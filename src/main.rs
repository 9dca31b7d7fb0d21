//! The agent app's entry point, built by Trunk from `index.html`.

fn main() {
    clientele::start();
}
