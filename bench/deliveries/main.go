// Command deliveries measures outbound webhook deliveries on one machine:
// how many deliveries per second reach a local receiver, and how long an
// event takes from its POST /api/events to the receiver's 200 (p50, p99).
//
// It assembles hookflow in-process, as the binary does (internal/app over
// a fresh SQLite store, which wires the outbound registry as the event
// ingest's sink), registers one webhook for ADD_TAG on one channel through
// the registry, and keeps -c
// event posters busy for -d after -warmup: each posts its next event as
// soon as the last one is answered 202. Each event makes one delivery,
// sent by the process's delivery workers (delivery.DefaultWorkers) to a
// net/http receiver on 127.0.0.1.
// With -mode direct the posters call the registry's Deliver instead of
// POST /api/events, which leaves the HTTP intake out.
//
//	go run ./bench/deliveries -c 64 -d 10s
//	go run ./bench/deliveries -c 64 -d 10s -mode direct -json
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflow/hookflow/delivery"
	"github.com/hookflow/hookflow/events/catalog"
	"github.com/hookflow/hookflow/internal/app"
	"github.com/hookflow/hookflow/internal/secrets"
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/sqlite"
)

// settings are the command's flags.
type settings struct {
	concurrency      int
	duration, warmup time.Duration
	mode             string
	json             bool
	cpuProfile       string
}

const (
	adminKey = "hfk_bench_admin_key_0123456789"
	channel  = "919000000001"
)

func main() {
	var s settings
	flag.IntVar(&s.concurrency, "c", 64, "events in flight: posters, each sending its next event once the last is answered")
	flag.DurationVar(&s.duration, "d", 10*time.Second, "measured time")
	flag.DurationVar(&s.warmup, "warmup", 2*time.Second, "load before the measured time, not counted")
	flag.StringVar(&s.mode, "mode", "http", "http: POST /api/events; direct: call the registry's Deliver")
	flag.BoolVar(&s.json, "json", false, "print the result as one JSON line")
	flag.StringVar(&s.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if err := run(s); err != nil {
		fmt.Fprintln(os.Stderr, "deliveries:", err)
		os.Exit(1)
	}
}

// bench is one measurement: hookflow, the receiver and what they saw.
type bench struct {
	s       settings
	apiURL  string
	svc     *delivery.Service
	webhook string
	sent    sync.Map // delivery id -> time its event was posted
	from    time.Time
	to      time.Time
	mu      sync.Mutex
	lat     []time.Duration // of the deliveries of events posted in the window
	answers []time.Duration // of the posts of the window, to their answer
	posted  atomic.Int64    // events answered in the window
	errors  atomic.Int64
}

func run(s settings) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir, err := os.MkdirTemp("", "hookflow-deliveries-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(ctx, filepath.Join(dir, "hookflow.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	b := &bench{s: s}
	rcv, err := b.receive()
	if err != nil {
		return err
	}
	defer rcv.Close()
	stop, err := b.start(ctx, st, "http://"+rcv.Addr().String()+"/hook")
	if err != nil {
		return err
	}
	defer stop()
	if s.cpuProfile != "" {
		f, err := os.Create(s.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	b.load(ctx)
	return b.report()
}

// receive starts the receiver: it answers 200 and records, for each
// delivery of an event posted in the measured window, how long it took.
func (b *bench) receive() (net.Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		if at, ok := b.sent.LoadAndDelete(r.Header.Get("Webhook-Id")); ok {
			b.mu.Lock()
			b.lat = append(b.lat, now.Sub(at.(time.Time)))
			b.mu.Unlock()
		}
		w.WriteHeader(http.StatusOK)
	}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return ln, nil
}

// start assembles hookflow over st with the registry wired to the ingest,
// registers the webhook and serves the API; stop ends it all.
func (b *bench) start(ctx context.Context, st store.Store, hook string) (stop func(), err error) {
	key, err := secrets.GenerateKey()
	if err != nil {
		return nil, err
	}
	raw, err := secrets.ParseKey(key)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.DiscardHandler)
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	a, err := app.New(st, app.Options{Writers: 1, Role: "all", Version: "bench", Log: log, SecretKey: raw, AllowNetworks: loopback})
	if err != nil {
		return nil, err
	}
	if _, err := a.Keys.Bootstrap(ctx, adminKey); err != nil {
		return nil, err
	}
	if err := st.CreateChannel(ctx, &store.Channel{Number: channel, Name: "bench", Kind: store.ChannelWABA, CreatedAt: time.Now()}); err != nil {
		return nil, err
	}
	b.svc = a.Webhooks // the registry the process wires as the ingest's sink
	if b.svc == nil {
		return nil, fmt.Errorf("the process has no outbound webhook registry")
	}
	reg, err := b.svc.Register(ctx, &delivery.Registration{Name: "bench", Method: "POST", URL: hook,
		BodyFormat: delivery.FormatJSON, Events: []string{"ADD_TAG"}, WabaNumbers: []string{channel}, RetryOnTimeout: true})
	if err != nil {
		return nil, err
	}
	b.webhook = reg.ID
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b.apiURL = "http://" + ln.Addr().String()
	a.Start(ctx)
	go a.Serve(ln)
	return func() {
		a.HTTP.Shutdown()
		a.Stop()
	}, nil
}

// load runs the posters through the warm-up and the measured window, then
// waits for the window's deliveries to arrive, up to 30 seconds.
func (b *bench) load(ctx context.Context) {
	b.from = time.Now().Add(b.s.warmup)
	b.to = b.from.Add(b.s.duration)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: b.s.concurrency}, Timeout: 30 * time.Second}
	typ, _ := catalog.Lookup("ADD_TAG")
	data := typ.Example
	var wg sync.WaitGroup
	for w := range b.s.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(b.to); i++ {
				b.post(ctx, client, fmt.Sprintf("bench_%d_%d", w, i), data)
			}
		}()
	}
	wg.Wait()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b.mu.Lock()
		done := int64(len(b.lat)) >= b.posted.Load()
		b.mu.Unlock()
		if done {
			return
		}
	}
}

