// Package flowsvc holds the use cases of flow management: create, edit,
// publish, restore, activate, pause, delete. Handlers call one method each;
// the service owns the rules (ids, tokens, version numbers, validation) and
// the store only persists.
package flowsvc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/store"
)

// ErrNotPublished means a flow was asked to run before its first publish.
var ErrNotPublished = errors.New("the flow has no published version yet: publish it first")

// ErrInvalid wraps problems with a flow document that are not validation
// problems of its graph (a missing body, an oversized name).
var ErrInvalid = errors.New("invalid flow")

// Service manages flows. All fields are required but Now and NewID, which
// default to the wall clock and random ids.
type Service struct {
	Store    store.Flows
	Registry *nodes.Registry
	// PublicURL is the base of webhook URLs, e.g. "https://hooks.example.com".
	PublicURL string
	Now       func() time.Time
	NewID     ids.Generator
	// Changed, if set, is called after a flow was changed or deleted, so
	// caches of this process can drop it.
	Changed func(id string)
}

func (s *Service) changed(id string) {
	if s.Changed != nil {
		s.Changed(id)
	}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Millisecond)
	}
	return time.Now().UTC().Truncate(time.Millisecond)
}

func (s *Service) newID(prefix string) string {
	if s.NewID != nil {
		return s.NewID(prefix)
	}
	return ids.New(prefix)
}

// Create stores in as a new draft. A flow without nodes gets an On Webhook
// trigger, so that it has a URL from the start.
func (s *Service) Create(ctx context.Context, in *flows.Flow) (*flows.Flow, error) {
	return s.create(ctx, in, "")
}

// create stores in as a new flow with id, or a new id when id is empty.
func (s *Service) create(ctx context.Context, in *flows.Flow, id string) (*flows.Flow, error) {
	if id == "" {
		id = s.newID("flw")
	} else if !validID(id) {
		return nil, fmt.Errorf("%w: id %q must be letters, digits, - and _ (at most 64)", ErrInvalid, id)
	}
	f := &flows.Flow{
		ID:        id,
		HookToken: "whk_" + ids.Random(16),
		Status:    flows.StatusDraft,
		CreatedAt: s.now(),
	}
	f.UpdatedAt = f.CreatedAt
	if err := s.applyDraft(f, in); err != nil {
		return nil, err
	}
	if len(f.Nodes) == 0 {
		f.Nodes = []flows.Node{{ID: "trigger", Type: "webhook", TypeVersion: 1, Name: "On Webhook", Config: json.RawMessage(`{}`)}}
	}
	s.derive(f)
	if err := s.Store.CreateFlow(ctx, f); err != nil {
		return nil, fmt.Errorf("create flow: %w", err)
	}
	return f, nil
}

// Get returns a flow with its derived trigger information.
func (s *Service) Get(ctx context.Context, id string) (*flows.Flow, error) {
	f, err := s.Store.GetFlow(ctx, id)
	if err != nil {
		return nil, err
	}
	s.derive(f)
	return f, nil
}

// List returns every flow, newest first.
func (s *Service) List(ctx context.Context) ([]*flows.Flow, error) {
	list, err := s.Store.ListFlows(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range list {
		s.derive(f)
	}
	return list, nil
}

// Update replaces the draft (name, nodes, edges, settings) of flow id. The
// id, token, status and published version stay.
func (s *Service) Update(ctx context.Context, id string, in *flows.Flow) (*flows.Flow, error) {
	f, err := s.Store.GetFlow(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.saveDraft(ctx, f, in)
}

func (s *Service) saveDraft(ctx context.Context, f, in *flows.Flow) (*flows.Flow, error) {
	if err := s.applyDraft(f, in); err != nil {
		return nil, err
	}
	f.UpdatedAt = s.now()
	s.derive(f)
	if err := s.Store.UpdateFlow(ctx, f); err != nil {
		return nil, fmt.Errorf("update flow %s: %w", f.ID, err)
	}
	s.changed(f.ID)
	return f, nil
}

// Delete removes a flow and its versions.
func (s *Service) Delete(ctx context.Context, id string) error {
	if err := s.Store.DeleteFlow(ctx, id); err != nil {
		return err
	}
	s.changed(id)
	return nil
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func validID(id string) bool { return idPattern.MatchString(id) }

// MaxNodes bounds a flow's size; a canvas past it is not one a person reads.
const MaxNodes = 500

// applyDraft copies the editable parts of in into f, filling defaults.
func (s *Service) applyDraft(f, in *flows.Flow) error {
	name := strings.TrimSpace(in.Name)
	switch {
	case name == "":
		name = "Untitled flow"
	case len(name) > 200:
		return fmt.Errorf("%w: the name is longer than 200 characters", ErrInvalid)
	}
	if len(in.Nodes) > MaxNodes {
		return fmt.Errorf("%w: a flow holds at most %d nodes", ErrInvalid, MaxNodes)
	}
	if in.Settings.Retention != "" {
		if d, err := time.ParseDuration(in.Settings.Retention); err != nil || d < time.Hour {
			return fmt.Errorf("%w: settings.retention must be a duration of at least 1h, such as 720h", ErrInvalid)
		}
	}
	f.Name = name
	f.Nodes = append([]flows.Node{}, in.Nodes...)
	f.Edges = append([]flows.Edge{}, in.Edges...)
	f.Settings = in.Settings
	for i := range f.Nodes {
		if f.Nodes[i].TypeVersion == 0 {
			if spec, ok := s.Registry.Latest(f.Nodes[i].Type); ok {
				f.Nodes[i].TypeVersion = spec.Version
			}
		}
		if len(f.Nodes[i].Config) == 0 {
			f.Nodes[i].Config = json.RawMessage(`{}`)
		}
	}
	return nil
}

// derive fills the trigger summary from the trigger node.
func (s *Service) derive(f *flows.Flow) {
	info := flows.TriggerInfo{EventTypes: []string{}, Channels: []string{}}
	if t, ok := flows.Trigger(s.Registry, f.Nodes); ok {
		info.Type = t.Type
		switch t.Type {
		case "webhook":
			info.WebhookURL = strings.TrimRight(s.PublicURL, "/") + "/hook/" + f.HookToken
		case "event":
			var cfg struct {
				EventTypes []string `json:"eventTypes"`
				Channels   []string `json:"channels"`
			}
			if json.Unmarshal(t.Config, &cfg) == nil {
				info.EventTypes = append(info.EventTypes, cfg.EventTypes...)
				info.Channels = append(info.Channels, cfg.Channels...)
			}
		}
	}
	f.Trigger = info
}

// Import stores a flow from an exported document: the draft of an existing
// flow with the same id is replaced; otherwise a new flow is created that
// keeps the document's id, so files kept in git map to the same flows on
// every installation. It reports whether the flow was created.
func (s *Service) Import(ctx context.Context, in *flows.Flow) (*flows.Flow, bool, error) {
	if in.ID != "" {
		f, err := s.Store.GetFlow(ctx, in.ID)
		if err == nil {
			f, err = s.saveDraft(ctx, f, in)
			return f, false, err
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, false, err
		}
	}
	f, err := s.create(ctx, in, in.ID)
	return f, true, err
}
