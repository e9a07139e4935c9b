#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on free loopback ports, for the run and test commands.
# Source it, then: services_start <data-folder>; it exports DATABASE_URL and REDIS_URL and
# registers services_stop on exit, whatever the outcome.
set -euo pipefail

ensure_packages() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  for extra in "$@"; do
    command -v "$extra" >/dev/null 2>&1 || missing+=("$extra")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} with apt-get..."
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || (for p in $(shuf -i 20000-45000 -n 50); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done)
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

services_start() {
  local data="$1"
  PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
  mkdir -p "$data"
  SERVICES_DATA=$(cd "$data" && pwd)
  PG_DATA="$SERVICES_DATA/postgres"
  PG_PORT=$(free_port)
  REDIS_PORT=$(free_port)
  [ "$(id -u)" -eq 0 ] && chown postgres "$SERVICES_DATA"
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  trap services_stop EXIT
  trap 'exit 130' INT TERM
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c max_connections=300 -c shared_buffers=256MB -c fsync=${PG_FSYNC:-on}" start >/dev/null
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes \
    --pidfile "$SERVICES_DATA/redis.pid" --logfile "$SERVICES_DATA/redis.log" --dir "$SERVICES_DATA"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  export PG_PORT REDIS_PORT PG_BIN PG_DATA
}

services_stop() {
  [ -n "${REDIS_PORT:-}" ] && redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  [ -n "${PG_DATA:-}" ] && as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  [ -n "${SERVICES_CLEANUP:-}" ] && rm -rf "$SERVICES_CLEANUP" || true
}
