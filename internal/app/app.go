// Package app assembles a hookflow process from its configuration and
// store: use cases, the intake, the worker pool, the HTTP server. The
// binary and the end-to-end tests build the same thing through it.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/delivery"
	"github.com/hookflow/hookflow/engine"
	"github.com/hookflow/hookflow/engine/intake"
	"github.com/hookflow/hookflow/engine/live"
	"github.com/hookflow/hookflow/engine/worker"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/flows/flowsvc"
	"github.com/hookflow/hookflow/internal/apikey"
	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/internal/metrics"
	"github.com/hookflow/hookflow/internal/safehttp"
	"github.com/hookflow/hookflow/internal/secrets"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/server"
	"github.com/hookflow/hookflow/stats"
	"github.com/hookflow/hookflow/store"
)

// Options are the settings an App needs.
type Options struct {
	PublicURL string
	Workers   int           // 0: 8 per CPU
	Lease     time.Duration // 0: 30s
	Poll      time.Duration // 0: 1s
	Retention time.Duration // 0: 720h
	// Writers is how many group-commit writers run; SQLite wants 1.
	Writers int
	Role    string // api, worker or all
	Version string
	Log     *slog.Logger
	// AllowNetworks are private networks outgoing calls may reach.
	AllowNetworks []netip.Prefix
	// SecretKey seals stored credentials; nil means no credentials can be
	// stored (tests of other parts).
	SecretKey []byte
	// HTTP, if set, replaces the guarded client built from AllowNetworks.
	HTTP *safehttp.Client
	// WhatsAppVerifyToken and WhatsAppAppSecret configure the WhatsApp
	// Cloud API adapter; its routes answer 404 without them.
	WhatsAppVerifyToken string
	WhatsAppAppSecret   string
}

// App is one hookflow process.
type App struct {
	Store  store.Store
	Flows  *flowsvc.Service
	Keys   *apikey.Service
	Intake *intake.Service
	Pool   *worker.Pool
	Plans  *engine.PlanCache
	Commit *worker.Committer
	// Live follows runs for the studio's live view.
	Live    *live.Service
	HTTP    *fiber.App
	Metrics *metrics.Registry
	platform
	// Credentials and Webhooks are nil when no secret key was given.
	Credentials *credentials.Service
	Webhooks    *delivery.Service
	Owner       string
	opts        Options
	stopOnce    sync.Once
	cancel      context.CancelFunc
	// endStreams ends the HTTP server's run streams and captures.
	endStreams context.CancelFunc
}

// New builds an App over st. Start runs its background work.
func New(st store.Store, o Options) (*App, error) {
	if o.Workers <= 0 {
		o.Workers = 8 * runtime.NumCPU()
	}
	o.Lease = orDefault(o.Lease, 30*time.Second)
	o.Poll = orDefault(o.Poll, time.Second)
	o.Retention = orDefault(o.Retention, 720*time.Hour)
	host, _ := os.Hostname()
	a := &App{Store: st, opts: o, Owner: fmt.Sprintf("%s-%d-%s", host, os.Getpid(), ids.Random(4)),
		Plans: engine.NewPlanCache(nodes.Default, 0), Metrics: metrics.NewRegistry()}
	a.Commit = worker.NewCommitter(st.SaveRuns, max(o.Writers, 1), 512)
	a.Live = &live.Service{Store: st, Log: o.Log}
	a.Keys = &apikey.Service{Store: st, CacheFor: 30 * time.Second}
	a.Intake = intake.New(st)
	a.Flows = &flowsvc.Service{Store: st, Registry: nodes.Default, PublicURL: o.PublicURL,
		Changed: func(id string) { a.Intake.FlowChanged(); a.Plans.Forget(id) }}
	client := o.HTTP
	if client == nil {
		client = safehttp.New(safehttp.Options{Allow: o.AllowNetworks})
	}
	exec := &engine.Executor{Deps: nodes.Deps{HTTP: client}}
	var box *secrets.Box
	if o.SecretKey != nil {
		var err error
		box, err = secrets.NewBox(o.SecretKey)
		if err != nil {
			return nil, fmt.Errorf("secret key: %w", err)
		}
		if a.Credentials, err = credentials.NewService(credentials.Options{Store: st, Box: box, HTTP: client}); err != nil {
			return nil, err
		}
		exec.Deps.Credentials = a.Credentials
	}
	a.Pool = &worker.Pool{Store: st, Commit: a.Commit, Owner: a.Owner, Lease: o.Lease, Workers: o.Workers,
		Poll: o.Poll, Log: o.Log, OnDone: func(r *runs.Run) { a.Intake.Done(r); a.Live.Done(r) },
		Execute: func(ctx context.Context, r *runs.Run) error {
			p, err := a.plan(ctx, r.FlowID, r.Version)
			if err != nil {
				return err
			}
			return exec.Execute(ctx, p, r)
		}}
	exec.OnStep = a.onStep
	in := a.Intake
	in.Store, in.Owner, in.Lease, in.LostAfter, in.Log = st, a.Owner, o.Lease, o.Lease, o.Log
	in.Save, in.Submit = a.Commit.Save, a.Pool.Submit
	if o.Role == "api" {
		// No workers here: accept runs held by no process, so that the
		// worker processes claim them at their next poll, knowing that
		// nobody started them.
		in.Submit, in.Lease, in.Owner = func(*runs.Run) {}, 0, ""
	}
	in.Target = func(ctx context.Context, flowID string, version int) (*intake.Target, error) {
		p, err := a.plan(ctx, flowID, version)
		if err != nil {
			return nil, err
		}
		cfg, ok := p.Webhook()
		if !ok {
			return nil, fmt.Errorf("flow %s version %d has no webhook trigger", flowID, version)
		}
		return &intake.Target{TriggerID: p.TriggerID(), Webhook: cfg, InMemory: p.InMemory()}, nil
	}
	in.RunInline = a.Pool.Execute
	a.wirePlatform(exec, o)
	if box != nil {
		if err := a.wireOutbound(box, o); err != nil {
			return nil, err
		}
	}
	var streams context.Context
	streams, a.endStreams = context.WithCancel(context.Background())
	a.HTTP = server.New(server.Deps{Streams: streams, Flows: a.Flows, Keys: a.Keys, Registry: nodes.Default, Ping: st.Ping,
		Log: o.Log, Metrics: a.Metrics, Version: o.Version, Intake: a.Intake, Runs: st, Live: a.Live, CancelRun: a.Pool.Cancel, Credentials: a.Credentials,
		Capture: a.Capture, Events: a.Events, Channels: a.Channels, WhatsApp: a.WhatsApp, Webhooks: a.Webhooks,
		Stats: &stats.Service{Store: st}})
	a.Metrics.Gauge("hookflow_runs_held", "Runs this process holds (queued in memory or executing).",
		func() float64 { return float64(a.Pool.Held()) })
	processMetrics(a.Metrics)
	return a, nil
}

