package flowsvc

import (
	"context"
	"errors"
	"fmt"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
)

// Validate checks the draft of flow id without publishing it.
func (s *Service) Validate(ctx context.Context, id string) ([]flows.Problem, error) {
	f, err := s.Store.GetFlow(ctx, id)
	if err != nil {
		return nil, err
	}
	return flows.ValidateForPublish(s.Registry, f.Nodes, f.Edges), nil
}

// Publish validates the draft of flow id and freezes it as the next
// version, which becomes the one that runs. A flow with problems returns a
// *flows.ValidationError listing all of them.
//
// Version numbers are claimed by CreateVersion's uniqueness, not by a
// transaction: two concurrent publishes get two numbers, and a crash
// between the two writes leaves a version that the next publish skips.
func (s *Service) Publish(ctx context.Context, id string) (*flows.Flow, error) {
	f, err := s.Store.GetFlow(ctx, id)
	if err != nil {
		return nil, err
	}
	if problems := flows.ValidateForPublish(s.Registry, f.Nodes, f.Edges); len(problems) > 0 {
		return nil, &flows.ValidationError{Problems: problems}
	}
	v := &flows.Version{FlowID: f.ID, Name: f.Name, Nodes: f.Nodes, Edges: f.Edges, PublishedAt: s.now()}
	for attempt := 0; ; attempt++ {
		latest, err := s.Store.LatestVersion(ctx, f.ID)
		if err != nil {
			return nil, fmt.Errorf("publish flow %s: %w", id, err)
		}
		v.Version = max(latest, f.Version) + 1
		err = s.Store.CreateVersion(ctx, v)
		if err == nil {
			break
		}
		if !errors.Is(err, store.ErrConflict) || attempt == 4 {
			return nil, fmt.Errorf("publish flow %s: %w", id, err)
		}
	}
	f.Version = v.Version
	f.UpdatedAt = v.PublishedAt
	s.derive(f)
	if err := s.Store.UpdateFlow(ctx, f); err != nil {
		return nil, fmt.Errorf("publish flow %s: %w", id, err)
	}
	s.changed(f.ID)
	return f, nil
}

// Versions lists the published versions of flow id, newest first.
func (s *Service) Versions(ctx context.Context, id string) ([]flows.VersionInfo, error) {
	if _, err := s.Store.GetFlow(ctx, id); err != nil {
		return nil, err
	}
	return s.Store.ListVersions(ctx, id)
}

// Version returns version n of flow id.
func (s *Service) Version(ctx context.Context, id string, n int) (*flows.Version, error) {
	return s.Store.GetVersion(ctx, id, n)
}

// Restore copies version n into the draft of flow id. It does not publish:
// the restored draft runs once it is published again.
func (s *Service) Restore(ctx context.Context, id string, n int) (*flows.Flow, error) {
	f, err := s.Store.GetFlow(ctx, id)
	if err != nil {
		return nil, err
	}
	v, err := s.Store.GetVersion(ctx, id, n)
	if err != nil {
		return nil, err
	}
	return s.saveDraft(ctx, f, &flows.Flow{Name: v.Name, Nodes: v.Nodes, Edges: v.Edges, Settings: f.Settings})
}

// Activate makes flow id run its published version on every trigger.
func (s *Service) Activate(ctx context.Context, id string) (*flows.Flow, error) {
	return s.setStatus(ctx, id, flows.StatusActive)
}

// Pause stops flow id from running; its webhook still answers and records
// requests, so Capture Response keeps working.
func (s *Service) Pause(ctx context.Context, id string) (*flows.Flow, error) {
	return s.setStatus(ctx, id, flows.StatusPaused)
}

func (s *Service) setStatus(ctx context.Context, id string, status flows.Status) (*flows.Flow, error) {
	f, err := s.Store.GetFlow(ctx, id)
	if err != nil {
		return nil, err
	}
	if status == flows.StatusActive && f.Version == 0 {
		return nil, ErrNotPublished
	}
	f.Status = status
	f.UpdatedAt = s.now()
	s.derive(f)
	if err := s.Store.UpdateFlow(ctx, f); err != nil {
		return nil, fmt.Errorf("set flow %s %s: %w", id, status, err)
	}
	s.changed(f.ID)
	return f, nil
}
