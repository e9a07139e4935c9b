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
if [ -z "${SMTP_HOST:-}" ]; then
  # No SMTP server configured: emails go to a local mail catcher, readable in the browser.
  export SMTP_HOST=127.0.0.1 SMTP_PORT=$(free_port) SMTP_TLS=none
  MAIL_HTTP_PORT=$(free_port)
  dotnet build tools/MailCatcher -c Release -v q -nologo >/dev/null
  SMTP_PORT=$SMTP_PORT HTTP_PORT=$MAIL_HTTP_PORT dotnet tools/MailCatcher/bin/Release/net10.0/MailCatcher.dll >/dev/null &
  MAIL_CATCHER_PID=$!
  trap 'kill $MAIL_CATCHER_PID 2>/dev/null || true; services_stop' EXIT
  echo "Emails go to the mail catcher: http://127.0.0.1:$MAIL_HTTP_PORT"
fi
echo "StatusPage on $PUBLIC_URL  (API reference: $PUBLIC_URL/api/reference)"
dotnet run --project src/Host -c Release --no-launch-profile
