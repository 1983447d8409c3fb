package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// report is the -json output: one object, latencies in milliseconds.
type report struct {
	URLs        []string          `json:"urls"`
	Client      string            `json:"client"`
	Method      string            `json:"method"`
	BodyBytes   int               `json:"body_bytes"`
	Concurrency int               `json:"concurrency"`
	DurationS   float64           `json:"duration_s"`
	WarmupS     float64           `json:"warmup_s"`
	ElapsedS    float64           `json:"elapsed_s"`
	Count       uint64            `json:"count"`
	OK          uint64            `json:"ok"`
	RPS         float64           `json:"rps"`
	OKRPS       float64           `json:"ok_rps"`
	P50Ms       float64           `json:"p50_ms"`
	P90Ms       float64           `json:"p90_ms"`
	P99Ms       float64           `json:"p99_ms"`
	MaxMs       float64           `json:"max_ms"`
	MeanMs      float64           `json:"mean_ms"`
	Errors      uint64            `json:"errors"`
	ErrorKinds  map[string]uint64 `json:"error_kinds"`
}

func newReport(cfg *config, res *result) report {
	secs := res.elapsed.Seconds()
	count := res.count()
	return report{
		URLs: cfg.urls, Client: cfg.client, Method: cfg.spec.method, BodyBytes: len(cfg.spec.body),
		Concurrency: cfg.concurrency,
		DurationS:   cfg.duration.Seconds(), WarmupS: cfg.warmup.Seconds(), ElapsedS: round(secs, 3),
		Count: count, OK: res.ok,
		RPS: round(float64(count)/secs, 1), OKRPS: round(float64(res.ok)/secs, 1),
		P50Ms: ms(res.hist.quantile(0.50)), P90Ms: ms(res.hist.quantile(0.90)),
		P99Ms: ms(res.hist.quantile(0.99)), MaxMs: ms(res.hist.max), MeanMs: ms(res.hist.mean()),
		Errors: count - res.ok, ErrorKinds: res.errors,
	}
}

// writeJSON prints the report as one JSON object on one line.
func writeJSON(w io.Writer, cfg *config, res *result) error {
	return json.NewEncoder(w).Encode(newReport(cfg, res))
}

// writeText prints the report for a person.
func writeText(w io.Writer, cfg *config, res *result) error {
	r := newReport(cfg, res)
	var b strings.Builder
	fmt.Fprintf(&b, "target      %s %s (%d-byte body)\n", r.Method, strings.Join(r.URLs, ", "), r.BodyBytes)
	fmt.Fprintf(&b, "load        %s client, %d in flight, %v measured after %v warm-up\n",
		r.Client, r.Concurrency, cfg.duration, cfg.warmup)
	fmt.Fprintf(&b, "requests    %d in %.2fs: %.1f req/s (2xx: %d, %.1f req/s)\n", r.Count, r.ElapsedS, r.RPS, r.OK, r.OKRPS)
	fmt.Fprintf(&b, "latency     p50 %s  p90 %s  p99 %s  max %s  mean %s\n",
		fmtMs(r.P50Ms), fmtMs(r.P90Ms), fmtMs(r.P99Ms), fmtMs(r.MaxMs), fmtMs(r.MeanMs))
	fmt.Fprintf(&b, "errors      %d\n", r.Errors)
	for _, k := range slices.Sorted(maps.Keys(r.ErrorKinds)) {
		fmt.Fprintf(&b, "  %-40s %d\n", k, r.ErrorKinds[k])
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 3) }

func fmtMs(v float64) string { return fmt.Sprintf("%.3fms", v) }

func round(v float64, places int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
