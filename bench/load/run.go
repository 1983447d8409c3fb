package main

import (
	"fmt"
	"strconv"
	"sync"
	"time"
)

// errorPause is how long a worker waits after a transport error before
// its next request, so that a dead or refusing server does not turn the
// load tool into a busy loop that starves the other process on the box.
const errorPause = 10 * time.Millisecond

// maxKinds caps the distinct error kinds one worker keeps; the rest are
// counted as "other".
const maxKinds = 32

// tally is what one worker saw during the measured window. Each worker
// owns one, so recording needs no locks; run merges them at the end.
type tally struct {
	hist   *histogram
	ok     uint64
	errors map[string]uint64
}

func newTally() *tally {
	return &tally{hist: newHistogram(), errors: map[string]uint64{}}
}

func (t *tally) fail(kind string) {
	if _, seen := t.errors[kind]; !seen && len(t.errors) >= maxKinds {
		kind = "other"
	}
	t.errors[kind]++
}

// statusKinds holds the error kind of every HTTP status, built once so
// that counting a non-2xx answer does not allocate.
var statusKinds = func() []string {
	k := make([]string, 600)
	for i := range k {
		k[i] = "status " + strconv.Itoa(i)
	}
	return k
}()

func statusKind(status int) string {
	if status >= 0 && status < len(statusKinds) {
		return statusKinds[status]
	}
	return "status " + strconv.Itoa(status)
}

// result is the merged outcome of a run.
type result struct {
	hist    *histogram
	ok      uint64
	errors  map[string]uint64
	elapsed time.Duration
}

// count returns how many requests completed in the measured window,
// answered or failed.
func (r *result) count() uint64 {
	var n uint64
	for _, c := range r.errors {
		n += c
	}
	return n + r.ok
}

// run sends load as cfg says and returns the merged tallies. Requests that
// start during the warm-up are sent but not recorded; the measured window
// runs from the end of the warm-up until the last request started before
// the deadline has finished.
func run(cfg *config) (*result, error) {
	pools := make([]pool, len(cfg.urls))
	for i, u := range cfg.urls {
		p, err := newPool(cfg.client, u, &cfg.spec, cfg.concurrency)
		if err != nil {
			return nil, err
		}
		pools[i] = p
	}
	start := time.Now()
	measureFrom := start.Add(cfg.warmup)
	stopAt := measureFrom.Add(cfg.duration)
	tallies := make([]*tally, cfg.concurrency)
	var wg sync.WaitGroup
	for w := range tallies {
		t := newTally()
		tallies[w] = t
		senders := make([]sender, len(pools))
		for i, p := range pools {
			senders[i] = p.newSender()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(senders, w, t, measureFrom, stopAt)
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	// Every request ends within the timeout, so this only fires when a
	// client misbehaves; the tool must end anyway.
	hardStop := time.Until(stopAt) + cfg.spec.timeout + 5*time.Second
	select {
	case <-done:
	case <-time.After(hardStop):
		return nil, fmt.Errorf("requests still in flight %v after the end of the run", cfg.spec.timeout+5*time.Second)
	}
	res := &result{hist: newHistogram(), errors: map[string]uint64{}, elapsed: time.Since(measureFrom)}
	for _, t := range tallies {
		res.hist.merge(t.hist)
		res.ok += t.ok
		for k, c := range t.errors {
			res.errors[k] += c
		}
	}
	return res, nil
}

// work is one closed-loop connection: it sends a request, waits for the
// answer, records it, and sends the next, going round the targets starting
// at its own offset so that several servers get an even share.
func work(senders []sender, offset int, t *tally, measureFrom, stopAt time.Time) {
	for i := offset; ; i++ {
		begin := time.Now()
		if !begin.Before(stopAt) {
			return
		}
		status, err := senders[i%len(senders)].send()
		took := time.Since(begin)
		measured := !begin.Before(measureFrom)
		switch {
		case err != nil:
			if measured {
				t.fail(errorKind(err))
			}
			time.Sleep(errorPause)
		case !measured:
		case status >= 200 && status < 300:
			t.hist.record(took)
			t.ok++
		default:
			t.hist.record(took)
			t.fail(statusKind(status))
		}
	}
}
