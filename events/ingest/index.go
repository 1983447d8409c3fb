package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/nodes/event"
)

// Target is an active flow whose published version starts on platform
// events.
type Target struct {
	FlowID  string
	Version int
	// Event is the trigger's decoded config.
	Event *event.Config
	// InMemory: every node runs in memory, so a run executes inside the
	// ingest and is written once, finished.
	InMemory bool
}

// Index keeps the active flows with an event trigger in memory, so that
// an event is matched without reading every flow. It reloads them when
// this process changed a flow (Changed) and once they are older than
// TTL, which is how it sees the changes other processes made.
type Index struct {
	// List returns every flow.
	List func(ctx context.Context) ([]*flows.Flow, error)
	// Target returns what the index keeps of a published flow version;
	// false when its trigger is not a platform-event trigger.
	Target func(ctx context.Context, flowID string, version int) (*Target, bool, error)
	// TTL is how long a load is used; 5s when zero.
	TTL time.Duration
	Log *slog.Logger

	mu     sync.Mutex
	list   []*Target
	loaded time.Time
	stale  bool
}

// Changed makes the next Match load the flows again.
func (x *Index) Changed() {
	x.mu.Lock()
	x.stale = true
	x.mu.Unlock()
}

// Match returns the targets whose trigger takes an event of type typ on
// channel, at now.
func (x *Index) Match(ctx context.Context, typ, channel string, now time.Time) ([]*Target, error) {
	list, err := x.current(ctx, now)
	if err != nil {
		return nil, err
	}
	var out []*Target
	for _, t := range list {
		if t.Event.Matches(typ, channel) {
			out = append(out, t)
		}
	}
	return out, nil
}

// current returns the loaded targets, loading them first when they are
// stale. Callers that come during a load wait for it.
func (x *Index) current(ctx context.Context, now time.Time) ([]*Target, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	ttl := x.TTL
	if ttl <= 0 {
		ttl = 5 * time.Second
	}
	if !x.stale && !x.loaded.IsZero() && now.Sub(x.loaded) < ttl {
		return x.list, nil
	}
	list, err := x.load(ctx)
	if err != nil {
		return nil, err
	}
	x.list, x.loaded, x.stale = list, now, false
	return list, nil
}

// load reads the active flows with an event trigger. A flow whose
// version cannot be planned is left out and logged: it must not stop the
// events of the others.
func (x *Index) load(ctx context.Context) ([]*Target, error) {
	all, err := x.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the flows of platform events: %w", err)
	}
	var list []*Target
	for _, f := range all {
		if f.Status != flows.StatusActive || f.Version == 0 {
			continue
		}
		t, ok, err := x.Target(ctx, f.ID, f.Version)
		if err != nil {
			if x.Log != nil {
				x.Log.Warn("platform events: flow left out", "flow", f.ID, "version", f.Version, "error", err)
			}
			continue
		}
		if ok {
			list = append(list, t)
		}
	}
	return list, nil
}
