// Package stats computes the overview's aggregates: runs per hour by
// status and duration percentiles per flow, deliveries per hour and
// success rates per outbound webhook, and a summary line per flow. Its
// rule: stores only hand over the records of a time window (store.Stats);
// every bucket, sum and percentile is computed here, in Go, so that both
// stores give the same answer and neither needs an aggregation pipeline.
package stats

import (
	"errors"
	"fmt"
	"time"
)

// ErrBadWindow means a window that is not one of Windows.
var ErrBadWindow = errors.New("bad window")

// Window is the span statistics cover, in hourly buckets that end with the
// current hour.
type Window struct {
	Name  string
	Hours int
}

// Windows are the spans the overview offers; the first is the default.
var Windows = []Window{{Name: "24h", Hours: 24}, {Name: "7d", Hours: 7 * 24}}

// ParseWindow returns the window named s; "" is the default, 24h.
func ParseWindow(s string) (Window, error) {
	if s == "" {
		return Windows[0], nil
	}
	for _, w := range Windows {
		if w.Name == s {
			return w, nil
		}
	}
	return Window{}, fmt.Errorf("%w %q: want 24h or 7d", ErrBadWindow, s)
}

// Hours are consecutive hourly buckets, aligned to the hour in UTC.
type Hours struct {
	// From is the start of the first bucket.
	From time.Time
	// N is how many buckets there are.
	N int
}

// HoursOf returns the buckets of w whose last one holds now.
func HoursOf(w Window, now time.Time) Hours {
	last := now.UTC().Truncate(time.Hour)
	return Hours{From: last.Add(-time.Duration(w.Hours-1) * time.Hour), N: w.Hours}
}

// To is the end of the last bucket, exclusive.
func (h Hours) To() time.Time { return h.Start(h.N) }

// Start is the start of bucket i.
func (h Hours) Start(i int) time.Time { return h.From.Add(time.Duration(i) * time.Hour) }

// Index returns the bucket that holds t, and false when none does.
func (h Hours) Index(t time.Time) (int, bool) {
	if t.Before(h.From) {
		return 0, false
	}
	i := int(t.Sub(h.From) / time.Hour)
	return i, i < h.N
}
