// Command load is hookflow's HTTP load generator. It keeps exactly -c
// requests in flight (one goroutine per keep-alive connection, closed
// loop) for -d after a -warmup, records every latency in a preallocated
// histogram and prints requests per second, p50, p90, p99, max and the
// errors by kind. It stops by itself: no request starts after -d, and a
// request that outlives -timeout counts as an error.
//
//	load -url http://127.0.0.1:8080/hook/whk_... -body bench/testdata/chat_event.json -c 16 -d 10s
//
// The default client is fasthttp: on a two-core machine the load tool
// competes with the server for CPU, and fasthttp reuses its request and
// response objects and reads each connection from the worker goroutine,
// where net/http allocates a request per call and runs two extra
// goroutines per connection. -client nethttp is kept to check that claim.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

// config is the parsed command line.
type config struct {
	urls        []string
	client      string
	concurrency int
	duration    time.Duration
	warmup      time.Duration
	jsonOut     bool
	spec        requestSpec
}

// headerFlags collects repeated -header "K: V" flags.
type headerFlags [][2]string

func (h *headerFlags) String() string { return fmt.Sprint(*h) }

func (h *headerFlags) Set(v string) error {
	k, val, ok := strings.Cut(v, ":")
	k = strings.TrimSpace(k)
	if !ok || k == "" {
		return fmt.Errorf("header %q: want \"Name: value\"", v)
	}
	*h = append(*h, [2]string{k, strings.TrimSpace(val)})
	return nil
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	res, err := run(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
	if cfg.jsonOut {
		err = writeJSON(os.Stdout, cfg, res)
	} else {
		err = writeText(os.Stdout, cfg, res)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line into a config.
func parseFlags(args []string) (*config, error) {
	fs := flag.NewFlagSet("load", flag.ExitOnError)
	var (
		cfg      config
		rawURL   = fs.String("url", "", "target URL")
		rawURLs  = fs.String("urls", "", "comma-separated target URLs, used round-robin (instead of -url)")
		bodyFile = fs.String("body", "", "file whose content is sent as the request body")
		bodySize = fs.Int("body-size", 0, "synthesise a JSON body of about this many bytes (instead of -body)")
		headers  headerFlags
	)
	fs.StringVar(&cfg.spec.method, "method", "POST", "HTTP method")
	fs.Var(&headers, "header", "request header \"Name: value\" (repeatable)")
	fs.IntVar(&cfg.concurrency, "c", 1, "requests kept in flight (one connection each)")
	fs.DurationVar(&cfg.duration, "d", 10*time.Second, "measured duration")
	fs.DurationVar(&cfg.warmup, "warmup", 2*time.Second, "unmeasured load before -d starts")
	fs.DurationVar(&cfg.spec.timeout, "timeout", 10*time.Second, "per-request timeout")
	fs.StringVar(&cfg.client, "client", "fasthttp", "HTTP client: fasthttp or nethttp")
	fs.BoolVar(&cfg.jsonOut, "json", false, "print one JSON object instead of text")
	_ = fs.Parse(args) // ExitOnError: a bad flag exits with usage
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	switch {
	case *rawURL != "" && *rawURLs != "":
		return nil, fmt.Errorf("give -url or -urls, not both")
	case *rawURL != "":
		cfg.urls = []string{*rawURL}
	case *rawURLs != "":
		for _, u := range strings.Split(*rawURLs, ",") {
			if u = strings.TrimSpace(u); u != "" {
				cfg.urls = append(cfg.urls, u)
			}
		}
	}
	if len(cfg.urls) == 0 {
		return nil, fmt.Errorf("-url or -urls is required")
	}
	if cfg.concurrency < 1 || cfg.duration <= 0 || cfg.warmup < 0 || cfg.spec.timeout <= 0 {
		return nil, fmt.Errorf("-c must be at least 1, -d and -timeout positive, -warmup not negative")
	}
	body, err := loadBody(*bodyFile, *bodySize)
	if err != nil {
		return nil, err
	}
	cfg.spec.body = body
	cfg.spec.method = strings.ToUpper(cfg.spec.method)
	cfg.spec.headers = headers
	if len(body) > 0 && !hasHeader(headers, "Content-Type") {
		cfg.spec.headers = append(cfg.spec.headers, [2]string{"Content-Type", "application/json"})
	}
	return &cfg, nil
}

// loadBody reads file, or builds a JSON object of about size bytes.
func loadBody(file string, size int) ([]byte, error) {
	switch {
	case file != "" && size > 0:
		return nil, fmt.Errorf("give -body or -body-size, not both")
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read body: %w", err)
		}
		return b, nil
	case size > 0:
		const frame = `{"pad":""}`
		return []byte(`{"pad":"` + strings.Repeat("x", max(size-len(frame), 0)) + `"}`), nil
	}
	return nil, nil
}

func hasHeader(h [][2]string, name string) bool {
	for _, kv := range h {
		if strings.EqualFold(kv[0], name) {
			return true
		}
	}
	return false
}
