package http

import (
	"context"
	"errors"
	"fmt"
	"net"
	nethttp "net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/hookflow/hookflow/internal/safehttp"
	"github.com/hookflow/hookflow/nodes"
)

// MaxResponseBytes bounds the body of an answer the node reads.
const MaxResponseBytes = 4 << 20

// Build builds the http node's runtime: the URL, header, query and body
// templates are compiled once here.
func Build(b nodes.Builder) (nodes.Runner, error) {
	var cfg Config
	if err := b.Decode(&cfg); err != nil {
		return nil, err
	}
	r := &runner{
		method:     strings.ToUpper(cfg.Method),
		authType:   cfg.AuthType,
		credential: cfg.Credential,
		timeout:    cfg.Timeout.Std(),
		acceptAny:  cfg.SuccessOnNon2xx,
		policy: safehttp.Policy{Retries: cfg.Retries, OnTimeout: cfg.RetryOnTimeout,
			On5xx: cfg.RetryOn5xx, On429: cfg.RetryOn429},
	}
	if r.method == "" {
		r.method = nethttp.MethodPost
	}
	var err error
	if r.url, err = b.Template(FieldURL, cfg.URL); err != nil {
		return nil, err
	}
	if r.headers, err = compilePairs(b, FieldHeaders, cfg.Headers); err != nil {
		return nil, err
	}
	if r.query, err = compilePairs(b, FieldQuery, cfg.Query); err != nil {
		return nil, err
	}
	if err := r.compileBody(b, &cfg); err != nil {
		return nil, err
	}
	if (r.authType == AuthBasic || r.authType == AuthBearer) && r.credential == "" {
		return nil, &nodes.FieldError{Field: FieldCredential, Err: errors.New("choose the credential to authenticate with")}
	}
	return r, nil
}

func (r *runner) compileBody(b nodes.Builder, cfg *Config) error {
	var err error
	if cfg.BodyFormat == BodyFormData {
		r.form, err = compilePairs(b, FieldForm, cfg.Form)
		return err
	}
	if body := strings.TrimSpace(string(cfg.Body)); body != "" && body != "null" {
		r.body, err = b.JSON(FieldBody, cfg.Body)
	}
	return err
}

// pair is a compiled key-value entry: a header, a query parameter or a
// form field.
type pair struct {
	name  string
	value nodes.Template
}

// compilePairs compiles a key-value field, in name order so that requests
// and their records are stable.
func compilePairs(b nodes.Builder, field string, m map[string]string) ([]pair, error) {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]pair, 0, len(names))
	for _, name := range names {
		t, err := b.Template(field+"."+name, m[name])
		if err != nil {
			return nil, err
		}
		out = append(out, pair{name: name, value: t})
	}
	return out, nil
}

// runner is one http node of a plan; it holds no per-run state.
type runner struct {
	method     string
	url        nodes.Template
	headers    []pair
	query      []pair
	body       nodes.Template // JSON body; nil for none
	form       []pair         // FORM_DATA body
	authType   string
	credential string
	timeout    time.Duration
	acceptAny  bool
	policy     safehttp.Policy
}

// Run sends the request, retrying as configured, and outputs the answer
// as {status, headers, body}. An answer outside 200-299 is a failure
// unless any status is accepted; the failure's output still holds the
// answer, so an "error" branch can read it.
func (r *runner) Run(ctx context.Context, rc nodes.RunContext) (nodes.Result, error) {
	req, input, err := r.request(ctx, rc)
	if err != nil {
		return nodes.Result{Input: input}, err
	}
	policy := r.policy
	policy.Sleep = rc.Sleep
	hc := rc.HTTPClient()
	reply, attempts, err := policy.Do(ctx, func(ctx context.Context) (*safehttp.Reply, error) {
		return safehttp.Send(ctx, hc, req, r.timeout, MaxResponseBytes)
	})
	res := nodes.Result{Input: input, Attempts: attempts}
	if err != nil {
		return res, r.sendError(req, err, attempts)
	}
	res.Output = appendReply(make([]byte, 0, len(reply.Body)+256), reply)
	if ok := reply.Status >= 200 && reply.Status <= 299; ok || r.acceptAny {
		return res, nil
	}
	err = statusError(req, reply, attempts)
	res.Output = appendError(res.Output, err)
	return res, err
}

// where names a request in messages: method and URL without the query,
// which may carry keys.
func where(req *safehttp.Request) string {
	u, err := url.Parse(req.URL)
	if err != nil {
		return req.Method + " " + req.URL
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	return req.Method + " " + u.String()
}

func (r *runner) sendError(req *safehttp.Request, err error, attempts int) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // the URL is said once, by where
	}
	tries := ""
	if attempts > 1 {
		tries = fmt.Sprintf(" (%d attempts)", attempts)
	}
	var ne net.Error
	switch {
	case errors.Is(err, safehttp.ErrRefused):
		return fmt.Errorf("%s: %w", where(req), err)
	case errors.Is(err, safehttp.ErrResponseTooLarge):
		return fmt.Errorf("%s: the answer is larger than %d MiB, more than this step reads", where(req), MaxResponseBytes>>20)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("%s: no answer within %s%s", where(req), r.timeout, tries)
	}
	return fmt.Errorf("%s: %w%s", where(req), err, tries) // Send put err in plain words
}

// statusError describes an answer outside 200-299, with the start of its
// body, which usually says what was wrong.
func statusError(req *safehttp.Request, reply *safehttp.Reply, attempts int) error {
	msg := fmt.Sprintf("%s answered %d %s", where(req), reply.Status, nethttp.StatusText(reply.Status))
	if excerpt := strings.Join(strings.Fields(string(reply.Body)), " "); excerpt != "" {
		if len(excerpt) > 200 {
			excerpt = strings.ToValidUTF8(excerpt[:200], "") + "…"
		}
		msg += ": " + excerpt
	}
	if attempts > 1 {
		msg += fmt.Sprintf(" (%d attempts)", attempts)
	}
	return errors.New(msg)
}

var (
	_ nodes.BuildFunc = Build
	_ nodes.Runner    = (*runner)(nil)
)
