#!/usr/bin/env bash
# Starts Node-RED in the foreground with the benchmark flow (POST
# /hook/bench) on 127.0.0.1:PORT. Run setup.sh first.
#
#   bench/nodered/run.sh 1880
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/.." && pwd)/.nodered"
port="${1:?usage: run.sh PORT}"
bin="$home/node_modules/node-red/red.js"

[[ -f "$bin" ]] || { echo "run: node-red is not installed; run bench/nodered/setup.sh" >&2; exit 1; }
export PORT="$port"
export NODE_RED_USER_DIR="${NODE_RED_USER_DIR:-$home/userdir}"
mkdir -p "$NODE_RED_USER_DIR"
# exec, so that the caller's PID is Node-RED's: that is the process whose
# memory bench/run.sh samples and whom it stops.
exec node "$bin" --settings "$here/settings.js" --userDir "$NODE_RED_USER_DIR" --port "$port"
