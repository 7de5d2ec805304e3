#!/usr/bin/env bash
# Runs every test of AccessTokens. Installs what the tests need on a fresh Debian machine first:
# time zone data (the expiry tests run in Europe/Paris and America/Santiago), the PostgreSQL
# server binaries (the tests start private PostgreSQL servers on free loopback ports and stop them)
# nginx and Caddy (the forward-auth tests run each in front of an upstream, on loopback ports) and
# Chromium (the admin screen tests drive it headless through Playwright; Playwright's own browser
# download is never used).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -f /usr/share/zoneinfo/Europe/Paris ] || missing+=(tzdata)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -x /usr/bin/caddy ] || missing+=(caddy)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The tests stop the servers they start; this catches any left by a test run that was killed.
cleanup() { pkill -f 'accesstokens-tests-.*/data' 2>/dev/null || true; }
trap cleanup EXIT

# Build everything first: the tests also run programs of the solution that no test project references
# (the benchmark harness's smoke run).
dotnet build AccessTokens.sln -nologo -v quiet
dotnet test AccessTokens.sln --no-build --logger "console;verbosity=normal" "$@"
