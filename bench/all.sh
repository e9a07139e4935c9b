#!/usr/bin/env bash
# Every benchmark, one after the other, each on throwaway servers of its own: the read, live and webhook figures, the
# monitor scheduler, then the email fan-out. Run it on a quiet machine; never part of the test run.
set -euo pipefail
cd "$(dirname "$0")/.."
./bench/run.sh "$@"
./bench/run.sh monitors
./bench/email.sh
