#!/usr/bin/env bash
# Runs every test against throwaway PostgreSQL and Redis servers that it starts and always stops.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
ensure_packages chromium prometheus-alertmanager
SERVICES_CLEANUP=$(mktemp -d /tmp/statuspage-test.XXXXXX)
chmod 755 "$SERVICES_CLEANUP"
PG_FSYNC=off services_start "$SERVICES_CLEANUP"
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Maximum Pool Size=100"
# One test project after the other (-m:1), as when all these tests were one assembly: on a small machine the
# integration and browser tests side by side would hold each other's hosts past the time bounds some tests assert.
dotnet test StatusPage.sln -m:1 --logger "console;verbosity=normal" "$@"
