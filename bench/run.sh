#!/usr/bin/env bash
# Measures, one after the other on 127.0.0.1, the webhook servers that
# hookflow is compared with, all with the same body (testdata/chat_event.json)
# and the same closed-loop load at each concurrency:
#
#   ceiling     bench/ceiling: fasthttp + gjson, no flow at all
#   node-red    Node-RED's 4-node sync flow (bench/nodered; setup.sh installs it)
#   immediate   hookflow, webhook -> condition -> set, answered 202 at intake
#   sync        hookflow, webhook -> condition -> set -> respond, answered by the flow
#
# Each server runs alone on a fresh data folder; its memory is sampled every
# second (VmRSS) and its high-water mark (VmHWM) read before it is stopped.
# The table goes to bench/out/<date>.md and to stdout. Every process started
# here is stopped on exit, and the script ends by itself.
#
#   bench/run.sh                     # 10 s per row
#   DURATION=5 ONLY="ceiling node-red" bench/run.sh
#
# Environment: DURATION (s, default 10), WARMUP (s, 2), CONCURRENCY ("1 16 64"),
# ONLY (servers to run, default all four), PORT_BASE (19100), PIN (1: server on
# CPU 0, load tool on CPU 1), LOAD_CLIENT (fasthttp or nethttp).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
CONCURRENCY="${CONCURRENCY:-1 16 64}"
ONLY="${ONLY:-ceiling node-red immediate sync}"
PORT_BASE="${PORT_BASE:-19100}"
PIN="${PIN:-0}"
LOAD_CLIENT="${LOAD_CLIENT:-fasthttp}"
ADMIN_KEY="hfk_bench_admin_key_0123456789"
BODY="$root/bench/testdata/chat_event.json"

work="$(mktemp -d /tmp/hookflow-bench.XXXXXX)"
stamp="$(date +%Y-%m-%d_%H%M%S)"
mkdir -p bench/out
report="bench/out/$stamp.md"
raw="bench/out/$stamp.jsonl"
rows="$work/rows.md"
servers="$work/servers.md"
notes="$work/notes.md"
for f in "$rows" "$servers" "$notes" "$raw"; do : >"$f"; done
pids=()

log() { printf 'bench: %s\n' "$*" >&2; }
note() { printf -- '- %s\n' "$*" >>"$notes"; log "$*"; }

# stop_pid ends one process this script started: TERM, then KILL after 5 s.
stop_pid() {
	local pid="$1" i
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local pid
	for pid in "${pids[@]}"; do stop_pid "$pid"; done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# pin prints the command prefix that puts a process on CPU $1 when PIN=1.
# taskset execs the command, so a background job's $! stays the server's PID.
pin() {
	if [[ "$PIN" == 1 ]]; then echo "taskset -c $1"; fi
}

# --- build -----------------------------------------------------------------

log "building bench/load, bench/ceiling and bin/hookflow"
go build -o "$work/load" ./bench/load
go build -o "$work/ceiling" ./bench/ceiling
have_hookflow=1
if ! go build -o bin/hookflow ./cmd/hookflow 2>"$work/build.log"; then
	have_hookflow=0
	note "hookflow did not build; its rows are skipped: $(head -c 300 "$work/build.log" | tr '\n' ' ')"
fi

# --- servers ---------------------------------------------------------------

# wait_ready waits until the server answers HTTP on $2 (any status), or fails
# when the process $1 exits or 30 s pass.
wait_ready() {
	local pid="$1" port="$2" path="${3:-/}" i code
	for i in $(seq 300); do
		kill -0 "$pid" 2>/dev/null || return 1
		code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port$path" || true)"
		[[ "$code" != 000 ]] && return 0
		sleep 0.1
	done
	return 1
}

# sample_rss appends "<time> <VmRSS kB>" for process $1 to $2 every second.
sample_rss() {
	local pid="$1" file="$2" kb
	while kill -0 "$pid" 2>/dev/null; do
		kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
		[[ -n "$kb" ]] && echo "$EPOCHREALTIME $kb" >>"$file"
		sleep 1
	done
}

status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || true; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || true; }
mib() { [[ -n "${1:-}" && "${1:-0}" != 0 ]] && awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}' || echo "?"; }

# log_excerpt prints the line that explains why server $1 stopped: its
# panic, or else the last lines of its log.
log_excerpt() {
	local file="$work/$1.log" line
	line="$(grep -m1 -A1 '^panic:\|^fatal error:' "$file" 2>/dev/null || tail -n 3 "$file")"
	printf '%s' "$line" | tr '\n\t' '  ' | head -c 400
}

