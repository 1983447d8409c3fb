package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"time"

	"github.com/hookflow/hookflow/flows/flowsvc"
	"github.com/hookflow/hookflow/internal/apikey"
	"github.com/hookflow/hookflow/internal/app"
	"github.com/hookflow/hookflow/internal/config"
	"github.com/hookflow/hookflow/internal/secrets"
	"github.com/hookflow/hookflow/nodes"
	_ "github.com/hookflow/hookflow/nodes/all" // registers every node type
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/mongo"
	"github.com/hookflow/hookflow/store/sqlite"
)

// setup is a configured hookflow: its store and use cases, shared by serve
// and the admin commands.
type setup struct {
	cfg   *config.Config
	log   *slog.Logger
	store store.Store
	flows *flowsvc.Service
	keys  *apikey.Service
}

// openApp loads the configuration of command from args and opens the
// store. extra adds the command's own flags; the remaining arguments are
// returned.
func openApp(ctx context.Context, command string, args []string, env func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (*setup, []string, error) {
	cfg, rest, err := config.Load(command, args, env, stderr, extra)
	if err != nil {
		return nil, nil, err
	}
	log, err := newLogger(cfg.LogFormat, cfg.LogLevel, stderr)
	if err != nil {
		return nil, nil, err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	a := &setup{cfg: cfg, log: log, store: st,
		flows: &flowsvc.Service{Store: st, Registry: nodes.Default, PublicURL: cfg.PublicURL},
		keys:  &apikey.Service{Store: st, CacheFor: 30 * time.Second},
	}
	return a, rest, nil
}

func openStore(ctx context.Context, cfg *config.Config) (store.Store, error) {
	if cfg.MongoURI != "" {
		st, err := mongo.Open(ctx, mongo.Config{URI: cfg.MongoURI, Database: cfg.MongoDB, WriteConcernMajority: cfg.MongoMajority})
		if err != nil {
			return nil, fmt.Errorf("open MongoDB store: %w", err)
		}
		return st, nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	st, err := sqlite.Open(ctx, cfg.DBPath())
	if err != nil {
		return nil, fmt.Errorf("open embedded store %s: %w", cfg.DBPath(), err)
	}
	return st, nil
}

func serve(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	a, rest, err := openApp(ctx, "serve", args, env, stderr, nil)
	if err != nil {
		return err
	}
	defer a.store.Close()
	if len(rest) > 0 {
		return fmt.Errorf("serve takes no arguments, got %q", rest)
	}
	key, err := a.keys.Bootstrap(ctx, a.cfg.AdminKey)
	if err != nil {
		return err
	}
	if key != "" {
		fmt.Fprintf(stdout, "\n  Admin API key (shown once, store it now): %s\n\n", key)
	}
	writers := 1 // SQLite has one writer; more would only queue on its lock
	if a.cfg.MongoURI != "" {
		writers = 4
	}
	secretKey, err := secrets.LoadOrCreateKey(a.cfg.DataDir, a.cfg.SecretKey)
	if err != nil {
		return err
	}
	h, err := app.New(a.store, app.Options{PublicURL: a.cfg.PublicURL, Workers: a.cfg.Workers, Lease: a.cfg.Lease,
		Retention: a.cfg.Retention, Writers: writers, Role: a.cfg.Role, Version: version, Log: a.log,
		AllowNetworks: a.cfg.AllowNetworks, SecretKey: secretKey,
		WhatsAppVerifyToken: a.cfg.WhatsAppVerifyToken, WhatsAppAppSecret: a.cfg.WhatsAppAppSecret})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.Addr, err)
	}
	where := "embedded SQLite at " + a.cfg.DBPath()
	if a.cfg.MongoURI != "" {
		where = "MongoDB database " + a.cfg.MongoDB
	}
	h.Start(ctx)
	if a.cfg.PprofAddr != "" {
		go servePprof(a.cfg.PprofAddr, a.log)
	}
	a.log.Info("hookflow started", "url", "http://"+ln.Addr().String(), "store", where, "role", a.cfg.Role, "version", version)
	errc := make(chan error, 1)
	go func() { errc <- h.Serve(ln) }()
	select {
	case err := <-errc:
		h.Stop()
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down")
	if err := h.Shutdown(10 * time.Second); err != nil {
		a.log.Warn("shutdown", "error", err)
	}
	h.Stop()
	return nil
}

// servePprof serves Go's profiler on its own address, never on the public one.
func servePprof(addr string, log *slog.Logger) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Info("profiling", "url", "http://"+addr+"/debug/pprof/")
	if err := srv.ListenAndServe(); err != nil {
		log.Warn("profiling server", "error", err)
	}
}
