#!/usr/bin/env bash
# Coverage-guided fuzzing of the email-list parser on stable Rust: no nightly, no cargo-fuzz.
# Usage: bash domain/fuzz/fuzz.sh [SECONDS]   (default 60; 0 runs the corpus once)
# Findings go to domain/fuzz/artifacts/parse_text/ (git-ignored), the growing corpus to
# domain/fuzz/corpus/parse_text/ (git-ignored); domain/fuzz/seeds/ are the committed seeds.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
host=$(rustc -vV | sed -n 's/^host: //p')
# What cargo-fuzz passes, minus the sanitizer (which needs nightly). `--target` keeps these
# flags off build scripts and proc macros, which would not link with them.
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares \
-Cdebug-assertions -Coverflow-checks"
target_dir=${CARGO_TARGET_DIR:-target}
cargo build --release --target "$host" --bin parse_text
mkdir -p corpus/parse_text artifacts/parse_text
if [ "$seconds" = 0 ]; then limit=(-runs=0); else limit=(-max_total_time="$seconds"); fi
exec "$target_dir/$host/release/parse_text" corpus/parse_text seeds "${limit[@]}" \
    -max_len=4096 -dict=email.dict -artifact_prefix=artifacts/parse_text/
