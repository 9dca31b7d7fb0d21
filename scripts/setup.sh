#!/usr/bin/env bash
# Installs what a fresh machine lacks, and nothing twice: the wasm32 target, Trunk, the
# wasm-bindgen-cli matching Cargo.lock, wasm-opt (npm `binaryen`), Playwright's driver (npm
# `playwright-core`), Debian's Chromium with its driver, and Schemathesis in .venv/. Source it or
# run it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

TRUNK_VERSION=0.21.14
if ! trunk --version 2>/dev/null | grep -qF "trunk $TRUNK_VERSION"; then
  step "Installing Trunk $TRUNK_VERSION (takes several minutes once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen of Cargo.lock. Installed without --locked:
# with it, resolution fails on a dependency version the registry does not have.
WASM_BINDGEN_VERSION=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/[^0-9.]/, "", $0); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qF " $WASM_BINDGEN_VERSION"; then
  step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes a few minutes once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/jira.js ] \
  || [ ! -d node_modules/axe-core ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing npm tooling (binaryen for wasm-opt, playwright-core, jira.js, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Debian packages: Chromium and its driver (browser tests), aiosmtpd (a real SMTP server for
# the mail tests), PostgreSQL (the server tests' second backend).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
# venv with pip, for the API fuzzer's virtual environment below.
/usr/bin/python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
# PostgreSQL: the test script runs the server suite a second time on a throwaway one.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# Schemathesis (scripts/fuzz.sh fuzzes every API operation with it) and an OpenAPI validator,
# pinned, in the project's own virtual environment (.venv/, git-ignored).
SCHEMATHESIS_VERSION=4.32.5
OPENAPI_SPEC_VALIDATOR_VERSION=0.7.2
if ! .venv/bin/schemathesis --version 2>/dev/null | grep -qF "version $SCHEMATHESIS_VERSION" \
  || ! .venv/bin/pip show openapi-spec-validator 2>/dev/null | grep -qx "Version: $OPENAPI_SPEC_VALIDATOR_VERSION"; then
  step "Installing Schemathesis $SCHEMATHESIS_VERSION into .venv (a minute once)"
  /usr/bin/python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION" "openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION"
fi
