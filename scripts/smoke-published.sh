#!/usr/bin/env bash
# Proves what the Dockerfile does without a Docker engine: publish the app the same way,
# start the published output as the container would (Production, /data-like folder, port),
# and wait for /ready and the self health check.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
data=$(mktemp -d)
port=18080
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$out" "$data"' EXIT

dotnet publish BlnkSliceApp/BlnkSliceApp.csproj -c Release -o "$out" --nologo -v quiet

(
  cd "$out"
  ASPNETCORE_URLS="http://127.0.0.1:$port" \
  ASPNETCORE_ENVIRONMENT=Production \
  DATABASE_PATH="$data/blnkslice.db" \
  PUBLIC_BASE_URL="https://blnkslice.example.com" \
  SESSION_SECRET="$(head -c 48 /dev/urandom | base64)" \
  ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" \
  exec dotnet BlnkSliceApp.dll
) > "$data/app.log" 2>&1 &
pid=$!

for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; then
    (cd "$out" && dotnet BlnkSliceApp.dll --health-check "http://127.0.0.1:$port/ready")
    test -f "$out/wwwroot/lib/htmx/htmx.min.js"
    echo "published app: /ready answered and the health check passed"
    exit 0
  fi
  sleep 1
done
echo "published app did not become ready; its log:" >&2
cat "$data/app.log" >&2
exit 1
