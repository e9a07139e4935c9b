#!/usr/bin/env bash
# Runs StatusPage on http://127.0.0.1:5000 against a local PostgreSQL and Redis kept under .data/,
# with a demo organization; prints its API key and the admin token. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
ensure_packages
mkdir -p .data
[ -s .data/admin-token ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' > .data/admin-token
export ADMIN_TOKEN=${ADMIN_TOKEN:-$(cat .data/admin-token)}
services_start .data
export API_PORT=${API_PORT:-5000}
export PUBLIC_URL=${PUBLIC_URL:-http://127.0.0.1:$API_PORT}
export Demo__Enabled=true Demo__DataFolder="$PWD/.data"
echo "StatusPage on $PUBLIC_URL  (API reference: $PUBLIC_URL/api/reference)"
dotnet run --project src/Host -c Release --no-launch-profile
