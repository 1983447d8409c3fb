package safehttp

import (
	"bytes"
	"cmp"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Request is an outgoing call that can be sent again: its body is kept.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// Reply is an answer read whole.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// Send sends r once with hc, giving up after timeout (zero: only ctx
// bounds it), and reads at most limit bytes of the answer's body (zero:
// only the client's limit applies).
func Send(ctx context.Context, hc *http.Client, r *Request, timeout time.Duration, limit int64) (*Reply, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return nil, err
	}
	for k, vs := range r.Header {
		req.Header[k] = vs
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, explainRequest(err)
	}
	defer resp.Body.Close()
	reader := io.Reader(resp.Body)
	if limit > 0 {
		reader = io.LimitReader(resp.Body, limit+1)
	}
	data, err := io.ReadAll(reader)
	if err != nil {
		return nil, fmt.Errorf("read the answer: %w", err)
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, limit)
	}
	return &Reply{Status: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

// Defaults of Policy.
const (
	DefaultBackoff       = time.Second
	DefaultBackoffCap    = 30 * time.Second
	DefaultMaxRetryAfter = time.Minute
)

// Policy says which failed attempts are tried again, and how long to wait
// before each: exponential backoff with jitter, or the Retry-After a 429
// or 503 answer asks for.
type Policy struct {
	// Retries is how many more attempts may follow the first.
	Retries int
	// OnTimeout retries an attempt that got no answer in time or whose
	// connection failed; On5xx one answered 500-599; On429 one answered 429.
	OnTimeout, On5xx, On429 bool
	// Backoff is the first wait, doubled each time up to BackoffCap.
	Backoff, BackoffCap time.Duration
	// MaxRetryAfter is the longest Retry-After honoured; an answer asking
	// for more is not retried.
	MaxRetryAfter time.Duration
	// Sleep waits d or until ctx ends; nil uses a timer. Tests pass one
	// that moves a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Do calls send until an attempt is not to be retried or the retries are
// used up. It returns the last reply or error and how many attempts were
// made. A reply is returned whatever its status.
func (p Policy) Do(ctx context.Context, send func(ctx context.Context) (*Reply, error)) (*Reply, int, error) {
	for attempt := 1; ; attempt++ {
		reply, err := send(ctx)
		if attempt > p.Retries || ctx.Err() != nil {
			return reply, attempt, err
		}
		wait, again := p.next(attempt, reply, err)
		if !again {
			return reply, attempt, err
		}
		if serr := p.sleep(ctx, wait); serr != nil {
			return reply, attempt, err
		}
	}
}

// next decides whether to try again after attempt, and after how long.
func (p Policy) next(attempt int, reply *Reply, err error) (time.Duration, bool) {
	switch {
	case err != nil:
		return p.backoff(attempt), p.OnTimeout && IsTimeout(err)
	case reply.Status == http.StatusTooManyRequests && p.On429,
		reply.Status >= 500 && reply.Status <= 599 && p.On5xx:
		if d, ok := RetryAfter(reply.Header, time.Now()); ok {
			return d, d <= cmp.Or(p.MaxRetryAfter, DefaultMaxRetryAfter)
		}
		return p.backoff(attempt), true
	}
	return 0, false
}

func (p Policy) backoff(attempt int) time.Duration {
	base := cmp.Or(p.Backoff, DefaultBackoff)
	limit := cmp.Or(p.BackoffCap, DefaultBackoffCap)
	d := base
	for i := 1; i < attempt && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	// Equal jitter: half fixed, half random, so retries of many runs
	// spread out.
	return d/2 + rand.N(d/2+1)
}

func (p Policy) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	return Sleep(ctx, d)
}

// Sleep waits d, or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RetryAfter reads the Retry-After header, in seconds or as an HTTP date.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// IsTimeout reports whether err means that no answer came in time or that
// the connection failed, so trying again may help. A refused address, an
// oversized answer or an untrusted certificate is none of these.
func IsTimeout(err error) bool {
	var certErr *x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	switch {
	case err == nil, errors.Is(err, ErrRefused), errors.Is(err, ErrResponseTooLarge),
		errors.As(err, &certErr), errors.As(err, &hostErr), errors.As(err, &invalidErr):
		return false
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return dnsErr.IsTimeout || dnsErr.IsTemporary
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr)
}