server_pid=""
sampler_pid=""
rss_file=""

# start_server NAME PORT READY_PATH CMD... starts a server in the background.
start_server() {
	local name="$1" port="$2" ready="$3"
	shift 3
	if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
		note "$name: port $port is already taken; skipped"
		return 1
	fi
	# shellcheck disable=SC2046 # pin's words are meant to split
	$(pin 0) "$@" >"$work/$name.log" 2>&1 &
	server_pid=$!
	pids+=("$server_pid")
	if ! wait_ready "$server_pid" "$port" "$ready"; then
		note "$name: did not start on port $port: $(log_excerpt "$name")"
		stop_pid "$server_pid"
		return 1
	fi
	rss_file="$work/$name.rss"
	: >"$rss_file"
	sample_rss "$server_pid" "$rss_file" &
	sampler_pid=$!
	pids+=("$sampler_pid")
	printf '| %s | %s |' "$name" "$(mib "$(status_kb "$server_pid" VmRSS)")" >>"$servers"
}

# stop_server records the server's VmHWM and the peak sampled VmRSS, then
# stops it.
stop_server() {
	local name="$1" hwm peak
	hwm="$(status_kb "$server_pid" VmHWM)"
	peak="$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {print m}' "$rss_file")"
	if ! kill -0 "$server_pid" 2>/dev/null; then
		cp "$work/$name.log" "bench/out/$stamp-$name.log"
		note "$name: the server exited during the run: $(log_excerpt "$name") (log: bench/out/$stamp-$name.log)"
	fi
	stop_pid "$server_pid"
	stop_pid "$sampler_pid"
	printf ' %s | %s |\n' "$(mib "$peak")" "$(mib "$hwm")" >>"$servers"
}

# measure NAME URL runs the load tool at each concurrency and adds a row each.
measure() {
	local name="$1" url="$2" c t0 t1 ticks0 ticks1 out kb peak cpu
	for c in $CONCURRENCY; do
		if ! kill -0 "$server_pid" 2>/dev/null; then
			printf '| %s | %s | | | | | | server not running | | |\n' "$name" "$c" >>"$rows"
			continue
		fi
		log "$name: c=$c for ${DURATION}s"
		ticks0="$(cpu_ticks "$server_pid")"
		t0="$EPOCHREALTIME"
		out="$work/$name-$c.json"
		# shellcheck disable=SC2046
		if ! $(pin 1) "$work/load" -url "$url" -body "$BODY" -c "$c" -d "${DURATION}s" -warmup "${WARMUP}s" \
			-client "$LOAD_CLIENT" -json >"$out" 2>"$work/load.err"; then
			printf '| %s | %s | | | | | | load failed: %s | | |\n' "$name" "$c" "$(tr '\n' ' ' <"$work/load.err" | head -c 200)" >>"$rows"
			continue
		fi
		t1="$EPOCHREALTIME"
		ticks1="$(cpu_ticks "$server_pid")"
		kb="$(status_kb "$server_pid" VmRSS)"
		[[ -n "$kb" ]] && echo "$t1 $kb" >>"$rss_file"
		peak="$(awk -v a="$t0" -v b="$t1" 'BEGIN {m = 0} $1 >= a && $1 <= b && $2 > m {m = $2} END {print m}' "$rss_file")"
		cpu="?"
		if [[ -n "$ticks0" && -n "$ticks1" ]]; then
			# Server CPU time over wall time, warm-up included; 200% is both cores.
			cpu="$(awk -v d="$((ticks1 - ticks0))" -v hz="$(getconf CLK_TCK)" -v a="$t0" -v b="$t1" \
				'BEGIN {printf "%.0f%%", 100 * d / hz / (b - a)}')"
		fi
		jq -c --arg server "$name" '. + {server: $server}' "$out" >>"$raw"
		jq -r --arg server "$name" --arg cpu "$cpu" --arg rss "$(mib "$peak")" '
			[$server, (.concurrency | tostring), (.ok_rps | tostring), (.p50_ms | tostring),
			 (.p90_ms | tostring), (.p99_ms | tostring), (.max_ms | tostring),
			 (if .errors == 0 then "0" else "\(.errors) (" + ([.error_kinds | to_entries[] | "\(.key): \(.value)"] | join(", ")) + ")" end),
			 $cpu, $rss] | "| " + join(" | ") + " |"' "$out" >>"$rows"
	done
}

# --- hookflow --------------------------------------------------------------

