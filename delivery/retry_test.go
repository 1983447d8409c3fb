package delivery_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/delivery"
	"github.com/hookflow/hookflow/store"
)

// runSchedule delivers one event to an endpoint that always answers 500,
// moving the fake clock to each attempt the delivery asks for, and
// returns the delivery once its eight attempts failed.
func runSchedule(t *testing.T, e *env, rc *receiver) *store.Delivery {
	t.Helper()
	s := e.service(t, "proc_a")
	webhookID, _ := register(t, s, registration(rc.URL))
	deliver(t, s, event("evt_1"), 1)
	id := delivery.DeliveryID("evt_1", webhookID)
	d := e.waitTries(t, id, 1)
	for tries := 2; tries <= delivery.MaxAttempts; tries++ {
		if d.Status != store.DeliveryPending {
			t.Fatalf("after attempt %d: status %s, want pending", tries-1, d.Status)
		}
		e.clock.Set(d.NextAttemptAt)
		s.ClaimDue(t.Context())
		d = e.waitTries(t, id, tries)
	}
	if d.Status != store.DeliveryFailed || !d.NextAttemptAt.IsZero() {
		t.Fatalf("after %d attempts: status %s, next attempt %s; want failed, none", delivery.MaxAttempts, d.Status, d.NextAttemptAt)
	}
	return d
}

// TestRetry_Schedule checks the time of every attempt: at once, then 5 s,
// 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after the one before; with the
// jitter at its middle, exactly so. The receiver sees the same
// webhook-id each time and the attempt's own webhook-timestamp.
func TestRetry_Schedule(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rc := newReceiver(t, status(http.StatusInternalServerError))
	d := runSchedule(t, e, rc)
	want := []time.Duration{0, 5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}
	at := t0
	got := rc.requests()
	if len(d.Attempts) != len(want) || len(got) != len(want) {
		t.Fatalf("%d attempts logged, %d received; want %d", len(d.Attempts), len(got), len(want))
	}
	for i, wait := range want {
		at = at.Add(wait)
		if !d.Attempts[i].At.Equal(at) {
			t.Errorf("attempt %d at %s, want %s (+%s)", i+1, d.Attempts[i].At, at, wait)
		}
		if ts := got[i].Header.Get("webhook-timestamp"); ts != strconv.FormatInt(at.Unix(), 10) {
			t.Errorf("attempt %d: webhook-timestamp %s, want %d", i+1, ts, at.Unix())
		}
		if got[i].Header.Get("webhook-id") != d.ID {
			t.Errorf("attempt %d: webhook-id %q, want %q", i+1, got[i].Header.Get("webhook-id"), d.ID)
		}
	}
	if d.AttemptCount != 8 || d.LastStatus != 500 || d.LastError != "the endpoint answered 500 Internal Server Error" {
		t.Errorf("summary: %d attempts, last status %d, last error %q", d.AttemptCount, d.LastStatus, d.LastError)
	}
}

// TestRetry_Jitter moves each wait of the schedule to its bounds: with the
// jitter's source at 0, every wait is 10 % short; near 1, 10 % long.
func TestRetry_Jitter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		rnd    float64
		factor float64
	}{{"low", 0, 0.9}, {"high", 0.999999, 1.1}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.dice.values = []float64{tc.rnd}
			d := runSchedule(t, e, newReceiver(t, status(http.StatusBadGateway)))
			for i, base := range delivery.Schedule {
				wait := d.Attempts[i+1].At.Sub(d.Attempts[i].At)
				want := time.Duration(float64(base) * tc.factor)
				low, high := time.Duration(float64(base)*0.9), time.Duration(float64(base)*1.1)
				// Stored times keep milliseconds, and 0.999999 is 1e-6 short of 1.
				slack := time.Millisecond + base/1_000_000
				if wait < low-time.Millisecond || wait > high || (wait-want).Abs() > slack {
					t.Errorf("wait %d = %s, want %s (%s × %.1f, within ±10 %%)", i+1, wait, want, base, tc.factor)
				}
			}
		})
	}
}

// TestRetry_RetryAfter: a Retry-After longer than the schedule's wait
// replaces it, in seconds or as an HTTP date, up to 10 hours; a shorter
// one does not shorten the wait.
func TestRetry_RetryAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, header string
		wait         time.Duration
	}{
		{"seconds", "120", 120 * time.Second},
		{"date", t0.Add(time.Hour).Format(http.TimeFormat), time.Hour},
		{"capped", "86400", 10 * time.Hour},
		{"shorter", "1", 5 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rc := newReceiver(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Retry-After", tc.header)
				w.WriteHeader(http.StatusServiceUnavailable)
			})
			s := e.service(t, "proc_a")
			webhookID, _ := register(t, s, registration(rc.URL))
			deliver(t, s, event("evt_1"), 1)
			d := e.waitTries(t, delivery.DeliveryID("evt_1", webhookID), 1)
			if got := d.NextAttemptAt.Sub(t0); d.Status != store.DeliveryPending || got != tc.wait {
				t.Fatalf("status %s, next attempt after %s; want pending after %s", d.Status, got, tc.wait)
			}
		})
	}
}

// TestRetry_Outcomes covers the answers that end a delivery or not: a
// timeout with and without retryOnTimeout, 3xx (not followed, a failure
// to retry), 4xx, and 2xx.
func TestRetry_Outcomes(t *testing.T) {
	t.Parallel()
	hang := func(w http.ResponseWriter, r *http.Request, _ int) { <-r.Context().Done() }
	redirect := func(w http.ResponseWriter, r *http.Request, _ int) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}
	tests := []struct {
		name           string
		answer         func(http.ResponseWriter, *http.Request, int)
		retryOnTimeout bool
		status         store.DeliveryStatus
		code           int
		errPart        string
	}{
		{"timeout_no_retry", hang, false, store.DeliveryFailed, 0, "no answer within 200ms"},
		{"timeout_retry", hang, true, store.DeliveryPending, 0, "no answer within 200ms"},
		{"redirect", redirect, false, store.DeliveryPending, 302, "redirects are not followed"},
		{"client_error", status(http.StatusBadRequest), false, store.DeliveryPending, 400, "400 Bad Request"},
		{"accepted", status(http.StatusAccepted), false, store.DeliverySucceeded, 202, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rc := newReceiver(t, tc.answer)
			s := e.service(t, "proc_a", func(c *delivery.Config) { c.Timeout = 200 * time.Millisecond })
			r := registration(rc.URL)
			r.RetryOnTimeout = tc.retryOnTimeout
			webhookID, _ := register(t, s, r)
			deliver(t, s, event("evt_1"), 1)
			d := e.waitTries(t, delivery.DeliveryID("evt_1", webhookID), 1)
			a := d.Attempts[0]
			if d.Status != tc.status || a.Status != tc.code || !strings.Contains(a.Error, tc.errPart) || (tc.errPart == "") != (a.Error == "") {
				t.Fatalf("status %s, attempt answered %d with error %q; want %s, %d, %q", d.Status, a.Status, a.Error, tc.status, tc.code, tc.errPart)
			}
			if a.Timeout != (tc.code == 0) {
				t.Errorf("attempt timeout = %v", a.Timeout)
			}
			if got := rc.requests(); len(got) != 1 {
				t.Errorf("the receiver got %d requests, want 1 (redirects are not followed)", len(got))
			}
		})
	}
}
