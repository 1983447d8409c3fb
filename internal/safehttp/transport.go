package safehttp

import (
	"io"
	"net/http"
	"sync/atomic"
)

// RetryTransport retries the requests a client library sends, as its
// Policy says, for libraries that take an *http.Client but do not retry
// (Google's API clients). A request with a body is retried only when the
// body can be read again (Request.GetBody, set by http.NewRequest for
// in-memory bodies).
type RetryTransport struct {
	Base   http.RoundTripper
	Policy Policy
	// retries counts the requests sent again, for a step's attempts.
	retries atomic.Int64
}

// Retries returns how many requests were sent again so far.
func (t *RetryTransport) Retries() int { return int(t.retries.Load()) }

// RoundTrip sends req, and again after a wait while the answer or error
// is one to retry.
func (t *RetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 1; ; attempt++ {
		resp, err := t.Base.RoundTrip(req)
		if attempt > t.Policy.Retries || req.Context().Err() != nil || (req.Body != nil && req.GetBody == nil) {
			return resp, err
		}
		var reply *Reply
		if err == nil {
			reply = &Reply{Status: resp.StatusCode, Header: resp.Header}
		}
		wait, again := t.Policy.next(attempt, reply, err)
		if !again {
			return resp, err
		}
		if resp != nil {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
			resp.Body.Close()
		}
		if err := t.Policy.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
		if req, err = rewind(req); err != nil {
			return nil, err
		}
		t.retries.Add(1)
	}
}

// rewind returns a copy of req whose body reads from the start again.
func rewind(req *http.Request) (*http.Request, error) {
	if req.Body == nil || req.GetBody == nil {
		return req, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	out := req.Clone(req.Context())
	out.Body = body
	return out, nil
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the
// transport below.
func (t *RetryTransport) CloseIdleConnections() {
	if c, ok := t.Base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