# hookflow_flow PORT FILE creates, publishes and activates the flow in FILE
# and prints its hook URL.
hookflow_flow() {
	local port="$1" file="$2" api="http://127.0.0.1:$1/api/flows" id token code step
	local auth="Authorization: Bearer $ADMIN_KEY"
	code="$(curl -s -o "$work/flow.json" -w '%{http_code}' --max-time 10 -H "$auth" \
		-H 'Content-Type: application/json' --data-binary @"$file" "$api" || true)"
	id="$(jq -r '.id // empty' "$work/flow.json" 2>/dev/null || true)"
	token="$(jq -r '.hookToken // empty' "$work/flow.json" 2>/dev/null || true)"
	if [[ "$code" != 201 || -z "$id" || -z "$token" ]]; then
		echo "create flow answered $code: $(head -c 300 "$work/flow.json")"
		return 1
	fi
	for step in publish activate; do
		code="$(curl -s -o "$work/$step.json" -w '%{http_code}' --max-time 10 -X POST -H "$auth" "$api/$id/$step" || true)"
		if [[ "$code" != 200 ]]; then
			echo "$step answered $code: $(head -c 300 "$work/$step.json")"
			return 1
		fi
	done
	echo "http://127.0.0.1:$port/hook/$token"
}

run_hookflow() {
	local mode="$1" port="$2" url
	if [[ "$have_hookflow" != 1 ]]; then
		return 0
	fi
	mkdir -p "$work/data-$mode"
	start_server "$mode" "$port" /healthz env HOOKFLOW_ADMIN_KEY="$ADMIN_KEY" HOOKFLOW_DATA_DIR="$work/data-$mode" \
		bin/hookflow serve --addr "127.0.0.1:$port" || return 0
	if ! url="$(hookflow_flow "$port" "bench/hookflow/$mode.json")"; then
		note "$mode: flow setup failed: $url"
		url="http://127.0.0.1:$port/hook/whk_missing"
	fi
	measure "$mode" "$url"
	stop_server "$mode"
}

# --- the runs --------------------------------------------------------------

wants() { [[ " $ONLY " == *" $1 "* ]]; }

if wants ceiling && start_server ceiling "$PORT_BASE" / "$work/ceiling" -addr "127.0.0.1:$PORT_BASE"; then
	measure ceiling "http://127.0.0.1:$PORT_BASE/hook/bench"
	stop_server ceiling
fi

if wants node-red; then
	if [[ -f bench/.nodered/node_modules/node-red/red.js ]]; then
		nr_port=$((PORT_BASE + 1))
		if NODE_RED_USER_DIR="$work/nodered" start_server node-red "$nr_port" / bench/nodered/run.sh "$nr_port"; then
			measure node-red "http://127.0.0.1:$nr_port/hook/bench"
			stop_server node-red
		fi
	else
		note "node-red: not installed (run bench/nodered/setup.sh); skipped"
	fi
fi

wants immediate && run_hookflow immediate $((PORT_BASE + 2))
wants sync && run_hookflow sync $((PORT_BASE + 3))

# --- report ----------------------------------------------------------------

nodered_version="$(node -p "require('./bench/.nodered/node_modules/node-red/package.json').version" 2>/dev/null || echo "not installed")"
{
	echo "# hookflow benchmark, $stamp"
	echo
	echo "Body: \`bench/testdata/chat_event.json\` ($(wc -c <"$BODY") bytes), POST, closed loop:"
	echo "c requests in flight, ${WARMUP} s warm-up, then ${DURATION} s measured per row; load client $LOAD_CLIENT."
	if [[ "$PIN" == 1 ]]; then
		echo "Pinned: server on CPU 0, load tool on CPU 1 (taskset)."
	else
		echo "Not pinned: the load tool and the server share all $(nproc) CPUs."
	fi
	echo
	echo "| server | c | req/s (2xx) | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU | RSS peak MiB |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	cat "$rows"
	echo
	echo "| server | RSS idle MiB | RSS peak sampled MiB | VmHWM MiB |"
	echo "|---|---|---|---|"
	cat "$servers"
	echo
	echo "## Machine"
	echo
	echo "- CPUs: $(nproc), $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
	echo "- memory: $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
	echo "- kernel: $(uname -sr)"
	echo "- $(go version)"
	echo "- node $(node --version 2>/dev/null || echo "not installed"), node-red $nodered_version"
	echo "- hookflow: $(git describe --always --dirty 2>/dev/null || echo unknown)"
	if [[ -s "$notes" ]]; then
		echo
		echo "## Notes"
		echo
		cat "$notes"
	fi
} >"$report"
[[ -s "$raw" ]] || rm -f "$raw"
cat "$report"
log "wrote $report"
