# hookflow: `make run` builds and starts the server on the embedded store;
# `make test` runs every test. Both install what they need.

GO        ?= go
BIN       := bin/hookflow
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOTEST_TIMEOUT ?= 15m

.PHONY: run build ui test test-go test-fuzz test-ui test-e2e lint fmt fuzz bench crash soak clean

run: ui build
	./$(BIN) serve

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/hookflow

test: lint test-ui test-go test-fuzz test-e2e

test-go:
	$(GO) test -count=1 -timeout $(GOTEST_TIMEOUT) ./...

# fuzz runs every fuzz target (func FuzzX in a *_fuzz_test.go) for
# FUZZTIME each, one at a time, since go test fuzzes one target per run.
# New inputs that fail are written under the package's testdata/fuzz and
# then run by every `go test`. test-fuzz is the short run of `make test`:
# a count of executions, not a time, because Go 1.26's fuzz coordinator can
# report "context deadline exceeded" when a timed run ends while a worker
# is busy (golang/go#75804, fixed in Go 1.27), and a shared CI machine is
# busy often; a count has no deadline to race.
FUZZTIME ?= 60s

fuzz:
	@set -e; for f in $$(git ls-files '*_fuzz_test.go' 2>/dev/null || find . -name '*_fuzz_test.go'); do \
	  pkg=./$$(dirname $$f); \
	  for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
	    echo "fuzz $$pkg $$t ($(FUZZTIME))"; \
	    $(GO) test -run='^$$' -fuzz="^$$t\$$" -fuzztime=$(FUZZTIME) $$pkg; \
	  done; \
	done

test-fuzz:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=10000x

# The studio (ui/): npm ci when package-lock.json changed, then a Vite build
# into ui/dist, which `build` embeds. Without it the binary serves a plain page.
NPM ?= npm
UI_DEPS := ui/node_modules/.package-lock.json

$(UI_DEPS): ui/package-lock.json
	cd ui && $(NPM) ci --no-audit --no-fund

ui: $(UI_DEPS)
	cd ui && $(NPM) run build

# test-ui type-checks the studio and runs its component tests (Vitest); the
# Go test in ui/ then checks that the generated API types are fresh.
test-ui: $(UI_DEPS)
	cd ui && $(NPM) run typecheck && $(NPM) test

# test-e2e walks through the studio in Debian's chromium against a freshly
# built binary (ui/e2e), installing chromium when it is missing, and saves
# screenshots of each main screen under docs/screenshots.
CHROMIUM ?= /usr/bin/chromium

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "install Chromium and set CHROMIUM=/path/to/chromium"; exit 1; }
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test-e2e: ui build $(CHROMIUM)
	cd ui && CHROMIUM=$(CHROMIUM) E2E_SCREENSHOTS=$(CURDIR)/docs/screenshots $(NPM) run e2e

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin

# bench measures the ceiling, Node-RED and hookflow (see bench/README.md);
# DURATION, CONCURRENCY, ONLY and PIN are passed through the environment.
bench:
	./bench/run.sh

# crash kills hookflow with SIGKILL in 20 rounds per store (SQLite and the
# embedded FerretDB) under webhooks, events and deliveries, and checks that
# nothing accepted is lost or run twice; `make test` runs 2 rounds.
CRASH_ROUNDS ?= 20
crash:
	HOOKFLOW_CRASH_ROUNDS=$(CRASH_ROUNDS) $(GO) test -count=1 -v -timeout 90m -run 'Crash|ScaleOut' ./cmd/hookflow

# soak runs hookflow under a mixed load for DURATION (30m) and samples its
# memory, goroutines and queues every 10 s (see bench/README.md).
soak:
	./bench/soak.sh
