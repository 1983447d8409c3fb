package delivery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/internal/safehttp"
	"github.com/hookflow/hookflow/store"
)

// Bounds of the delivery log.
const (
	// ExcerptSize is how much of an answer's body an attempt keeps.
	ExcerptSize = 64 << 10
	// maxLoggedAttempts is how many attempts a delivery keeps, the latest.
	maxLoggedAttempts = 50
)

// result is what came of sending an attempt.
type result struct {
	status    int
	header    http.Header
	response  string
	truncated bool
	// err is why no answer came; timeout says it did not come in time.
	err     error
	timeout bool
	// fatal marks an attempt that could not even be made (its secrets
	// cannot be opened): trying again would fail the same way.
	fatal   bool
	latency time.Duration
}

// process sends one attempt of d, which this process holds, and hands
// what came of it to persist, which lets go of d once it is saved; it
// reports whether it did. A delivery whose webhook is not active is held
// instead; one whose webhook is gone fails. When ctx ends during the
// attempt nothing is saved: the lease lapses and another process tries
// again.
func (s *Service) process(ctx context.Context, d *store.Delivery) bool {
	sub, err := s.st.GetSubscription(ctx, d.SubscriptionID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		d.Owner, d.LeaseUntil = "", time.Time{}
		d.Status, d.FinishedAt, d.LastError = store.DeliveryFailed, s.now(), "the webhook was deleted"
		s.stats.failed.Add(1)
		s.persist(d, nil)
		return true
	case err != nil:
		if ctx.Err() == nil {
			s.cfg.Log.Warn("read webhook of delivery", "delivery", d.ID, "error", err)
		}
		return false // the lease lapses and the delivery is claimed again
	case sub.Status != store.SubscriptionActive:
		d.Owner, d.LeaseUntil = "", time.Time{}
		d.Status, d.NextAttemptAt = store.DeliveryHeld, time.Time{}
		s.persist(d, nil)
		return true
	}
	res, o := s.attempt(ctx, sub, d)
	if ctx.Err() != nil {
		return false
	}
	s.conclude(sub, d, res, o)
	s.persist(d, o)
	return true
}

// attempt builds and sends one request of d to sub and records it in d.
func (s *Service) attempt(ctx context.Context, sub *store.Subscription, d *store.Delivery) (*result, *outcome) {
	start := s.now()
	out, err := s.build(sub, d, start)
	var res *result
	if err != nil {
		out = &outgoing{method: sub.Method, url: sub.URL, header: http.Header{}}
		res = &result{err: fmt.Errorf("build the request: %w", err), fatal: true}
	} else {
		res = s.send(ctx, out)
	}
	a := store.DeliveryAttempt{
		At: start, Method: out.method, URL: credentials.RedactString(out.url, out.secrets),
		RequestHeaders: logHeaders(out), Status: res.status, LatencyMs: res.latency.Milliseconds(),
		Error: credentials.RedactString(describe(res, s.cfg.Timeout), out.secrets), Timeout: res.timeout,
		Response: credentials.RedactString(res.response, out.secrets), Truncated: res.truncated,
	}
	d.Attempts = append(d.Attempts, a)
	if len(d.Attempts) > maxLoggedAttempts {
		d.Attempts = slices.Clone(d.Attempts[len(d.Attempts)-maxLoggedAttempts:])
	}
	d.AttemptCount++
	d.Tries++
	d.LastAttemptAt, d.LastStatus, d.LastError = start, a.Status, a.Error
	return res, &outcome{webhookID: sub.ID, at: s.now(), ok: false, err: a.Error}
}

// send makes the request of out, bounded by the attempt timeout, and
// reads the start of the answer.
func (s *Service) send(ctx context.Context, out *outgoing) *result {
	actx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	var body io.Reader
	if out.body != nil {
		body = bytes.NewReader(out.body)
	}
	req, err := http.NewRequestWithContext(actx, out.method, out.url, body)
	if err != nil {
		return &result{err: err, fatal: true}
	}
	req.Header = out.header
	started := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		return &result{err: safehttp.Explain(err), timeout: isTimeout(actx, err), latency: time.Since(started)}
	}
	defer resp.Body.Close()
	excerpt, rerr := io.ReadAll(io.LimitReader(resp.Body, ExcerptSize+1))
	res := &result{status: resp.StatusCode, header: resp.Header, latency: time.Since(started)}
	res.truncated = len(excerpt) > ExcerptSize
	res.response = string(excerpt[:min(len(excerpt), ExcerptSize)])
	if rerr == nil && res.truncated {
		// Read on a little, so that a short rest lets the connection be
		// used again; a long one is cut when the body is closed.
		io.Copy(io.Discard, io.LimitReader(resp.Body, ExcerptSize))
	}
	return res
}

// isTimeout reports whether err means that no answer came within the
// attempt's time: the attempt's own deadline, or a network timeout.
func isTimeout(actx context.Context, err error) bool {
	if errors.Is(actx.Err(), context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// describe says in words why an attempt did not succeed; "" when it did.
func describe(r *result, timeout time.Duration) string {
	switch {
	case r.timeout:
		return fmt.Sprintf("no answer within %s", timeout)
	case r.err != nil:
		return r.err.Error()
	case r.status >= 200 && r.status <= 299:
		return ""
	case r.status >= 300 && r.status <= 399:
		return fmt.Sprintf("the endpoint answered %d %s; redirects are not followed", r.status, http.StatusText(r.status))
	}
	return fmt.Sprintf("the endpoint answered %d %s", r.status, http.StatusText(r.status))
}

// logHeaders returns the headers of out as the delivery log keeps them:
// one value per name, with Authorization and the signatures redacted.
func logHeaders(out *outgoing) map[string]string {
	h := make(map[string]string, len(out.header))
	for _, k := range slices.Sorted(maps.Keys(out.header)) {
		v := strings.Join(out.header[k], ", ")
		if k == "Authorization" || k == "Webhook-Signature" {
			v = credentials.Redacted
		}
		h[k] = credentials.RedactString(v, out.secrets)
	}
	return h
}

// conclude decides, from res, what comes next for d: done, failed, or
// another attempt at a time of the schedule; and fills in o. Either way
// no process holds d any more.
func (s *Service) conclude(sub *store.Subscription, d *store.Delivery, res *result, o *outcome) {
	now := o.at
	d.Owner, d.LeaseUntil, d.NextAttemptAt = "", time.Time{}, time.Time{}
	switch judge(res, sub.RetryOnTimeout) {
	case succeeded:
		d.Status, d.FinishedAt, o.ok = store.DeliverySucceeded, now, true
		s.stats.delivered.Add(1)
		return
	case gone:
		d.Status, d.FinishedAt, o.gone = store.DeliveryFailed, now, true
		s.stats.failed.Add(1)
		return
	case failed:
		d.Status, d.FinishedAt = store.DeliveryFailed, now
		s.stats.failed.Add(1)
		return
	}
	wait, again := retryDelay(d.Tries, s.cfg.Rand(), retryAfter(res.header, now))
	if !again {
		d.Status, d.FinishedAt = store.DeliveryFailed, now
		s.stats.failed.Add(1)
		return
	}
	d.Status, d.NextAttemptAt = store.DeliveryPending, now.Add(wait)
	s.stats.retried.Add(1)
}
