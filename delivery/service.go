package delivery

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflow/hookflow/internal/batch"
	"github.com/hookflow/hookflow/internal/loop"
	"github.com/hookflow/hookflow/internal/safehttp"
	"github.com/hookflow/hookflow/internal/secrets"
	"github.com/hookflow/hookflow/store"
)

// Defaults of Config.
const (
	DefaultWorkers   = 64
	DefaultLease     = 30 * time.Second
	DefaultPoll      = time.Second
	DefaultTimeout   = 15 * time.Second
	DefaultRetention = 720 * time.Hour
	DefaultQueueSize = 4096
)

// Store is what the service persists.
type Store interface {
	store.Subscriptions
	store.Deliveries
}

// ChannelFunc reports whether number is a channel (a WABA number or chat
// source) the installation knows.
type ChannelFunc func(ctx context.Context, number string) (bool, error)

// Config is what a Service needs. Store, Box, IsChannel and Owner are
// required.
type Config struct {
	Store Store
	// Box seals signing secrets and authorization payloads at rest.
	Box *secrets.Box
	// IsChannel tells the registration's valid WABA numbers from the
	// others.
	IsChannel ChannelFunc
	// Allow lists the networks deliveries may reach although private
	// (HOOKFLOW_ALLOW_NETWORKS); tests allow 127.0.0.0/8.
	Allow []netip.Prefix
	// LookupIP resolves host names; nil is the system resolver.
	LookupIP safehttp.LookupFunc
	// Owner names this process in leases.
	Owner string
	// Version goes into the User-Agent header: hookflow/<version>.
	Version string
	// Workers is how many deliveries are sent at once (DefaultWorkers).
	Workers int
	// QueueSize bounds the deliveries a process holds waiting for a
	// worker (DefaultQueueSize); those of events beyond it are stored
	// unheld, and claimed by the next poll that finds room.
	QueueSize int
	// Lease is how long this process holds a delivery without renewing
	// (DefaultLease); Poll how often it claims due deliveries
	// (DefaultPoll).
	Lease, Poll time.Duration
	// Timeout bounds an attempt (DefaultTimeout): an answer must come,
	// whole, within it.
	Timeout time.Duration
	// Retention is how long succeeded, failed and held deliveries are
	// kept (DefaultRetention).
	Retention time.Duration
	// Writers is how many batch writers run; SQLite wants 1 (the default).
	Writers int
	// Now and Rand (uniform in [0, 1)) are the clock and the jitter's
	// source; nil uses the real ones.
	Now  func() time.Time
	Rand func() float64
	Log  *slog.Logger
}

// Service manages subscriptions and delivers events to them. It is safe
// for concurrent use. Start runs its workers; without them (an api-only
// process) deliveries are stored unheld, for the workers of other
// processes to claim.
type Service struct {
	cfg    Config
	st     Store
	client *safehttp.Client
	create *batch.Committer[*createItem]
	save   *batch.Committer[*saveItem]
	pool   *pool
	// saving bounds the saves under way; saves counts them, for Stop.
	saving chan struct{}
	saves  sync.WaitGroup
	stats  stats

	mu      sync.Mutex
	cancel  context.CancelFunc
	started bool
	wg      sync.WaitGroup
}

