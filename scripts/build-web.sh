#!/usr/bin/env bash
# Builds the web app for the server to serve, in release (the only build the tests and the demo
# use: what is tested is what is measured and shipped): the agent app (index.html) into DIST,
# the help center (help.html) into DIST/help-center (served under /help-center/), the settings
# panel (settings.html) into DIST/settings-panel, the help center's signed-out pages
# (help-sign-in.html: sign in, sign up, forgot password, one-time links) into DIST/help-sign-in,
# a service project's request pages, settings and organizations (requests.html: the Queue, a
# request, Request types, Access, Organizations, an organization) into DIST/project-requests,
# the Customers page's dialogs (dialogs.html: no page, a module the agent app loads when one
# first opens) into DIST/agent-dialogs, then Brotli and gzip copies of every file beside it
# (`clientele compress`). The six share every compiled dependency: only the last link (LTO) and
# wasm-opt run six times.
# Usage: scripts/build-web.sh DIST [CLIENTELE_BINARY]
#   CLIENTELE_BINARY: a built `clientele` to compress with (default: builds and runs the
#   server's release binary with cargo).
# The agent build first: Trunk empties its dist directory, the other builds' included.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DIST=${1:?usage: scripts/build-web.sh DIST [CLIENTELE_BINARY]}
BIN=${2:-}
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

trunk build --release --dist "$DIST" index.html
trunk build --release --dist "$DIST/help-center" --public-url /help-center/ help.html
trunk build --release --dist "$DIST/settings-panel" --public-url /settings-panel/ settings.html
trunk build --release --dist "$DIST/agent-dialogs" --public-url /agent-dialogs/ dialogs.html
# The sign-in build (crate `clientele-sign-in`) has no wasm-bindgen snippet, but Trunk preloads
# every file in wasm-bindgen's shared output directory: without this it would preload the
# `clientele` crate's snippet the builds above left there (a request for nothing).
rm -rf "${CARGO_TARGET_DIR:-target}/wasm-bindgen/release/snippets"
trunk build --release --dist "$DIST/help-sign-in" --public-url /help-sign-in/ help-sign-in.html
trunk build --release --dist "$DIST/project-requests" --public-url /project-requests/ requests.html
if [ -n "$BIN" ]; then
  "$BIN" compress "$DIST" >/dev/null
else
  cargo run --quiet --release -p clientele-server -- compress "$DIST" >/dev/null
fi
