#!/usr/bin/env bash
# Email fan-out: BENCH_EMAIL_SUBSCRIBERS (10,000) verified subscribers, one incident update, until the local SMTP
# server has accepted every message; beside a bare MailKit loop into the same server. Never part of the test run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
ensure_packages
SERVICES_CLEANUP=$(mktemp -d /tmp/statuspage-bench-email.XXXXXX)
chmod 755 "$SERVICES_CLEANUP"
services_start "$SERVICES_CLEANUP"
dotnet build src/Host -c Release -v q -nologo >/dev/null
dotnet build bench/EmailFanOut -c Release -v q -nologo >/dev/null
export ADMIN_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
dotnet bench/EmailFanOut/bin/Release/net10.0/EmailFanOut.dll "$PWD/src/Host/bin/Release/net10.0/StatusPage.Host.dll"
