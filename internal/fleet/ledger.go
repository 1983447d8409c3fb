package fleet

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Entry is one request of the workload: its kind, and what the answers
// to it said.
type Entry struct {
	Kind string
	N    int64
	// Runs are the run ids of the first 2xx answer; every later 2xx for
	// the same key must name the same ones.
	Runs     []string
	Answered bool
	// Sends counts how many times it was sent.
	Sends int
}

// Ledger remembers every request sent, by its idempotency key (the
// Idempotency-Key header of a webhook, the id of an event), so that a
// request whose answer was lost can be sent again with the same key and
// the store checked against what was promised.
type Ledger struct {
	prefix string
	next   atomic.Int64
	mu     sync.Mutex
	byKey  map[string]*Entry
	// problems are answers that broke a promise: a key answered with two
	// different runs.
	problems []string
	// Refused counts answers that were neither 2xx nor "send it again"
	// (503, 429), by status.
	refused map[int]int
	sent    atomic.Int64
}

// NewLedger returns an empty ledger whose keys start with prefix.
func NewLedger(prefix string) *Ledger {
	return &Ledger{prefix: prefix, byKey: map[string]*Entry{}, refused: map[int]int{}}
}

// add makes a new request of kind and returns its key.
func (l *Ledger) add(kind string) string {
	n := l.next.Add(1)
	key := fmt.Sprintf("%s-%d", l.prefix, n)
	l.mu.Lock()
	l.byKey[key] = &Entry{Kind: kind, N: n}
	l.mu.Unlock()
	return key
}

// Send sends the request of key to the process of c and records the
// answer. It reports whether the answer was a 2xx.
func (l *Ledger) Send(c *Client, w *Workload, key string) bool {
	l.mu.Lock()
	e := *l.byKey[key]
	l.byKey[key].Sends++
	l.mu.Unlock()
	l.sent.Add(1)
	var status int
	var data []byte
	var err error
	if e.Kind == KindEvent {
		status, data, err = c.Do("POST", "/api/events",
			fmt.Sprintf(`{"type": "ADD_TAG", "channel": %q, "id": %q, "data": %s}`, Channel, key, eventData))
	} else {
		status, data, err = c.Do("POST", "/hook/"+w.Flows[e.Kind].Token, fmt.Sprintf(`{"n": %d}`, e.N), "Idempotency-Key", key)
	}
	if err != nil {
		return false // no answer: no promise
	}
	if status/100 != 2 {
		if status != http.StatusServiceUnavailable && status != http.StatusTooManyRequests {
			l.mu.Lock()
			l.refused[status]++
			l.mu.Unlock()
		}
		return false
	}
	var ans struct {
		RunID string   `json:"runId"`
		Runs  []string `json:"runs"`
	}
	if err := json.Unmarshal(data, &ans); err != nil {
		l.problem("%s: a 2xx answer that is not JSON: %s", key, data)
		return true
	}
	runs := ans.Runs
	if e.Kind != KindEvent {
		runs = []string{ans.RunID}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	entry := l.byKey[key]
	switch {
	case !entry.Answered:
		entry.Runs, entry.Answered = runs, true
	case !slices.Equal(entry.Runs, runs):
		l.problems = append(l.problems, fmt.Sprintf("%s answered with runs %v, then %v", key, entry.Runs, runs))
	}
	return true
}

func (l *Ledger) problem(format string, args ...any) {
	l.mu.Lock()
	l.problems = append(l.problems, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

// Drive sends new requests, the kinds in turn, from workers goroutines
// spread over targets, until ctx ends. With every > 0 each worker sends
// one request per every (open loop, for a steady rate); otherwise the
// next as soon as the last is answered. A request without a 2xx stays
// unanswered in the ledger, for Retry.
func (l *Ledger) Drive(ctx context.Context, targets []*Client, w *Workload, workers int, every time.Duration) {
	var wg sync.WaitGroup
	var turn atomic.Int64
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				t := turn.Add(1)
				key := l.add(Kinds[t%int64(len(Kinds))])
				start := time.Now()
				l.Send(targets[(int(t)+i)%len(targets)], w, key)
				if every > 0 && !sleep(ctx, every-time.Since(start)) {
					return
				}
			}
		}()
	}
	wg.Wait()
}

// Unanswered returns the keys that have no 2xx answer yet.
func (l *Ledger) Unanswered() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for k, e := range l.byKey {
		if !e.Answered {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// Retry sends every unanswered request again, with its key, spread over
// targets, until each has a 2xx answer or ctx ends; it returns how many
// it sent again.
func (l *Ledger) Retry(ctx context.Context, targets []*Client, w *Workload) int {
	n := 0
	for round := 0; ctx.Err() == nil; round++ {
		keys := l.Unanswered()
		if len(keys) == 0 {
			return n
		}
		for i, k := range keys {
			l.Send(targets[(i+round)%len(targets)], w, k)
			n++
		}
		sleep(ctx, 100*time.Millisecond)
	}
	return n
}

// Summary counts the requests: all, answered, sent (with repeats), and
// the answers refused by status.
func (l *Ledger) Summary() (keys, answered int, sent int64, refused map[int]int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.byKey {
		if e.Answered {
			answered++
		}
	}
	refused = map[int]int{}
	for k, v := range l.refused {
		refused[k] = v
	}
	return len(l.byKey), answered, l.sent.Load(), refused
}

// entries returns a copy of every entry, by key.
func (l *Ledger) entries() map[string]Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]Entry, len(l.byKey))
	for k, e := range l.byKey {
		out[k] = *e
	}
	return out
}
