// Package metrics keeps process counters and histograms and writes them in
// the Prometheus text format for /metrics. It is deliberately small: label
// values are joined into one map key, and every operation is lock-free or
// holds one short lock.
package metrics

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Registry holds named metrics.
type Registry struct {
	mu      sync.Mutex
	metrics map[string]writer
}

type writer interface {
	write(w io.Writer, name string)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{metrics: map[string]writer{}} }

func (r *Registry) add(name string, m writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.metrics[name]; dup {
		panic("metrics: " + name + " registered twice")
	}
	r.metrics[name] = m
}

// WriteText writes every metric, sorted by name.
func (r *Registry) WriteText(w io.Writer) {
	r.mu.Lock()
	names := make([]string, 0, len(r.metrics))
	for n := range r.metrics {
		names = append(names, n)
	}
	r.mu.Unlock()
	sort.Strings(names)
	for _, n := range names {
		r.mu.Lock()
		m := r.metrics[n]
		r.mu.Unlock()
		m.write(w, n)
	}
}

// CounterVec is a counter with labels.
type CounterVec struct {
	help   string
	labels []string
	values sync.Map // joined label values -> *atomic.Uint64
}

// Counter registers a counter with the given label names.
func (r *Registry) Counter(name, help string, labels ...string) *CounterVec {
	c := &CounterVec{help: help, labels: labels}
	r.add(name, c)
	return c
}

// Inc adds one to the counter with the given label values.
func (c *CounterVec) Inc(values ...string) { c.Add(1, values...) }

// Add adds n to the counter with the given label values.
func (c *CounterVec) Add(n uint64, values ...string) {
	key := strings.Join(values, "\x00")
	v, ok := c.values.Load(key)
	if !ok {
		v, _ = c.values.LoadOrStore(key, new(atomic.Uint64))
	}
	v.(*atomic.Uint64).Add(n)
}

func (c *CounterVec) write(w io.Writer, name string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n", name, c.help, name)
	var keys []string
	c.values.Range(func(k, _ any) bool { keys = append(keys, k.(string)); return true })
	sort.Strings(keys)
	for _, k := range keys {
		v, _ := c.values.Load(k)
		fmt.Fprintf(w, "%s%s %d\n", name, labelText(c.labels, k), v.(*atomic.Uint64).Load())
	}
}

func labelText(names []string, joined string) string {
	if len(names) == 0 {
		return ""
	}
	values := strings.Split(joined, "\x00")
	parts := make([]string, len(names))
	for i, n := range names {
		v := ""
		if i < len(values) {
			v = values[i]
		}
		parts[i] = fmt.Sprintf("%s=%q", n, v)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// GaugeFunc is a gauge read when metrics are written.
type GaugeFunc struct {
	help string
	fn   func() float64
}

// Gauge registers a gauge whose value fn returns.
func (r *Registry) Gauge(name, help string, fn func() float64) {
	r.add(name, &GaugeFunc{help: help, fn: fn})
}

func (g *GaugeFunc) write(w io.Writer, name string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", name, g.help, name, name, g.fn())
}

// CounterFunc is a counter kept elsewhere, read when metrics are written.
type CounterFunc struct {
	help string
	fn   func() uint64
}

// CounterFunc registers a counter whose value fn returns; fn must never
// return less than it returned before.
func (r *Registry) CounterFunc(name, help string, fn func() uint64) {
	r.add(name, &CounterFunc{help: help, fn: fn})
}

func (c *CounterFunc) write(w io.Writer, name string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, c.help, name, name, c.fn())
}

// Histogram counts observations into fixed buckets.
type Histogram struct {
	help    string
	bounds  []float64
	counts  []atomic.Uint64
	count   atomic.Uint64
	sumBits atomic.Uint64
}

// Histogram registers a histogram with the given upper bounds.
func (r *Registry) Histogram(name, help string, bounds ...float64) *Histogram {
	h := &Histogram{help: help, bounds: bounds, counts: make([]atomic.Uint64, len(bounds))}
	r.add(name, h)
	return h
}

// Observe records v.
func (h *Histogram) Observe(v float64) {
	for i, b := range h.bounds {
		if v <= b {
			h.counts[i].Add(1)
		}
	}
	h.count.Add(1)
	for {
		old := h.sumBits.Load()
		if h.sumBits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

func (h *Histogram) write(w io.Writer, name string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s histogram\n", name, h.help, name)
	for i, b := range h.bounds {
		fmt.Fprintf(w, "%s_bucket{le=\"%g\"} %d\n", name, b, h.counts[i].Load())
	}
	n := h.count.Load()
	fmt.Fprintf(w, "%s_bucket{le=\"+Inf\"} %d\n%s_sum %g\n%s_count %d\n", name, n, name, math.Float64frombits(h.sumBits.Load()), name, n)
}
