#!/usr/bin/env bash
# Fuzzes every operation of the OpenAPI document (GET /rest/clientele/1/openapi.json) with
# Schemathesis, against the real server built from this tree: as a site admin, an agent, a
# customer and anonymously, each role against a fresh server of its own on a fresh SQLite file
# with the demo data, so that what one role's generated requests delete or change cannot make
# another role's results depend on timing. Passes when no answer is a 5xx, breaks its schema,
# has a status the document does not list, or a content type it does not name.
#
#   scripts/fuzz.sh                       # after a debug build of the server
#   FUZZ_EXAMPLES=50 FUZZ_SEED=7 scripts/fuzz.sh   # more cases per operation, another seed
#
# The server binary is $CLIENTELE_BIN, else $CARGO_TARGET_DIR/debug/clientele (target/ by
# default). Schemathesis comes from .venv/, which scripts/setup.sh installs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

target_dir=${CARGO_TARGET_DIR:-target}
bin=${CLIENTELE_BIN:-$target_dir/debug/clientele}
examples=${FUZZ_EXAMPLES:-10}
seed=${FUZZ_SEED:-15}
schemathesis=.venv/bin/schemathesis
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/dist"
echo '<!doctype html><title>Clientele</title>' >"$work/dist/index.html"

# Starts a server with the demo data on a fresh database; sets $server_pid and $base.
start_server() {
  local name=$1
  "$bin" serve --demo --listen 127.0.0.1:0 --database "sqlite://$work/$name.db" \
    --dist "$work/dist" >"$work/$name.log" 2>&1 &
  server_pid=$!
  base=""
  for _ in $(seq 1 300); do
    base=$(sed -n 's/.*Clientele is running at \(http[^ ]*\).*/\1/p' "$work/$name.log" | head -1)
    if [ -n "$base" ]; then break; fi
    sleep 0.1
  done
  if [ -z "$base" ]; then
    echo "The server did not start:" >&2
    cat "$work/$name.log" >&2
    exit 1
  fi
  base=${base%/}
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# The document itself first: a valid OpenAPI 3.1 document.
start_server document
.venv/bin/python -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
  "$base/rest/clientele/1/openapi.json" >"$work/openapi.json"
.venv/bin/python -m openapi_spec_validator "$work/openapi.json"
stop_server

total=0
failed_roles=()
started=$(date +%s)
for role in admin agent customer anonymous; do
  start_server "$role"
  auth=()
  # HTTP Basic with the password: unlike a token or a session, no generated request (revoking
  # a token, signing out) can take it away in the middle of the run.
  if [ "$role" != anonymous ]; then auth=(--auth "$role@example.com:clientele-demo"); fi
  echo "Schemathesis as $role (seed $seed, up to $examples cases per operation)"
  status=0
  "$schemathesis" run "$base/rest/clientele/1/openapi.json" "${auth[@]}" \
    --checks "$checks" --max-examples "$examples" --seed "$seed" \
    --phases examples,coverage,fuzzing --workers 2 --request-timeout 30 \
    --suppress-health-check all --warnings off --no-color \
    >"$work/$role.out" 2>&1 || status=$?
  cases=$(sed -n 's/^ *\([0-9][0-9]*\) generated.*/\1/p' "$work/$role.out" | tail -1)
  cases=${cases:-0}
  total=$((total + cases))
  if [ "$status" -ne 0 ]; then
    cat "$work/$role.out"
    failed_roles+=("$role")
  else
    grep -E "generated|Tested:" "$work/$role.out" | sed 's/^/  /'
  fi
  stop_server
done
elapsed=$(($(date +%s) - started))
echo "Schemathesis: $total generated cases over 4 roles in ${elapsed}s"
if [ ${#failed_roles[@]} -gt 0 ]; then
  echo "Schemathesis found failures as: ${failed_roles[*]}" >&2
  exit 1
fi
