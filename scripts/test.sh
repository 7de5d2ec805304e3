#!/usr/bin/env bash
# Runs every test of AccessTokens. Installs what the tests need on a fresh Debian machine first:
# time zone data (the expiry tests run in Europe/Paris and America/Santiago), the PostgreSQL
# server binaries (the tests start private PostgreSQL servers on free loopback ports and stop them)
# nginx and Caddy (the forward-auth tests run each in front of an upstream, on loopback ports) and
# Chromium (the admin screen tests drive it headless through Playwright; Playwright's own browser
# download is never used), and Node.js with @redocly/cli (a test lints the served OpenAPI document) and Express (docs/clients.md's
# Node.js snippet runs in a test).
#
#   scripts/test.sh            every test
#   scripts/test.sh --fast     the fast tier only (units, and the service in the test process on SQLite):
#                              the edit-test loop; installs nothing and builds only the test project
# Other arguments go to dotnet test (say, --filter "FullyQualifiedName~CheckApi").
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--fast" ]; then
  shift
  dotnet build tests/AccessTokens.Tests -nologo -v quiet
  exec dotnet test tests/AccessTokens.Tests --no-build --filter "Tier=Fast" "$@"
fi

missing=()
[ -f /usr/share/zoneinfo/Europe/Paris ] || missing+=(tzdata)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -x /usr/bin/caddy ] || missing+=(caddy)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The OpenAPI linter, and Express for the Node.js snippet of docs/clients.md, in the checkout (never global).
NODE_TOOLS="@redocly/cli@2.77.0 express@5.3.0"
if [ "$(cat artifacts/tools/installed 2>/dev/null)" != "$NODE_TOOLS" ]; then
  echo "Installing $NODE_TOOLS..."
  mkdir -p artifacts/tools
  # shellcheck disable=SC2086
  npm install --prefix artifacts/tools --no-audit --no-fund --loglevel=error $NODE_TOOLS >/dev/null
  echo "$NODE_TOOLS" >artifacts/tools/installed
fi

# Build everything first: the tests also run programs of the solution that no test project references
# (the benchmark harness's smoke run).
dotnet build AccessTokens.sln -nologo -v quiet
dotnet test AccessTokens.sln --no-build --logger "console;verbosity=normal" "$@"
