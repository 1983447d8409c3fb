// Package capture holds the editor's side of triggers: the inbox of each
// webhook trigger (its last requests), Capture Response (waiting for the
// next request or matching platform event), samples (the data fields are
// mapped from) and Test step (one node run against the samples before it).
// Its rule: a capture waits on the store, not on this process, so that it
// sees a request that reached any process sharing the store; the
// in-process notification only makes a local one answer sooner.
package capture

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/hookflow/hookflow/engine"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/nodes/webhook"
	"github.com/hookflow/hookflow/store"
)

// Errors of the use cases, which the server maps to its answers.
var (
	// ErrNoNode means the flow's draft has no node with the asked id.
	ErrNoNode = errors.New("no such node")
	// ErrNotTrigger means the node is not a webhook or event trigger.
	ErrNotTrigger = errors.New("not a trigger")
	// ErrBadSample means a sample that cannot be set as given.
	ErrBadSample = errors.New("bad sample")
	// ErrNoEntry means the trigger's inbox has no entry with the asked id.
	ErrNoEntry = errors.New("no such inbox entry")
)

// Store is what the service persists and reads.
type Store interface {
	store.Flows
	store.Inbox
	store.Samples
	store.Events
}

// Service is the capture use cases. Set Store, Registry and Exec; call
// Start to write the inbox of active flows, and Stop to flush it.
type Service struct {
	Store    Store
	Registry *nodes.Registry
	// Exec runs test steps; it is the executor runs use.
	Exec *engine.Executor
	Log  *slog.Logger
	Now  func() time.Time
	// Poll is how often a capture reads the store for a request that
	// reached another process; 250ms when zero.
	Poll time.Duration
	// Flush is how often the requests of active flows are written to
	// the inbox; 250ms when zero.
	Flush time.Duration

	hub  hub
	rec  recorder
	stop context.CancelFunc
	done sync.WaitGroup
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// trigger is a trigger node of a flow's draft, as captures and the inbox
// see it.
type trigger struct {
	flow *flows.Flow
	node *flows.Node
	// event is the config of a platform-event trigger; nil for a webhook
	// trigger, and empty types for one whose config names none or cannot
	// be read, which takes every event.
	event *event.Config
}

// isEvent reports whether t is a platform-event trigger.
func (t *trigger) isEvent() bool { return t.node.Type == event.Type }

// matches reports whether ev is an event t would capture.
func (t *trigger) matches(ev *store.Event) bool {
	if len(t.event.EventTypes) == 0 {
		return true
	}
	return t.event.Matches(ev.Type, ev.Channel)
}

// types returns the canonical event types t takes; nil for every type.
func (t *trigger) types() []string {
	var out []string
	for _, typ := range t.event.EventTypes {
		if c, ok := event.Canonical(typ); ok {
			out = append(out, c)
		}
	}
	return out
}

// loadFlow returns the flow and its draft node nodeID.
func (s *Service) loadFlow(ctx context.Context, flowID, nodeID string) (*flows.Flow, *flows.Node, error) {
	f, err := s.Store.GetFlow(ctx, flowID)
	if err != nil {
		return nil, nil, err
	}
	n, ok := f.Node(nodeID)
	if !ok {
		return nil, nil, fmt.Errorf("%w: the flow has no node %q", ErrNoNode, nodeID)
	}
	return f, n, nil
}

// trigger returns the trigger nodeID of the draft of flowID.
func (s *Service) trigger(ctx context.Context, flowID, nodeID string) (*trigger, error) {
	f, n, err := s.loadFlow(ctx, flowID, nodeID)
	if err != nil {
		return nil, err
	}
	t := &trigger{flow: f, node: n}
	switch n.Type {
	case webhook.Type:
	case event.Type:
		t.event = &event.Config{}
		if spec, ok := s.Registry.Lookup(n.Type, n.TypeVersion); ok {
			if err := nodes.DecodeConfig(spec, n.Config, t.event); err != nil {
				t.event = &event.Config{}
			}
		}
	default:
		return nil, fmt.Errorf("%w: node %q is a %s node; only a webhook or platform-event trigger has requests to capture", ErrNotTrigger, nodeID, n.Type)
	}
	return t, nil
}

// DraftWebhook returns the webhook trigger of f's draft, for requests to
// a flow that does not run: its node id and config, nil when the config
// cannot be read.
func (s *Service) DraftWebhook(f *flows.Flow) (string, *webhook.Config, bool) {
	n, ok := flows.Trigger(s.Registry, f.Nodes)
	if !ok || n.Type != webhook.Type {
		return "", nil, false
	}
	spec, _ := s.Registry.Lookup(n.Type, n.TypeVersion)
	cfg := new(webhook.Config)
	if err := nodes.DecodeConfig(spec, n.Config, cfg); err != nil {
		return n.ID, nil, true
	}
	return n.ID, cfg, true
}
