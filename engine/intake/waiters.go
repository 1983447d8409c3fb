package intake

import (
	"sync"

	"github.com/hookflow/hookflow/runs"
)

// waiters hands a run's answer to the request that waits for it (sync
// response modes). A run that nobody waits for is ignored.
type waiters struct {
	mu sync.Mutex
	m  map[string]chan *runs.Run
}

func (w *waiters) add(id string) chan *runs.Run {
	ch := make(chan *runs.Run, 1)
	w.mu.Lock()
	if w.m == nil {
		w.m = map[string]chan *runs.Run{}
	}
	w.m[id] = ch
	w.mu.Unlock()
	return ch
}

func (w *waiters) remove(id string) {
	w.mu.Lock()
	delete(w.m, id)
	w.mu.Unlock()
}

// notify passes r to its waiter, once.
func (w *waiters) notify(r *runs.Run) {
	w.mu.Lock()
	ch, ok := w.m[r.ID]
	delete(w.m, r.ID)
	w.mu.Unlock()
	if ok {
		ch <- r
	}
}
