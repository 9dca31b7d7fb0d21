#!/usr/bin/env bash
# One command from a fresh clone to a running Clientele with demo data: sets up the toolchain,
# builds the web app (release, wasm-opt) and the server (release), then serves on
# http://127.0.0.1:8080/ (override with CLIENTELE_LISTEN). Extra arguments go to `clientele serve`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

step "Building the server (release)"
cargo build --release -p clientele-server
step "Building the web app (release: agent app, help center, settings panel; precompressed)"
bin="${CARGO_TARGET_DIR:-target}/release/clientele"
scripts/build-web.sh dist "$bin"
step "Starting Clientele"
# The demo has no mail server: --mail-capture shows queued messages' links in Settings → Mail,
# so that invitations can be followed. Never use it on a site with real people.
exec "$bin" serve --demo --mail-capture --dist dist "$@"
