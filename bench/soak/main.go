// Command soak runs one hookflow process for a given time under a mixed
// load (webhooks of an in-memory and of a queued flow, platform events fanned
// out to a flow and to an outbound webhook) while the webhook's receiver
// fails for periods (500s, then answers that never come in time), and
// samples the process every 10 s into a CSV: resident memory, goroutines,
// the runs and deliveries it holds, and the delivery counters. At the end
// it prints a summary and checks every accepted request against the store.
//
// Everything runs on 127.0.0.1 and the command stops by itself: the load
// ends after -d, the drain after -drain, and the process is stopped.
//
//	go run ./bench/soak -bin bin/hookflow -d 30m -csv /tmp/soak.csv
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hookflow/hookflow/internal/fleet"
	"github.com/hookflow/hookflow/internal/loop"
)

type settings struct {
	bin, csvPath, mongo string
	duration, every     time.Duration
	drain               time.Duration
	rate                float64
	workers             int
}

func main() {
	var s settings
	flag.StringVar(&s.bin, "bin", "bin/hookflow", "the hookflow binary")
	flag.DurationVar(&s.duration, "d", 30*time.Minute, "how long the load runs (at most 24h)")
	flag.DurationVar(&s.every, "every", 10*time.Second, "how often the process is sampled")
	flag.DurationVar(&s.drain, "drain", 2*time.Minute, "how long to wait after the load for the runs and deliveries held to end")
	flag.Float64Var(&s.rate, "rate", 60, "requests a second, all kinds together")
	flag.IntVar(&s.workers, "workers", 6, "load goroutines")
	flag.StringVar(&s.csvPath, "csv", "soak.csv", "where the samples go")
	flag.StringVar(&s.mongo, "mongo", "", "MongoDB URI to run on instead of a fresh SQLite store")
	flag.Parse()
	if s.duration <= 0 || s.duration > 24*time.Hour || s.rate <= 0 || s.workers < 1 {
		fmt.Fprintln(os.Stderr, "soak: -d must be more than 0 and at most 24h, -rate more than 0, -workers at least 1")
		os.Exit(2)
	}
	if err := run(s, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

func run(s settings, out io.Writer) error {
	recv, err := fleet.NewReceiver()
	if err != nil {
		return err
	}
	defer recv.Close()
	data, err := os.MkdirTemp("", "hookflow-soak-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(data)
	env := []string{"HOOKFLOW_DATA_DIR=" + data}
	if s.mongo != "" {
		env = append(env, "HOOKFLOW_MONGO_URI="+s.mongo)
	}
	pprofAddr, err := freeAddr()
	if err != nil {
		return err
	}
	p, err := fleet.Start(s.bin, env, "--log-level", "warn", "--pprof-addr", pprofAddr)
	if err != nil {
		return err
	}
	defer p.Stop()
	c := p.Client()
	w, err := fleet.Setup(c, recv.URL)
	if err != nil {
		return err
	}
	f, err := os.Create(s.csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	rec := &recorder{w: csv.NewWriter(f), proc: p, client: c, pprof: "http://" + pprofAddr, recv: recv}
	if err := rec.header(); err != nil {
		return err
	}
	fmt.Fprintf(out, "soak: hookflow pid %d at %s, receiver %s, %s of load at %.0f requests/s, samples every %s to %s\n",
		p.PID(), p.URL, recv.URL, s.duration, s.rate, s.every, s.csvPath)

	l := fleet.NewLedger("soak")
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), s.duration)
	defer cancel()
	loadDone := make(chan struct{})
	go func() {
		defer close(loadDone)
		l.Drive(ctx, []*fleet.Client{c}, w, s.workers, time.Duration(float64(s.workers)/s.rate*float64(time.Second)))
	}()
	go failures(ctx, recv, start)
	// The sampler runs through the load and the drain, until stopped.
	sampling, stopSampling := context.WithCancel(context.Background())
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(s.every)
		defer tick.Stop()
		for {
			rec.sample(start, l)
			select {
			case <-sampling.Done():
				return
			case <-tick.C:
			}
		}
	}()
	for ctx.Err() == nil && !p.Exited() {
		sleep(ctx, time.Second)
	}
	<-loadDone
	if p.Exited() {
		stopSampling()
		<-sampled
		return fmt.Errorf("hookflow exited during the soak:\n%s", tail(p.Logs()))
	}
	recv.SetMode(fleet.OK)
	// Drain: the runs finish and the deliveries held end; deliveries
	// waiting for a later retry of the schedule stay pending in the store.
	rep, took, err := fleet.Settle(context.Background(), c, w, l, recv, s.drain)
	stopSampling()
	<-sampled
	if err != nil {
		return err
	}
	rec.sample(start, l)
	rec.w.Flush()
	fmt.Fprintf(out, "drained for %s after the load\n", took.Round(time.Second))
	rec.summary(out, l, rep)
	return rec.w.Error()
}

// failures makes the receiver fail for periods of each 5 minutes: 500s
// from 1:00 to 1:30, answers that never come in time from 3:00 to 3:20.
func failures(ctx context.Context, recv *fleet.Receiver, start time.Time) {
	loop.Every(ctx, time.Second, func(context.Context) {
		at := time.Since(start) % (5 * time.Minute)
		switch {
		case at >= time.Minute && at < 90*time.Second:
			recv.SetMode(fleet.Fail)
		case at >= 3*time.Minute && at < 200*time.Second:
			recv.SetMode(fleet.Hang)
		default:
			recv.SetMode(fleet.OK)
		}
	})
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// goroutines reads the goroutine count from the profiler's first line:
// "goroutine profile: total N".
func goroutines(pprof string) (int, error) {
	resp, err := http.Get(pprof + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	head := make([]byte, 64)
	n, _ := io.ReadFull(resp.Body, head)
	line, _, _ := strings.Cut(string(head[:n]), "\n")
	total, ok := strings.CutPrefix(line, "goroutine profile: total ")
	if !ok {
		return 0, fmt.Errorf("goroutine profile starts with %q", line)
	}
	return strconv.Atoi(total)
}

// rssMiB reads the resident memory of pid from /proc.
func rssMiB(pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

func tail(s string) string {
	if len(s) > 4000 {
		return s[len(s)-4000:]
	}
	return s
}