// processMetrics reports the process's goroutines and memory, so that a
// leak shows on /metrics without a profiler.
func processMetrics(m *metrics.Registry) {
	m.Gauge("go_goroutines", "Goroutines that currently exist.", func() float64 { return float64(runtime.NumGoroutine()) })
	m.Gauge("process_resident_memory_bytes", "Resident memory of the process in bytes (0 where /proc is not available).",
		func() float64 { return float64(residentBytes()) })
}

// residentBytes reads the resident set size from /proc/self/statm.
func residentBytes() int64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	var size, resident int64
	if _, err := fmt.Sscan(string(data), &size, &resident); err != nil {
		return 0
	}
	return resident * int64(os.Getpagesize())
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// plan returns the cached plan of a flow version.
func (a *App) plan(ctx context.Context, flowID string, version int) (*engine.Plan, error) {
	return a.Plans.Get(ctx, flowID, version, func() (*flows.Version, error) {
		return a.Store.GetVersion(ctx, flowID, version)
	})
}

// onStep shows each step to the run's live followers, and answers a
// respondNode caller as soon as the respond node ran, without waiting for
// the rest of the run.
func (a *App) onStep(r *runs.Run, st *runs.Step) {
	a.Live.Step(r, st)
	if st.Type == "respond" && st.Status == runs.StepSucceeded && len(r.Response) > 0 {
		// A copy: the run goes on changing on this goroutine.
		a.Intake.Done(&runs.Run{ID: r.ID, Status: r.Status, Response: r.Response})
	}
}

// Start runs the worker pool and the retention sweep until Stop.
func (a *App) Start(ctx context.Context) {
	ctx, a.cancel = context.WithCancel(ctx)
	a.Capture.Start(ctx)
	if a.opts.Role == "api" {
		return
	}
	a.Pool.Start(ctx)
	if a.Webhooks != nil {
		a.Webhooks.Start(ctx)
	}
	ret := &worker.Retention{Runs: a.Store, Flows: a.Store, Events: a.Store, Default: a.opts.Retention}
	go func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			if n, err := ret.Sweep(ctx); err != nil && ctx.Err() == nil {
				a.opts.Log.Warn("retention sweep", "error", err)
			} else if n > 0 {
				a.opts.Log.Info("retention sweep", "deleted", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// Serve answers HTTP on ln until Shutdown, with a lingering close on its
// connections (server.Lingering).
func (a *App) Serve(ln net.Listener) error {
	return a.HTTP.Listener(server.Lingering(ln))
}

// Shutdown stops the HTTP server: it ends the open run streams and
// captures at once (a browser's EventSource reconnects once hookflow is
// back), stops accepting connections and waits up to timeout for the
// requests being answered. Stop then stops the background work.
func (a *App) Shutdown(timeout time.Duration) error {
	a.endStreams()
	return a.HTTP.ShutdownWithTimeout(timeout)
}

// Stop ends background work; runs not finished keep their lease until it
// lapses and are then taken over.
func (a *App) Stop() {
	a.stopOnce.Do(func() {
		if a.cancel != nil {
			a.cancel()
		}
		a.Pool.Wait()
		if a.Webhooks != nil {
			a.Webhooks.Stop()
		}
		a.Capture.Stop()
		a.Commit.Stop()
	})
}
