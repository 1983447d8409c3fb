package live

import (
	"context"
	"strconv"
	"time"

	"github.com/hookflow/hookflow/runs"
)

// Follower follows one run: Next returns it each time it changed. Close it
// when done. A Follower is used by one goroutine.
type Follower struct {
	s    *Service
	id   string
	w    *watcher
	tick *time.Ticker
	// last sums up the state the store held at the last read, so
	// that a state read again is not taken for a change.
	last string
}

// Follow starts following run id from the state the store holds; the
// error of the store's GetRun (wrapping store.ErrNotFound for an unknown
// id) if it cannot be read.
func (s *Service) Follow(ctx context.Context, id string) (*Follower, error) {
	w := &watcher{notify: make(chan struct{}, 1)}
	// Watch before reading, so that no step of this process falls
	// between the read and the watch.
	s.add(id, w)
	r, err := s.Store.GetRun(ctx, id)
	if err != nil {
		s.remove(id, w)
		return nil, err
	}
	f := &Follower{s: s, id: id, w: w, tick: time.NewTicker(s.poll())}
	f.stored(r)
	return f, nil
}

// Close ends the following.
func (f *Follower) Close() {
	f.tick.Stop()
	f.s.remove(f.id, f.w)
}

// Next returns the run as it stands when it changed since the last call
// (the first call returns it at once), waiting up to timeout for a change;
// nil when none came. After a finished run there is no change to wait for.
func (f *Follower) Next(ctx context.Context, timeout time.Duration) (*runs.Run, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		if r := f.take(); r != nil {
			return r, nil
		}
		select {
		case <-f.w.notify:
		case <-f.tick.C:
			f.read(ctx)
		case <-timer.C:
			return nil, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// take returns a copy of the view if it changed since the last take.
func (f *Follower) take() *runs.Run {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	if !f.w.changed || f.w.view == nil {
		return nil
	}
	f.w.changed = false
	return snapshot(f.w.view)
}

// read reads the run from the store and takes its state if it changed.
func (f *Follower) read(ctx context.Context) {
	r, err := f.s.Store.GetRun(ctx, f.id)
	if err != nil {
		if ctx.Err() == nil && f.s.Log != nil {
			f.s.Log.Warn("follow a run: read the store", "run", f.id, "error", err)
		}
		return
	}
	f.stored(r)
}

// stored takes r, the state the store holds, as the view unless it is
// the state read last time or behind what the view shows already.
func (f *Follower) stored(r *runs.Run) {
	seen := stateKey(r)
	if seen == f.last {
		return
	}
	f.last = seen
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	switch v := f.w.view; {
	case v == nil || !progressOf(r).behind(progressOf(v)):
		f.w.view = r
	case v.Trigger == nil:
		// The view began with a step of this process that came before
		// the first read: it lacks what the store had before it.
		f.w.view = fill(v, r)
	default:
		return
	}
	f.w.signal()
}

// stateKey names the state of a stored run by what its saves change;
// lease renewals, which change nothing a person sees, are left out.
func stateKey(r *runs.Run) string {
	b := make([]byte, 0, 64+32*len(r.Steps))
	b = append(b, r.Status...)
	b = strconv.AppendInt(append(b, '|'), int64(r.Attempt), 10)
	b = append(append(b, '|'), r.Error...)
	b = r.WakeAt.AppendFormat(append(b, '|'), time.RFC3339Nano)
	b = r.FinishedAt.AppendFormat(append(b, '|'), time.RFC3339Nano)
	b = append(append(b, '|'), r.ResumeFrom...)
	for i := range r.Steps {
		st := &r.Steps[i]
		b = append(append(append(b, '|'), st.NodeID...), ':')
		b = append(b, st.Status...)
		b = strconv.AppendInt(append(b, ':'), int64(st.Attempts), 10)
		b = st.StartedAt.AppendFormat(append(b, ':'), time.RFC3339Nano)
	}
	return string(b)
}
