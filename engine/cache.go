package engine

import (
	"context"
	"fmt"
	"sync"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/nodes"
)

// DefaultCacheSize is how many plans a PlanCache made with size 0 keeps.
const DefaultCacheSize = 1024

// PlanCache keeps the plans of published flow versions. A version never
// changes, so a plan is built once and kept until the cache is full, when
// the least recently used one goes. Concurrent Gets of a version that is
// not cached build it once.
type PlanCache struct {
	reg  *nodes.Registry
	size int
	mu   sync.Mutex
	m    map[planKey]*cacheEntry
	tick uint64 // use counter, for eviction
}

type planKey struct {
	flowID  string
	version int
}

type cacheEntry struct {
	ready chan struct{} // closed once plan or err is set
	plan  *Plan
	err   error
	used  uint64
}

// NewPlanCache returns a cache that builds plans with reg and keeps up to
// size of them (DefaultCacheSize when size is 0).
func NewPlanCache(reg *nodes.Registry, size int) *PlanCache {
	if size <= 0 {
		size = DefaultCacheSize
	}
	return &PlanCache{reg: reg, size: size, m: map[planKey]*cacheEntry{}}
}

// Get returns the plan of flowID at version, building it from what load
// returns when it is not cached. A failed build is not kept, so the next
// Get tries again. ctx bounds the wait for another caller's build.
func (c *PlanCache) Get(ctx context.Context, flowID string, version int, load func() (*flows.Version, error)) (*Plan, error) {
	key := planKey{flowID, version}
	c.mu.Lock()
	c.tick++
	e, ok := c.m[key]
	if ok {
		e.used = c.tick
		c.mu.Unlock()
		select {
		case <-e.ready:
			return e.plan, e.err
		case <-ctx.Done():
			return nil, fmt.Errorf("plan of flow %s version %d: %w", flowID, version, ctx.Err())
		}
	}
	e = &cacheEntry{ready: make(chan struct{}), used: c.tick}
	c.evict()
	c.m[key] = e
	c.mu.Unlock()

	e.plan, e.err = c.build(flowID, version, load)
	close(e.ready)
	if e.err != nil {
		c.mu.Lock()
		if c.m[key] == e {
			delete(c.m, key)
		}
		c.mu.Unlock()
	}
	return e.plan, e.err
}

func (c *PlanCache) build(flowID string, version int, load func() (*flows.Version, error)) (*Plan, error) {
	v, err := load()
	if err != nil {
		return nil, fmt.Errorf("load flow %s version %d: %w", flowID, version, err)
	}
	if v == nil || v.FlowID != flowID || v.Version != version {
		return nil, fmt.Errorf("load flow %s version %d: got another version", flowID, version)
	}
	return NewPlan(c.reg, v)
}

// evict drops the least recently used entries until one more fits. It
// runs with c.mu held; a full scan is fine at the sizes a cache holds.
func (c *PlanCache) evict() {
	for len(c.m) >= c.size {
		var oldest planKey
		first := true
		for k, e := range c.m {
			if first || e.used < c.m[oldest].used {
				oldest, first = k, false
			}
		}
		delete(c.m, oldest)
	}
}

// Forget drops every cached plan of flowID, for a deleted flow.
func (c *PlanCache) Forget(flowID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.m {
		if k.flowID == flowID {
			delete(c.m, k)
		}
	}
}

// Len returns how many plans are cached or being built.
func (c *PlanCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}
