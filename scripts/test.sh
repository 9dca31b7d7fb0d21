#!/usr/bin/env bash
# One command that sets up and runs every test: formatting and lints, domain unit and property
# tests, server integration tests (real server, temporary SQLite files, then the same suite on a
# throwaway PostgreSQL), the web app's unit tests
# (native), component tests in headless Chromium (wasm-bindgen-test), the release build's
# first-load sizes against their budgets (scripts/size.sh --check), and end-to-end tests on that
# release build (real server with --demo, driven in Chromium by Playwright). Between the server
# tests and the app's: Schemathesis against the OpenAPI document, as four roles (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
# A one-off run (CI) gains nothing from incremental caches, which cost gigabytes of disk.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
df -h . | tail -1 | awk '{print "Disk free before the tests: " $4}'

step "Formatting"
cargo fmt --all -- --check
step "Lints"
cargo clippy --workspace --all-targets -- -D warnings
# The web crates' wasm-only code and component tests (cfg(target_arch = "wasm32")) are linted
# on their own target.
cargo clippy -p clientele -p clientele-sign-in --target wasm32-unknown-unknown --all-targets -- -D warnings
step "Domain, server (SQLite) and signed-out pages (native: their pure functions) tests"
cargo test --workspace --exclude clientele
step "Server tests on PostgreSQL (a throwaway server, started and stopped here)"
source scripts/postgres.sh
postgres_start
trap postgres_stop EXIT
cargo test -p clientele-server --lib --test api
postgres_stop
trap - EXIT
step "API contract: the OpenAPI document validates, and Schemathesis fuzzes every operation"
# The server binary the server tests built (target/debug/clientele, or under CARGO_TARGET_DIR).
scripts/fuzz.sh
step "App unit tests (native: pure functions of the web app)"
cargo test -p clientele --lib
step "Component tests in headless Chromium"
# The runner comes from .cargo/config.toml; webdriver.json holds Chromium's flags.
CHROMEDRIVER=$(command -v chromedriver) WASM_BINDGEN_TEST_TIMEOUT=180 \
  cargo test -p clientele --target wasm32-unknown-unknown
step "Release build of the web app (agent app, help center, settings panel; precompressed)"
# One release build serves both the size check and the end-to-end tests: what is measured is
# what is tested.
target_dir=${CARGO_TARGET_DIR:-target}
cargo build -p clientele-server
scripts/build-web.sh "$target_dir/e2e-dist" "$target_dir/debug/clientele"
step "First-load size of each entry point, against its budget"
scripts/size.sh --check "$target_dir/e2e-dist"
step "End-to-end tests in Chromium"
CLIENTELE_BIN="$target_dir/debug/clientele" CLIENTELE_DIST="$target_dir/e2e-dist" \
  node --test --test-concurrency=1 --test-timeout=300000 tests/e2e/
df -h . | tail -1 | awk '{print "Disk free after the tests: " $4}'
du -sh "$target_dir" 2>/dev/null | awk '{print "Target directory: " $1}'
