// Package live follows runs as they change, for the studio's live run
// view. Its rule: a follower reads the store, so that it sees a run that
// any process sharing the store executes; the notifications of this
// process's executor only let it see each step as it ends (the store holds
// a run's steps only once it waits or finishes) and sooner. Live views cost
// the executor an atomic load per step while no run is followed, and a
// map lookup while some are.
package live

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflow/hookflow/runs"
)

// Store is what a follower reads.
type Store interface {
	// GetRun returns the run with id, or an error wrapping store.ErrNotFound.
	GetRun(ctx context.Context, id string) (*runs.Run, error)
}

// Service hands the runs of this process to their followers and has
// followers read the store for the others. Set Store; the zero values of
// the rest are usable.
type Service struct {
	Store Store
	// Poll is how often a follower reads the store; 500ms when zero.
	Poll time.Duration
	Log  *slog.Logger

	n        atomic.Int32 // followers, read without the lock on the hot path
	mu       sync.Mutex
	watchers map[string]map[*watcher]bool // by run id
}

func (s *Service) poll() time.Duration {
	if s.Poll <= 0 {
		return 500 * time.Millisecond
	}
	return s.Poll
}

// watcher is one follower's place in the service: the run as it last
// knew it, and a signal that it changed since the follower last read it.
type watcher struct {
	mu      sync.Mutex
	view    *runs.Run
	changed bool
	notify  chan struct{} // holds one signal
}

// signal marks the view changed; the caller holds w.mu.
func (w *watcher) signal() {
	w.changed = true
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

func (s *Service) add(id string, w *watcher) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.watchers == nil {
		s.watchers = map[string]map[*watcher]bool{}
	}
	if s.watchers[id] == nil {
		s.watchers[id] = map[*watcher]bool{}
	}
	s.watchers[id][w] = true
	s.n.Add(1)
}

func (s *Service) remove(id string, w *watcher) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.watchers[id][w] {
		delete(s.watchers[id], w)
		s.n.Add(-1)
	}
	if len(s.watchers[id]) == 0 {
		delete(s.watchers, id)
	}
}

// followed reports whether anyone follows run id: only then is it worth
// copying what the executor hands over.
func (s *Service) followed(id string) bool {
	if s.n.Load() == 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.watchers[id]) > 0
}

// each calls fn with every watcher of run id, each under its own lock.
func (s *Service) each(id string, fn func(w *watcher)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for w := range s.watchers[id] {
		w.mu.Lock()
		fn(w)
		w.mu.Unlock()
	}
}

// Step is the executor's OnStep hook: the followers of r see st at once.
// It copies what it keeps, since neither r nor st may be kept.
func (s *Service) Step(r *runs.Run, st *runs.Step) {
	if !s.followed(r.ID) {
		return
	}
	head := cloneRun(r, false)
	step := cloneStep(st)
	s.each(r.ID, func(w *watcher) {
		w.view = mergeStep(w.view, head, step)
		w.signal()
	})
}

// Done is the worker pool's OnDone hook: the followers of r see it as it
// was saved, waiting or finished.
func (s *Service) Done(r *runs.Run) {
	if !s.followed(r.ID) {
		return
	}
	c := cloneRun(r, true)
	s.each(r.ID, func(w *watcher) {
		w.view = c
		w.signal()
	})
}
