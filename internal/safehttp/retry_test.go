package safehttp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// waits records the waits of a Policy instead of sleeping.
type waits []time.Duration

func (w *waits) sleep(_ context.Context, d time.Duration) error {
	*w = append(*w, d)
	return nil
}

func replies(statuses ...int) func(context.Context) (*Reply, error) {
	i := 0
	return func(context.Context) (*Reply, error) {
		s := statuses[min(i, len(statuses)-1)]
		i++
		h := http.Header{}
		if s == http.StatusTooManyRequests {
			h.Set("Retry-After", "7")
		}
		return &Reply{Status: s, Header: h}, nil
	}
}

func TestPolicy_Do(t *testing.T) {
	t.Parallel()
	timeout := func(context.Context) (*Reply, error) { return nil, context.DeadlineExceeded }
	refused := func(context.Context) (*Reply, error) { return nil, &RefusedError{Reason: "private address"} }
	for _, tc := range []struct {
		name     string
		policy   Policy
		send     func(context.Context) (*Reply, error)
		attempts int
		status   int
	}{
		{"success", Policy{Retries: 3, On5xx: true}, replies(200), 1, 200},
		{"5xx then success", Policy{Retries: 3, On5xx: true}, replies(502, 503, 200), 3, 200},
		{"5xx not retried", Policy{Retries: 3}, replies(500, 200), 1, 500},
		{"retries used up", Policy{Retries: 2, On5xx: true}, replies(500), 3, 500},
		{"429 retried", Policy{Retries: 2, On429: true}, replies(429, 201), 2, 201},
		{"4xx never", Policy{Retries: 3, On5xx: true, On429: true}, replies(404, 200), 1, 404},
		{"timeout retried", Policy{Retries: 2, OnTimeout: true}, timeout, 3, 0},
		{"timeout not retried", Policy{Retries: 2}, timeout, 1, 0},
		{"refusal never", Policy{Retries: 2, OnTimeout: true}, refused, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var w waits
			tc.policy.Sleep = w.sleep
			reply, attempts, _ := tc.policy.Do(context.Background(), tc.send)
			if attempts != tc.attempts {
				t.Errorf("%d attempts, want %d", attempts, tc.attempts)
			}
			if got := 0; reply != nil {
				got = reply.Status
				if got != tc.status {
					t.Errorf("status %d, want %d", got, tc.status)
				}
			}
			if len(w) != attempts-1 {
				t.Errorf("%d waits for %d attempts", len(w), attempts)
			}
		})
	}
}

func TestPolicy_HonoursRetryAfterWithCap(t *testing.T) {
	t.Parallel()
	var w waits
	p := Policy{Retries: 1, On429: true, Sleep: w.sleep}
	if _, n, _ := p.Do(context.Background(), replies(429, 200)); n != 2 || len(w) != 1 || w[0] != 7*time.Second {
		t.Errorf("attempts %d, waits %v; want one wait of 7s", n, w)
	}
	w = nil
	p.MaxRetryAfter = 5 * time.Second
	if _, n, _ := p.Do(context.Background(), replies(429, 200)); n != 1 || len(w) != 0 {
		t.Errorf("a Retry-After past the cap was waited for: attempts %d, waits %v", n, w)
	}
}

func TestPolicy_BackoffGrowsToCap(t *testing.T) {
	t.Parallel()
	p := Policy{Backoff: time.Second, BackoffCap: 4 * time.Second}
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 9: 4 * time.Second} {
		d := p.backoff(attempt)
		if d < want/2 || d > want {
			t.Errorf("backoff(%d) = %v, want within [%v, %v]", attempt, d, want/2, want)
		}
	}
}

func TestIsTimeout(t *testing.T) {
	t.Parallel()
	if !IsTimeout(context.DeadlineExceeded) || IsTimeout(errors.New("x")) || IsTimeout(&RefusedError{}) || IsTimeout(ErrResponseTooLarge) {
		t.Error("IsTimeout misclassifies")
	}
}

func TestRetryTransport_ResendsBody(t *testing.T) {
	t.Parallel()
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if len(bodies) < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	var w waits
	c := New(Options{Allow: loopback})
	rt := &RetryTransport{Base: c.Transport, Policy: Policy{Retries: 3, On5xx: true, Sleep: w.sleep}}
	hc := &http.Client{Transport: rt}
	resp, err := hc.Post(srv.URL, "text/plain", strings.NewReader("payload"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || rt.Retries() != 2 || len(w) != 2 || strings.Join(bodies, ",") != "payload,payload,payload" {
		t.Errorf("status %d, retries %d, waits %v, bodies %q", resp.StatusCode, rt.Retries(), w, bodies)
	}
}
