#!/usr/bin/env bash
# Rewrites Wolverine's pre-generated handler code (src/Host/Internal/Generated) after endpoint or handler
# signatures change. Stale files may not compile, so they go first. Generating connects to no database: the
# connection string only has to be there, so without DATABASE_URL an unreachable one stands in.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/Host/Internal/Generated
DATABASE_URL=${DATABASE_URL:-postgres://codegen@127.0.0.1:1/none} ASPNETCORE_ENVIRONMENT=Development \
  dotnet run --project src/Host --no-launch-profile -- codegen write | grep -c "Wrote generated code file" | sed 's/$/ files written/'
