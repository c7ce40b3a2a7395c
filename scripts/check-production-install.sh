#!/usr/bin/env bash
# The path a production operator takes, from a clean copy of this commit with no dev
# dependencies and an empty environment:
#   npm ci --omit=dev && npm run build && npm start   → answers /api/health
# Run by .ci/run after `npm test`. Needs the npm registry (or its cache) for `npm ci`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/pba-prod-install-XXXXXX)"
port="${CHECK_PORT:-3297}"
pg_port="${CHECK_PG_PORT:-54397}"
app_pid=""
cleanup() {
  # The app runs in its own process group (setsid): npm, start.mjs, the server, PostgreSQL.
  if [ -n "$app_pid" ]; then kill -TERM -- "-$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

git clone -q "$repo" "$work/app"
cd "$work/app"
echo "[prod-install] npm ci --omit=dev"
npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null
for dev_only in tsx vitest eslint prettier; do
  if [ -e "node_modules/$dev_only" ]; then echo "[prod-install] $dev_only is installed: not a production-only install" >&2; exit 1; fi
done
echo "[prod-install] npm run build (empty environment)"
env -i PATH="$PATH" HOME="$HOME" npm run build >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
echo "[prod-install] npm start (embedded PostgreSQL, port $port)"
setsid env -i PATH="$PATH" HOME="$HOME" AUTH_SECRET=prod-install-check PORT="$port" EMBEDDED_PG_PORT="$pg_port" \
  PBA_DATA_DIR="$work/data" STORAGE_DIR="$work/data/storage" npm start >"$work/start.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  if body="$(curl -sf "http://127.0.0.1:$port/api/health")"; then
    echo "[prod-install] /api/health: $body"
    case "$body" in *'"status":"ok"'*) exit 0 ;; esac
  fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 1
done
echo "[prod-install] the production install did not answer /api/health:" >&2
tail -40 "$work/start.log" >&2
exit 1
