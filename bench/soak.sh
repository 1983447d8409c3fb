#!/usr/bin/env bash
# Runs hookflow for DURATION under a mixed load (webhooks, platform events,
# outbound deliveries to a receiver that fails for periods) and samples its
# memory, goroutines and queues every 10 s. Everything stays on 127.0.0.1;
# the run stops by itself after DURATION plus at most DRAIN.
#
#   bench/soak.sh                        # 30 minutes
#   DURATION=2m RATE=30 bench/soak.sh
#
# Output: bench/out/soak-<date>.csv (the samples) and .txt (the summary,
# also printed). Environment: DURATION (30m), RATE (requests/s, 60),
# DRAIN (2m), MONGO_URI (run on MongoDB instead of a fresh SQLite store).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
DURATION="${DURATION:-30m}"
RATE="${RATE:-60}"
DRAIN="${DRAIN:-2m}"
stamp="$(date +%Y-%m-%d_%H%M%S)"
mkdir -p bench/out bench/bin
go build -o bin/hookflow ./cmd/hookflow
go build -o bench/bin/soak ./bench/soak
exec bench/bin/soak -bin bin/hookflow -d "$DURATION" -rate "$RATE" -drain "$DRAIN" \
	-mongo "${MONGO_URI:-}" -csv "bench/out/soak-$stamp.csv" | tee "bench/out/soak-$stamp.txt"
