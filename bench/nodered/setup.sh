#!/usr/bin/env bash
# Installs Node-RED from npm into bench/.nodered (ignored by git), so that
# bench/run.sh can measure the same flow on it. Safe to run again.
#
# NODE_RED_VERSION picks another version; 4.1.x is the newest line that
# still runs on Node 20 (5.x needs Node >= 22.9).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$(cd "$here/.." && pwd)/.nodered"
version="${NODE_RED_VERSION:-4.1.8}"

command -v node >/dev/null || { echo "setup: node is not installed" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: npm is not installed" >&2; exit 1; }

mkdir -p "$dest/userdir"
if [[ -x "$dest/node_modules/.bin/node-red" ]] &&
	[[ "$(node -p "require('$dest/node_modules/node-red/package.json').version")" == "$version" ]]; then
	echo "setup: node-red $version already in $dest"
	exit 0
fi

cat >"$dest/package.json" <<JSON
{"name": "hookflow-bench-nodered", "private": true, "version": "0.0.0",
 "dependencies": {"node-red": "$version"}}
JSON
echo "setup: installing node-red $version into $dest (node $(node --version))"
npm install --prefix "$dest" --no-audit --no-fund --omit=dev --loglevel=error
echo "setup: node-red $version installed in $dest"
