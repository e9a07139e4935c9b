#!/usr/bin/env bash
# One command, one table: builds the host in Release, starts it on throwaway PostgreSQL (durable, fsync on)
# and Redis on loopback, drives it with wrk and pgbench, prints the figures. Never part of the test run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
ensure_packages wrk pgbench
[ -x .tools/dotnet-gcdump ] || dotnet tool install --tool-path .tools dotnet-gcdump --version 10.0.750501 >/dev/null
SERVICES_CLEANUP=$(mktemp -d /tmp/statuspage-bench.XXXXXX)
chmod 755 "$SERVICES_CLEANUP"
services_start "$SERVICES_CLEANUP"

dotnet build src/Host -c Release -v q -nologo >/dev/null
dotnet build bench/StatusPage.Bench -c Release -v q -nologo >/dev/null
dotnet build bench/Broadcaster -c Release -v q -nologo >/dev/null

export Live__MaxConnections=${Live__MaxConnections:-10000}
# Every bench client comes from 127.0.0.1 and the fan-out's 10,000 watch one page: the per-client (500) and
# per-organization (5,000) caps would refuse most of them.
export Live__MaxConnectionsPerClient=${Live__MaxConnectionsPerClient:-100000}
export Live__MaxConnectionsPerOrganization=${Live__MaxConnectionsPerOrganization:-100000}
export ADMIN_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
# The webhook receiver is on loopback, which the outbound guard refuses unless allowed.
export OUTBOUND_ALLOW_CIDRS=${OUTBOUND_ALLOW_CIDRS:-127.0.0.0/8}
export BENCH_PG_PORT=$PG_PORT BENCH_PG_DATA=$PG_DATA BENCH_PG_BIN=$PG_BIN
if [ "${1:-}" = monitors ] || [ "${1:-}" = resume ] || [ "${1:-}" = shutdown ]; then
  # monitors: one node checking BENCH_MONITORS (1,000) HTTP monitors every 10 s against a target in the bench process.
  # resume: one node, BENCH_CHANGES (5,000) changes, then anonymous resumes of its public stream and
  # BENCH_HISTORY_PAGES (3,000) distinct history pages.
  # shutdown: one node with BENCH_SHUTDOWN_STREAMS (1,000) live streams from loopback, then SIGTERM.
  PORT=$(free_port)
  API_PORT=$PORT ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning OUTBOUND_ALLOW_CIDRS=127.0.0.0/8 \
    dotnet src/Host/bin/Release/net10.0/StatusPage.Host.dll > "$SERVICES_CLEANUP/host-$PORT.log" 2>&1 &
  HOST_PID=$!
  trap 'kill $HOST_PID 2>/dev/null; wait $HOST_PID 2>/dev/null; services_stop' EXIT
  dotnet bench/StatusPage.Bench/bin/Release/net10.0/StatusPage.Bench.dll "$1" "http://127.0.0.1:$PORT" "$HOST_PID" "${@:2}"
  exit
fi

# Two nodes of one cluster: commands go to the first, live clients listen on the second.
PORT_A=$(free_port); PORT_B=$(free_port)
for port in $PORT_A $PORT_B; do
  API_PORT=$port ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    dotnet src/Host/bin/Release/net10.0/StatusPage.Host.dll > "$SERVICES_CLEANUP/host-$port.log" 2>&1 &
  HOST_PIDS="${HOST_PIDS:-} $!"
done
export BROADCASTER_PORT=$(free_port)
dotnet bench/Broadcaster/bin/Release/net10.0/Broadcaster.dll --urls "http://127.0.0.1:$BROADCASTER_PORT" > /dev/null 2>&1 &
HOST_PIDS="$HOST_PIDS $!"
export BENCH_NODE_A_PID=$(echo $HOST_PIDS | cut -d' ' -f1) BENCH_NODE_B_PID=$(echo $HOST_PIDS | cut -d' ' -f2) BENCH_BROADCASTER_PID=$!
trap 'kill $HOST_PIDS 2>/dev/null; wait $HOST_PIDS 2>/dev/null; services_stop' EXIT

dotnet bench/StatusPage.Bench/bin/Release/net10.0/StatusPage.Bench.dll "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" "$@"
