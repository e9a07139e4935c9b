#!/usr/bin/env bash
# Rewrites Wolverine's pre-generated handler code (src/Host/Internal/Generated) after endpoint or handler
# signatures change. Stale files may not compile, so they go first. Needs DATABASE_URL like the host.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/Host/Internal/Generated
ASPNETCORE_ENVIRONMENT=Development dotnet run --project src/Host --no-launch-profile -- codegen write | grep -c "Wrote generated code file" | sed 's/$/ files written/'
