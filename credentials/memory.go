package credentials

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// MemoryStore is a Store in memory, for tests and trials. It is safe for
// concurrent use and hands out copies.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string]*Credential
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{m: map[string]*Credential{}} }

// CreateCredential stores a copy of c.
func (s *MemoryStore) CreateCredential(_ context.Context, c *Credential) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[c.ID]; ok {
		return fmt.Errorf("credential %s: %w", c.ID, ErrConflict)
	}
	s.m[c.ID] = clone(c)
	return nil
}

// GetCredential returns a copy of credential id.
func (s *MemoryStore) GetCredential(_ context.Context, id string) (*Credential, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.m[id]
	if !ok {
		return nil, fmt.Errorf("credential %s: %w", id, ErrNotFound)
	}
	return clone(c), nil
}

// ListCredentials returns copies of every credential, by id.
func (s *MemoryStore) ListCredentials(context.Context) ([]*Credential, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*Credential, 0, len(s.m))
	for _, id := range slices.Sorted(maps.Keys(s.m)) {
		out = append(out, clone(s.m[id]))
	}
	return out, nil
}

// UpdateCredential replaces credential c.ID with a copy of c.
func (s *MemoryStore) UpdateCredential(_ context.Context, c *Credential) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[c.ID]; !ok {
		return fmt.Errorf("credential %s: %w", c.ID, ErrNotFound)
	}
	s.m[c.ID] = clone(c)
	return nil
}

// DeleteCredential removes credential id.
func (s *MemoryStore) DeleteCredential(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[id]; !ok {
		return fmt.Errorf("credential %s: %w", id, ErrNotFound)
	}
	delete(s.m, id)
	return nil
}

func clone(c *Credential) *Credential {
	out := *c
	out.Public = maps.Clone(c.Public)
	out.Secret = slices.Clone(c.Secret)
	return &out
}

var _ Store = (*MemoryStore)(nil)
