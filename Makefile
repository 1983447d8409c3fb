# hookflow: `make run` builds and starts the server on the embedded store;
# `make test` runs every test. Both install what they need.

GO        ?= go
BIN       := bin/hookflow
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOTEST_TIMEOUT ?= 15m

.PHONY: run build test test-go lint fmt bench clean

run: build
	./$(BIN) serve

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/hookflow

test: lint test-go

test-go:
	$(GO) test -count=1 -timeout $(GOTEST_TIMEOUT) ./...

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
