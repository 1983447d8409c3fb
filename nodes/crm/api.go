package crm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/internal/safehttp"
)

// How CRM calls are made: each attempt waits this long, answers are read
// up to this size, and timeouts, 5xx and 429 answers are tried again.
const (
	callTimeout  = 30 * time.Second
	maxReplySize = 4 << 20
	callRetries  = 3
)

// api is the HTTP side of one provider for one step: base URL, token,
// retries, and the provider's words for a refusal.
type api struct {
	name    string // "HubSpot", for messages
	base    string // without a trailing slash
	scheme  string // Authorization scheme: "Bearer", "Zoho-oauthtoken"
	hc      *http.Client
	sleep   func(ctx context.Context, d time.Duration) error
	idem    string // Idempotency-Key: {runId}:{nodeId}
	cred    *credentials.Resolved
	explain func(status int, body []byte) string
	// retries counts the calls tried again, for the step's attempts.
	retries int
}

// apiError is a refusal, in the provider's words: an answer outside
// 200-299, or a record refused inside a successful answer.
type apiError struct {
	provider string
	status   int
	message  string
	body     []byte // the answer, for providers that look closer
}

func (e *apiError) Error() string {
	if e.status >= 200 && e.status <= 299 {
		return fmt.Sprintf("%s refused the record: %s", e.provider, e.message)
	}
	return fmt.Sprintf("%s answered %d: %s", e.provider, e.status, e.message)
}

// call sends method path (relative to base) with in as its JSON body, and
// decodes a successful answer into out. An expired OAuth token is
// refreshed once. It returns the status of the answer.
func (a *api) call(ctx context.Context, method, path string, in, out any) (int, error) {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return 0, fmt.Errorf("encode the %s request: %w", a.name, err)
		}
	}
	for refreshed := false; ; refreshed = true {
		tok, err := a.cred.Token(ctx)
		if err != nil {
			return 0, err
		}
		reply, err := a.send(ctx, method, path, body, tok.AccessToken)
		if err != nil {
			return 0, err
		}
		if reply.Status == http.StatusUnauthorized && !refreshed && a.refreshable() {
			a.cred.Invalidate(tok.AccessToken)
			continue
		}
		if reply.Status < 200 || reply.Status > 299 {
			return reply.Status, &apiError{provider: a.name, status: reply.Status,
				message: a.explain(reply.Status, reply.Body), body: reply.Body}
		}
		if out != nil && len(bytes.TrimSpace(reply.Body)) > 0 {
			if err := json.Unmarshal(reply.Body, out); err != nil {
				return reply.Status, fmt.Errorf("%s answered %s %s with unexpected JSON: %w", a.name, method, path, err)
			}
		}
		return reply.Status, nil
	}
}

// refreshable reports whether the credential's token can be renewed.
func (a *api) refreshable() bool {
	return a.cred.Type == credentials.TypeZoho || a.cred.Type == credentials.TypeSalesforce
}

func (a *api) send(ctx context.Context, method, path string, body []byte, token string) (*safehttp.Reply, error) {
	req := &safehttp.Request{Method: method, URL: a.base + path, Body: body, Header: http.Header{
		"Authorization":   {a.scheme + " " + token},
		"Accept":          {"application/json"},
		"User-Agent":      {"hookflow"},
		"Idempotency-Key": {a.idem},
	}}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	policy := safehttp.Policy{Retries: callRetries, OnTimeout: true, On5xx: true, On429: true, Sleep: a.sleep}
	reply, n, err := policy.Do(ctx, func(ctx context.Context) (*safehttp.Reply, error) {
		return safehttp.Send(ctx, a.hc, req, callTimeout, maxReplySize)
	})
	a.retries += n - 1
	if err == nil {
		return reply, nil
	}
	tries := ""
	if n > 1 {
		tries = fmt.Sprintf(" (%d attempts)", n)
	}
	if safehttp.IsTimeout(err) {
		return nil, fmt.Errorf("%s did not answer %s %s%s: %w", a.name, method, path, tries, err)
	}
	return nil, fmt.Errorf("call %s: %w", a.name, err)
}

// explainCommon gives the words for answers every provider gives alike;
// "" for others.
func explainCommon(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return "too many requests; retry later"
	case http.StatusNotFound:
		return "not found; check the API base URL"
	}
	if status >= 500 {
		return "the service failed (" + http.StatusText(status) + "); retry later"
	}
	return ""
}

// statusOf returns the status of an apiError, 0 for other errors.
func statusOf(err error) int {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.status
	}
	return 0
}

// notFound is the error of a record that an operation needs and that is
// not there.
func notFound(provider, object string, q *query) error {
	return fmt.Errorf("no %s %s with %s; add a \"Create or update contact/lead\" step before this one",
		provider, object, q.describe())
}

// firstLine returns the first line of s, cut to at most n runes: a
// note's title.
func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(strings.TrimSpace(s)); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return strings.TrimSpace(s)
}

// errNoUser is the error of an agent email that names no CRM user.
func errNoUser(what, email string) error {
	return fmt.Errorf("no %s with email %s; the agent needs a user with the same email in the CRM", what, email)
}
