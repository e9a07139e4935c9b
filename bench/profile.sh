#!/usr/bin/env bash
# Where a command's CPU goes: one node in Release on throwaway PostgreSQL and Redis, idle for BENCH_PROFILE_SECONDS (30),
# then as long of incident updates to one incident at one connection (wrk), then as long again while dotnet-trace samples the node's
# threads. Prints the node's CPU per update for both (its whole process, so the asynchronous follow-up is in it) and
# the hottest frames. Never part of the test run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
ensure_packages wrk
SECONDS_MEASURED=${BENCH_PROFILE_SECONDS:-30}
OUT=${BENCH_PROFILE_OUT:-$(mktemp -d /tmp/statuspage-profile.XXXXXX)}
chmod 755 "$OUT"
TOOLS=.tools
[ -x "$TOOLS/dotnet-trace" ] || dotnet tool install --tool-path "$TOOLS" dotnet-trace --version 10.0.750501 >/dev/null
services_start "$OUT"
dotnet build src/Host -c Release -v q -nologo >/dev/null

PORT=$(free_port)
export ADMIN_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
API_PORT=$PORT PUBLIC_URL=http://127.0.0.1:$PORT ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet src/Host/bin/Release/net10.0/StatusPage.Host.dll > "$OUT/host.log" 2>&1 &
HOST_PID=$!
trap 'kill $HOST_PID 2>/dev/null; wait $HOST_PID 2>/dev/null; services_stop' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do kill -0 $HOST_PID; sleep 0.2; done

BASE=http://127.0.0.1:$PORT
json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
ORG=$(curl -sf -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -d '{"name":"Profile","slug":"profile"}' "$BASE/api/orgs")
KEY=$(echo "$ORG" | json apiKey); ORG_ID=$(echo "$ORG" | json id)
AUTH="Authorization: Bearer $KEY"
COMPONENT=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d '{"name":"API"}' "$BASE/api/orgs/$ORG_ID/components" | json id)
INCIDENT=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Profiled\",\"message\":\"Looking\",\"status\":\"investigating\",\"components\":{\"$COMPONENT\":\"major_outage\"}}" \
  "$BASE/api/orgs/$ORG_ID/incidents" | json id)
cat > "$OUT/update.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"status":"identified","message":"Still on it"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
LUA
URL=$BASE/api/orgs/$ORG_ID/incidents/$INCIDENT/updates
wrk -t1 -c1 -d5s -s "$OUT/update.lua" "$URL" >/dev/null

cpu() { awk '{print $14 + $15}' "/proc/$HOST_PID/stat"; }
TICK_MS=$((1000 / $(getconf CLK_TCK)))
per_update() { python3 -c "print(f'{($2 - $1) * $TICK_MS / $3:.2f}')"; }
requests() { grep -oE '[0-9]+ requests in' "$1" | grep -oE '^[0-9]+'; }

# Idle first, once the warm-up's follow-up work has had time to finish: what a node costs with nothing to do.
sleep 10
BEFORE=$(cpu)
sleep "$SECONDS_MEASURED"
AFTER=$(cpu)
echo "idle node: $(python3 -c "print(f'{($AFTER - $BEFORE) * $TICK_MS / ($SECONDS_MEASURED * 10):.2f}')") % of a core over ${SECONDS_MEASURED} s"

BEFORE=$(cpu)
wrk -t1 -c1 -d"${SECONDS_MEASURED}s" --latency -s "$OUT/update.lua" "$URL" > "$OUT/wrk-plain.txt"
AFTER=$(cpu)
echo "incident updates, no sampler: $(requests "$OUT/wrk-plain.txt") in ${SECONDS_MEASURED} s at 1 connection;" \
  "p50 $(awk '/50%/{print $2}' "$OUT/wrk-plain.txt"); node CPU $(per_update $BEFORE $AFTER "$(requests "$OUT/wrk-plain.txt")") ms per update"

BEFORE=$(cpu)
"$TOOLS/dotnet-trace" collect -p $HOST_PID --profile dotnet-sampled-thread-time -o "$OUT/updates.nettrace" \
  --duration "00:00:00:$SECONDS_MEASURED" >/dev/null 2>&1 &
TRACE_PID=$!
wrk -t1 -c1 -d"${SECONDS_MEASURED}s" --latency -s "$OUT/update.lua" "$URL" > "$OUT/wrk.txt"
wait $TRACE_PID
AFTER=$(cpu)
if grep -q "Non-2xx" "$OUT"/wrk*.txt; then cat "$OUT"/wrk*.txt; echo "updates were refused: the profile would measure refusals" >&2; exit 1; fi
echo "incident updates, sampled: $(requests "$OUT/wrk.txt") in ${SECONDS_MEASURED} s; node CPU $(per_update $BEFORE $AFTER "$(requests "$OUT/wrk.txt")") ms per update"
echo "hottest frames (wall-clock thread time, waits included), trace in $OUT/updates.nettrace:"
"$TOOLS/dotnet-trace" report "$OUT/updates.nettrace" topN -n 40 | grep -vE 'Wait|Semaphore|WorkerThread|Missing Symbol|PollGC' | head -25