// post sends one event, by HTTP or directly, and notes when it was sent
// if that is within the measured window.
func (b *bench) post(ctx context.Context, client *http.Client, id string, data json.RawMessage) {
	start := time.Now()
	counted := !start.Before(b.from) && start.Before(b.to)
	if counted {
		b.sent.Store(delivery.DeliveryID(id, b.webhook), start)
	}
	var err error
	if b.s.mode == "direct" {
		_, err = b.svc.Deliver(ctx, delivery.Event{ID: id, Type: "ADD_TAG", Channel: channel, Data: data, ReceivedAt: start})
	} else {
		err = postEvent(client, b.apiURL, id, data)
	}
	switch {
	case err != nil:
		b.errors.Add(1)
		b.sent.Delete(delivery.DeliveryID(id, b.webhook))
		time.Sleep(10 * time.Millisecond) // a dead server must not make this a busy loop
	case counted:
		b.posted.Add(1)
		b.mu.Lock()
		b.answers = append(b.answers, time.Since(start))
		b.mu.Unlock()
	}
}

// postEvent posts one event to POST /api/events and wants 202.
func postEvent(client *http.Client, base, id string, data json.RawMessage) error {
	body, _ := json.Marshal(map[string]any{"type": "ADD_TAG", "channel": channel, "id": id, "data": data})
	req, err := http.NewRequest(http.MethodPost, base+"/api/events", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", adminKey)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var ans struct {
		Deliveries int `json:"deliveries"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || resp.StatusCode != http.StatusAccepted || ans.Deliveries != 1 {
		return fmt.Errorf("POST /api/events = %d, %d deliveries, %v", resp.StatusCode, ans.Deliveries, err)
	}
	return nil
}

// result is what report prints.
type result struct {
	Mode        string  `json:"mode"`
	Concurrency int     `json:"concurrency"`
	Workers     int     `json:"workers"`
	Seconds     float64 `json:"seconds"`
	Events      int64   `json:"events"`
	Delivered   int     `json:"delivered"`
	PerSecond   float64 `json:"deliveriesPerSecond"`
	P50ms       float64 `json:"p50ms"`
	P99ms       float64 `json:"p99ms"`
	MaxMs       float64 `json:"maxMs"`
	AnswerP50ms float64 `json:"answerP50ms"`
	AnswerP99ms float64 `json:"answerP99ms"`
	Errors      int64   `json:"errors"`
	CPUs        int     `json:"cpus"`
}

func (b *bench) report() error {
	b.mu.Lock()
	lat, answers := slices.Clone(b.lat), slices.Clone(b.answers)
	b.mu.Unlock()
	slices.Sort(lat)
	slices.Sort(answers)
	ms := func(q float64) float64 { return quantile(lat, q) }
	r := result{Mode: b.s.mode, Concurrency: b.s.concurrency, Workers: delivery.DefaultWorkers, Seconds: b.s.duration.Seconds(),
		Events: b.posted.Load(), Delivered: len(lat), PerSecond: float64(len(lat)) / b.s.duration.Seconds(),
		P50ms: ms(0.50), P99ms: ms(0.99), MaxMs: ms(1), Errors: b.errors.Load(), CPUs: runtime.NumCPU(),
		AnswerP50ms: quantile(answers, 0.5), AnswerP99ms: quantile(answers, 0.99)}
	if b.s.json {
		return json.NewEncoder(os.Stdout).Encode(r)
	}
	fmt.Printf("mode %s, c=%d, %d delivery workers, %d CPUs, %.0fs measured\n", r.Mode, r.Concurrency, r.Workers, r.CPUs, r.Seconds)
	fmt.Printf("events posted %d, delivered %d (%.0f deliveries/s), errors %d\n", r.Events, r.Delivered, r.PerSecond, r.Errors)
	fmt.Printf("event posted -> receiver's 200: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", r.P50ms, r.P99ms, r.MaxMs)
	fmt.Printf("event posted -> its answer (202): p50 %.2f ms, p99 %.2f ms\n", r.AnswerP50ms, r.AnswerP99ms)
	if int64(r.Delivered) < r.Events {
		return fmt.Errorf("%d events of the window were not delivered within 30 s", r.Events-int64(r.Delivered))
	}
	return nil
}

// quantile returns the value below which a fraction q of the sorted
// durations lie, in milliseconds; 0 for none.
func quantile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return float64(sorted[min(len(sorted)-1, int(q*float64(len(sorted))))].Microseconds()) / 1000
}
