package intake

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
)

// flowCache keeps flows by webhook token for a short time, so the hot
// path does not read the store on every request. A published, activated
// or paused flow is seen by every process within the TTL.
type flowCache struct {
	store store.Flows
	ttl   time.Duration
	mu    sync.Mutex
	m     map[string]cachedFlow
}

type cachedFlow struct {
	flow  *flows.Flow // nil: no flow has the token
	until time.Time
}

// maxCached bounds the cache; unknown tokens sent by scanners must not grow it.
const maxCached = 10000

func (c *flowCache) get(ctx context.Context, token string, now time.Time) (*flows.Flow, error) {
	c.mu.Lock()
	e, ok := c.m[token]
	c.mu.Unlock()
	if ok && now.Before(e.until) {
		if e.flow == nil {
			return nil, store.ErrNotFound
		}
		return e.flow, nil
	}
	f, err := c.store.GetFlowByToken(ctx, token)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCached {
		c.m = map[string]cachedFlow{}
	}
	// A copy: the caller's token may point into a request buffer that is
	// reused, which would change the key under the map.
	c.m[strings.Clone(token)] = cachedFlow{flow: f, until: now.Add(c.ttl)}
	c.mu.Unlock()
	if f == nil {
		return nil, store.ErrNotFound
	}
	return f, nil
}

// forget drops every cached flow, after a change made by this process.
func (c *flowCache) forget() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}
