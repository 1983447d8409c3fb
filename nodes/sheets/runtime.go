package sheets

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/option"
	gsheets "google.golang.org/api/sheets/v4"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/internal/safehttp"
	"github.com/hookflow/hookflow/nodes"
)

// How Sheets calls are made: timeouts, 5xx and 429 answers (Google's
// per-minute quotas) are tried again.
const (
	callTimeout = 30 * time.Second
	callRetries = 3
)

// Build builds the sheets node's runtime: the spreadsheet id, values and
// match value templates are compiled once.
func Build(b nodes.Builder) (nodes.Runner, error) {
	var cfg Config
	if err := b.Decode(&cfg); err != nil {
		return nil, err
	}
	r := &runner{credential: cfg.Credential, operation: cfg.Operation, sheet: cfg.Sheet,
		matchColumn: strings.TrimSpace(cfg.MatchColumn), baseURL: strings.TrimSpace(cfg.BaseURL)}
	if r.sheet == "" {
		r.sheet = "Sheet1"
	}
	if r.baseURL != "" && !strings.HasSuffix(r.baseURL, "/") {
		r.baseURL += "/"
	}
	var err error
	if r.spreadsheet, err = b.Template(FieldSpreadsheetID, cfg.SpreadsheetID); err != nil {
		return nil, err
	}
	if r.operation != OpLookup {
		if r.values, err = compileValues(b, cfg.Values); err != nil {
			return nil, err
		}
		if r.operation == OpAppend && len(r.values) == 0 {
			return nil, &nodes.FieldError{Field: FieldValues, Err: errors.New("give at least one column and its value")}
		}
	}
	if r.operation != OpAppend {
		r.matchValue, err = b.Template(FieldMatchValue, cfg.MatchValue)
	}
	return r, err
}

type column struct {
	header string
	value  nodes.Template
}

func compileValues(b nodes.Builder, m map[string]string) ([]column, error) {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]column, 0, len(names))
	for _, name := range names {
		t, err := b.Template(FieldValues+"."+name, m[name])
		if err != nil {
			return nil, err
		}
		out = append(out, column{header: name, value: t})
	}
	return out, nil
}

// runner is one sheets node of a plan; it holds no per-run state.
type runner struct {
	credential  string
	operation   string
	sheet       string
	baseURL     string
	spreadsheet nodes.Template
	values      []column
	matchColumn string
	matchValue  nodes.Template
}

// request is what one run asks of the sheet, rendered.
type request struct {
	spreadsheet string
	values      map[string]string
	matchValue  string
}

// Run renders the request, opens the credential and does the operation.
func (r *runner) Run(ctx context.Context, rc nodes.RunContext) (nodes.Result, error) {
	q, err := r.render(rc)
	if err != nil {
		return nodes.Result{}, err
	}
	input := r.appendInput(nil, q)
	cred, err := rc.Credential(ctx, r.credential)
	if err != nil {
		return nodes.Result{Input: input}, err
	}
	if cred.Type != credentials.TypeGoogle {
		return nodes.Result{Input: input}, fmt.Errorf("credential %q is a %s credential; this step needs a google one", cred.Name, cred.Type)
	}
	s, retry, err := r.open(ctx, rc, cred)
	if err != nil {
		return nodes.Result{Input: input}, err
	}
	var out []byte
	switch r.operation {
	case OpAppend:
		out, err = s.append(ctx, q)
	case OpUpdate:
		out, err = s.update(ctx, q)
	case OpLookup:
		out, err = s.lookup(ctx, q)
	default:
		err = fmt.Errorf("unknown operation %q", r.operation)
	}
	return nodes.Result{Input: input, Output: out, Attempts: 1 + retry.Retries()}, err
}

func (r *runner) render(rc nodes.RunContext) (*request, error) {
	id, err := rc.AppendText(nil, r.spreadsheet)
	if err != nil {
		return nil, fmt.Errorf("spreadsheet id: %w", err)
	}
	q := &request{spreadsheet: strings.TrimSpace(string(id)), values: map[string]string{}}
	if q.spreadsheet == "" {
		return nil, errors.New("the spreadsheet id is empty")
	}
	for _, c := range r.values {
		v, err := rc.AppendText(nil, c.value)
		if err != nil {
			return nil, fmt.Errorf("value of %s: %w", c.header, err)
		}
		q.values[c.header] = string(v)
	}
	if r.matchValue != nil {
		v, err := rc.AppendText(nil, r.matchValue)
		if err != nil {
			return nil, fmt.Errorf("match value: %w", err)
		}
		q.matchValue = strings.TrimSpace(string(v))
	}
	return q, nil
}

// appendInput records what the step asked of the sheet.
func (r *runner) appendInput(dst []byte, q *request) []byte {
	dst = mapping.AppendString(append(dst, `{"operation":`...), r.operation)
	dst = mapping.AppendString(append(dst, `,"spreadsheetId":`...), q.spreadsheet)
	dst = mapping.AppendString(append(dst, `,"sheet":`...), r.sheet)
	dst = mapping.AppendString(append(dst, `,"credential":`...), r.credential)
	if len(r.values) > 0 {
		dst = append(dst, `,"values":{`...)
		for i, c := range r.values {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = mapping.AppendString(append(mapping.AppendString(dst, c.header), ':'), q.values[c.header])
		}
		dst = append(dst, '}')
	}
	if r.matchValue != nil {
		dst = mapping.AppendString(append(dst, `,"matchColumn":`...), r.matchColumn)
		dst = mapping.AppendString(append(dst, `,"matchValue":`...), q.matchValue)
	}
	return append(dst, '}')
}

// open makes the Sheets client of this step: the guarded client, with
// retries, under the credential's OAuth tokens.
func (r *runner) open(ctx context.Context, rc nodes.RunContext, cred *credentials.Resolved) (*sheet, *safehttp.RetryTransport, error) {
	base := rc.HTTPClient()
	retry := &safehttp.RetryTransport{Base: base.Transport, Policy: safehttp.Policy{Retries: callRetries,
		OnTimeout: true, On5xx: true, On429: true, Sleep: rc.Sleep}}
	hc := &http.Client{
		Transport:     &oauth2.Transport{Source: cred.TokenSource(ctx), Base: retry},
		CheckRedirect: base.CheckRedirect,
		Timeout:       callTimeout * (callRetries + 1),
	}
	opts := []option.ClientOption{option.WithHTTPClient(hc)}
	if r.baseURL != "" {
		opts = append(opts, option.WithEndpoint(r.baseURL))
	}
	svc, err := gsheets.NewService(ctx, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("make the Google Sheets client: %w", err)
	}
	s := &sheet{svc: svc, name: r.sheet, op: r.operation, matchColumn: r.matchColumn,
		idem: rc.RunID() + ":" + rc.NodeID(), account: cred.Field(credentials.FieldClientEmail)}
	return s, retry, nil
}

var (
	_ nodes.BuildFunc = Build
	_ nodes.Runner    = (*runner)(nil)
)
