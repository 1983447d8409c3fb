// Package apikey creates and checks management API keys. A key is shown
// once, when it is made; only its SHA-256 hash is stored, so a copy of the
// database does not give access.
package apikey

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/store"
)

// Prefix starts every key, so that a leaked key is easy to recognise.
const Prefix = "hfk_"

// ErrInvalid means no key, or a key that does not exist.
var ErrInvalid = errors.New("invalid API key")

// Hash returns the stored form of key.
func Hash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// Service makes and checks keys. Checked keys are cached for a short time
// so that the hot path does not read the store on every request; a deleted
// key stops working within CacheFor.
type Service struct {
	Store    store.Keys
	CacheFor time.Duration
	Now      func() time.Time

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	key   *store.APIKey
	until time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Create makes a key called name and returns it with its stored record.
// The key itself cannot be read again.
func (s *Service) Create(ctx context.Context, name string, admin bool) (string, *store.APIKey, error) {
	return s.store(ctx, Prefix+ids.Random(16), name, admin)
}

func (s *Service) store(ctx context.Context, key, name string, admin bool) (string, *store.APIKey, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "key"
	}
	rec := &store.APIKey{
		ID: ids.New("key"), Name: name, Prefix: key[:min(len(key), len(Prefix)+6)],
		Hash: Hash(key), Admin: admin, CreatedAt: s.now().UTC().Truncate(time.Millisecond),
	}
	if err := s.Store.CreateKey(ctx, rec); err != nil {
		return "", nil, fmt.Errorf("store API key: %w", err)
	}
	return key, rec, nil
}

// Authenticate returns the key record for an Authorization header value,
// which may be "Bearer <key>" or the bare key.
func (s *Service) Authenticate(ctx context.Context, header string) (*store.APIKey, error) {
	key := strings.TrimSpace(header)
	if len(key) > 7 && strings.EqualFold(key[:7], "bearer ") {
		key = strings.TrimSpace(key[7:])
	}
	if key == "" {
		return nil, ErrInvalid
	}
	h := Hash(key)
	now := s.now()
	s.mu.Lock()
	c, ok := s.cache[h]
	s.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.key, nil
	}
	rec, err := s.Store.KeyByHash(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("look up API key: %w", err)
	}
	s.mu.Lock()
	if s.cache == nil || len(s.cache) > 10000 {
		s.cache = map[string]cached{}
	}
	s.cache[h] = cached{key: rec, until: now.Add(s.CacheFor)}
	s.mu.Unlock()
	return rec, nil
}

// Forget drops a key from the cache, after it was deleted.
func (s *Service) Forget() {
	s.mu.Lock()
	s.cache = nil
	s.mu.Unlock()
}

// Bootstrap makes sure an admin key exists. With adminKey set, that key is
// stored if it is not yet; otherwise, when the store has no key at all, a
// new one is made. It returns the key to print once, or "" when nothing
// was created.
func (s *Service) Bootstrap(ctx context.Context, adminKey string) (string, error) {
	if adminKey != "" {
		if len(adminKey) < 16 {
			return "", fmt.Errorf("the admin key must be at least 16 characters")
		}
		_, err := s.Store.KeyByHash(ctx, Hash(adminKey))
		if err == nil {
			return "", nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return "", fmt.Errorf("look up admin key: %w", err)
		}
		_, _, err = s.store(ctx, adminKey, "admin (HOOKFLOW_ADMIN_KEY)", true)
		if errors.Is(err, store.ErrConflict) { // another process stored it first
			return "", nil
		}
		return "", err
	}
	keys, err := s.Store.ListKeys(ctx)
	if err != nil {
		return "", fmt.Errorf("list API keys: %w", err)
	}
	if len(keys) > 0 {
		return "", nil
	}
	key, _, err := s.Create(ctx, "admin", true)
	return key, err
}
