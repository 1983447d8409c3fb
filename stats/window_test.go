package stats

import (
	"errors"
	"testing"
	"time"
)

func TestParseWindow_Names(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		hours int
		bad   bool
	}{
		{"", 24, false},
		{"24h", 24, false},
		{"7d", 168, false},
		{"7D", 0, true},
		{"1h", 0, true},
		{"168h", 0, true},
		{"24h ", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			w, err := ParseWindow(tc.in)
			if tc.bad {
				if !errors.Is(err, ErrBadWindow) {
					t.Fatalf("ParseWindow(%q) = %v, %v; want ErrBadWindow", tc.in, w, err)
				}
				return
			}
			if err != nil || w.Hours != tc.hours {
				t.Fatalf("ParseWindow(%q) = %v, %v; want %d hours", tc.in, w, err, tc.hours)
			}
		})
	}
}

func TestHoursOf_AlignsToTheHourInUTC(t *testing.T) {
	t.Parallel()
	// 10:47:03 in a zone half an hour off UTC: 05:17:03 UTC.
	now := time.Date(2026, 11, 22, 10, 47, 3, 999, time.FixedZone("IST", 5*3600+1800))
	h := HoursOf(Windows[0], now)
	wantFrom := time.Date(2026, 11, 21, 6, 0, 0, 0, time.UTC)
	if !h.From.Equal(wantFrom) || h.N != 24 || !h.To().Equal(time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC)) {
		t.Fatalf("HoursOf = from %v, %d buckets, to %v", h.From, h.N, h.To())
	}
	if h.From.Location() != time.UTC {
		t.Fatalf("From is in %v, want UTC", h.From.Location())
	}
	tests := []struct {
		name string
		t    time.Time
		i    int
		ok   bool
	}{
		{"before", wantFrom.Add(-time.Nanosecond), 0, false},
		{"first instant", wantFrom, 0, true},
		{"end of the first hour", wantFrom.Add(time.Hour - time.Millisecond), 0, true},
		{"second hour", wantFrom.Add(time.Hour), 1, true},
		{"now", now, 23, true},
		{"end of the current hour", h.To().Add(-time.Millisecond), 23, true},
		{"after", h.To(), 0, false},
	}
	for _, tc := range tests {
		if i, ok := h.Index(tc.t); ok != tc.ok || (ok && i != tc.i) {
			t.Errorf("%s: Index(%v) = %d, %v; want %d, %v", tc.name, tc.t, i, ok, tc.i, tc.ok)
		}
	}
	if week := HoursOf(Windows[1], now); !week.From.Equal(wantFrom.Add(-6*24*time.Hour)) || week.N != 168 || !week.To().Equal(h.To()) {
		t.Fatalf("HoursOf 7d = from %v, %d buckets", week.From, week.N)
	}
}
