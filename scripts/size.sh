#!/usr/bin/env bash
# Prints the gzip size of the web app's first-load assets (wasm + js + css) of a release build.
# Usage: scripts/size.sh [DIST]   (default: dist; builds it first when missing)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DIST=${1:-dist}
if ! ls "$DIST"/*.wasm >/dev/null 2>&1; then
  source scripts/setup.sh
  trunk build --release --dist "$DIST"
fi
total_raw=0; total_gz=0
for f in "$DIST"/*.wasm "$DIST"/*.js "$DIST"/*.css; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-48s %9d bytes  %9d gzipped\n' "$(basename "$f")" "$raw" "$gz"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
done
printf '%-48s %9d bytes  %9d gzipped (%.1f KiB)\n' "first load total" "$total_raw" "$total_gz" "$(awk "BEGIN { print $total_gz / 1024 }")"