// New checks cfg, fills its defaults and returns a Service.
func New(cfg Config) (*Service, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("delivery: a store is required")
	case cfg.Box == nil:
		return nil, errors.New("delivery: a secrets box is required, to seal signing secrets")
	case cfg.IsChannel == nil:
		return nil, errors.New("delivery: a channel check is required")
	case cfg.Owner == "":
		return nil, errors.New("delivery: an owner name is required")
	}
	cfg.Workers, cfg.QueueSize = cmp.Or(cfg.Workers, DefaultWorkers), cmp.Or(cfg.QueueSize, DefaultQueueSize)
	cfg.Lease, cfg.Poll = cmp.Or(cfg.Lease, DefaultLease), cmp.Or(cfg.Poll, DefaultPoll)
	cfg.Timeout, cfg.Retention = cmp.Or(cfg.Timeout, DefaultTimeout), cmp.Or(cfg.Retention, DefaultRetention)
	cfg.Version = cmp.Or(cfg.Version, "dev")
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Float64
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	s := &Service{cfg: cfg, st: cfg.Store, saving: make(chan struct{}, 4*cfg.Workers)}
	// Redirects are not followed: a 3xx answer is a failed attempt.
	s.client = safehttp.New(safehttp.Options{Allow: cfg.Allow, MaxRedirects: -1, LookupIP: cfg.LookupIP,
		Timeout: cfg.Timeout + 5*time.Second, MaxIdleConnsPerHost: cfg.Workers})
	s.create = batch.NewCommitter(s.writeCreated, max(cfg.Writers, 1), 512)
	s.save = batch.NewCommitter(s.writeSaved, max(cfg.Writers, 1), 512)
	s.pool = newPool(s)
	return s, nil
}

// Start runs the workers, the lease and claim loops and the retention
// sweep until ctx ends or Stop is called.
func (s *Service) Start(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.cancel, s.started = cancel, true
	s.mu.Unlock()
	s.pool.start(ctx)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		loop.Every(ctx, time.Hour, s.sweep)
	}()
}

// Stop ends the background work and waits for it. Deliveries being sent
// keep their lease until it lapses and are then taken over.
func (s *Service) Stop() {
	s.mu.Lock()
	cancel := s.cancel
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	s.pool.wait()
	s.wg.Wait()
	s.saves.Wait()
	s.create.Stop()
	s.save.Stop()
}

// running reports whether this process sends deliveries.
func (s *Service) running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.started
}

// Held reports how many deliveries this process holds, queued in memory or
// being sent, for metrics.
func (s *Service) Held() int { return s.pool.held() }

// Queued reports how many deliveries this process holds that wait for a
// worker, for metrics.
func (s *Service) Queued() int { return len(s.pool.queue) }

// Stats are counts of what this process's attempts came to since it
// started.
type Stats struct {
	// Delivered counts deliveries that succeeded, Failed those that
	// ended failed (out of attempts, refused for good, or their webhook
	// deleted), Retried the failed attempts after which another one was
	// scheduled.
	Delivered, Failed, Retried uint64
}

// Stats returns the counts of this process's attempts, for metrics.
func (s *Service) Stats() Stats {
	return Stats{Delivered: s.stats.delivered.Load(), Failed: s.stats.failed.Load(), Retried: s.stats.retried.Load()}
}

type stats struct{ delivered, failed, retried atomic.Uint64 }

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// sweep deletes the succeeded, failed and held deliveries older than the
// retention.
func (s *Service) sweep(ctx context.Context) {
	before := s.now().Add(-s.cfg.Retention)
	for {
		n, err := s.st.DeleteDeliveries(ctx, before, 1000)
		if err != nil {
			if ctx.Err() == nil {
				s.cfg.Log.Warn("delete old deliveries", "error", err)
			}
			return
		}
		if n < 1000 {
			return
		}
	}
}

// seal seals a secret of subscription id for the store; what names the
// secret, so that one cannot be moved into another's place.
func (s *Service) seal(id, what, plain string) ([]byte, error) {
	out, err := s.cfg.Box.Seal([]byte(plain), aad(id, what))
	if err != nil {
		return nil, fmt.Errorf("seal %s of webhook %q: %w", what, id, err)
	}
	return out, nil
}

// open is the inverse of seal; an empty value opens as "".
func (s *Service) open(id, what string, sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	plain, err := s.cfg.Box.Open(sealed, aad(id, what))
	if err != nil {
		return "", fmt.Errorf("open %s of webhook %q: %w", what, id, err)
	}
	return string(plain), nil
}

// What seal and open keep apart.
const (
	sealSecret = "signing secret"
	sealAuth   = "authorization"
)

func aad(id, what string) []byte { return []byte("webhook\x00" + id + "\x00" + what) }
