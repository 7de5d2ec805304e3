#!/usr/bin/env bash
# Runs every test of AccessTokens. Installs what the tests need on a fresh Debian machine first:
# time zone data (the expiry tests run in Europe/Paris and America/Santiago).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f /usr/share/zoneinfo/Europe/Paris ]; then
  echo "Installing time zone data (tzdata)..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tzdata >/dev/null
fi

dotnet test AccessTokens.sln --logger "console;verbosity=normal" "$@"
