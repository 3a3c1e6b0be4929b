#!/usr/bin/env bash
# Proves what the Dockerfile does without a Docker engine: publish the app the same way,
# start the published output as the container would (Production, /data-like folder, port),
# wait for /ready and the self health check, and check that a second process on the same
# database refuses to start.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
data=$(mktemp -d)
port=18080
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$out" "$data"' EXIT

dotnet publish BlnkSliceApp/BlnkSliceApp.csproj -c Release -o "$out" --nologo -v quiet

session_secret="$(head -c 48 /dev/urandom | base64)"
encryption_key="$(head -c 32 /dev/urandom | base64)"
run_app() {
  cd "$out"
  ASPNETCORE_URLS="http://127.0.0.1:$1" \
  ASPNETCORE_ENVIRONMENT=Production \
  DATABASE_PATH="$data/blnkslice.db" \
  PUBLIC_BASE_URL="https://blnkslice.example.com" \
  BLNK_APP_ID="app_smoke" \
  SESSION_SECRET="$session_secret" \
  ENCRYPTION_KEY="$encryption_key" \
  exec dotnet BlnkSliceApp.dll
}

(run_app "$port") > "$data/app.log" 2>&1 &
pid=$!

for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; then
    (cd "$out" && dotnet BlnkSliceApp.dll --health-check "http://127.0.0.1:$port/ready")
    test -f "$out/wwwroot/lib/htmx/htmx.min.js"
    echo "published app: /ready answered and the health check passed"
    # One process per database: a second one on the same file must refuse, naming DATABASE_PATH.
    set +e
    second=$(timeout 60 bash -c "$(declare -f run_app); out='$out' data='$data' session_secret='$session_secret' encryption_key='$encryption_key' run_app $((port + 1))" 2>&1)
    status=$?
    set -e
    if [ "$status" -ne 0 ] && [ "$status" -ne 124 ] && grep -q "DATABASE_PATH" <<<"$second"; then
      echo "second process on the same database: refused with exit code $status"
      exit 0
    fi
    echo "a second process on the same database did not refuse (exit $status):" >&2
    echo "$second" >&2
    echo "the first process's log (is it still running?):" >&2
    tail -c 4000 "$data/app.log" >&2
    exit 1
  fi
  sleep 1
done
echo "published app did not become ready; its log:" >&2
cat "$data/app.log" >&2
exit 1
