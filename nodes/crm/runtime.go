package crm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"

	"github.com/hookflow/hookflow/nodes"
)

// provider is one CRM's way of doing the node's operations. A provider
// is made per step, around an api holding that step's credential.
type provider interface {
	upsertContact(ctx context.Context, q *query) (*outcome, error)
	setOwner(ctx context.Context, q *query) (*outcome, error)
	addNote(ctx context.Context, q *query) (*outcome, error)
}

// query is what one run asks of the CRM, rendered.
type query struct {
	object     string // ObjectContact or ObjectLead
	phone      string
	email      string
	properties map[string]string // empty values left out
	ownerEmail string
	note       string
	now        time.Time
}

// describe says how the record is looked for: "phone +91...".
func (q *query) describe() string {
	var parts []string
	if q.phone != "" {
		parts = append(parts, "phone "+q.phone)
	}
	if q.email != "" {
		parts = append(parts, "email "+q.email)
	}
	return strings.Join(parts, " or ")
}

// record returns q's properties with its phone and email under the
// provider's field names, and extra over them.
func (q *query) record(phoneKey, emailKey string, extra map[string]string) map[string]string {
	out := make(map[string]string, len(q.properties)+2+len(extra))
	maps.Copy(out, q.properties)
	if q.phone != "" {
		out[phoneKey] = q.phone
	}
	if q.email != "" {
		out[emailKey] = q.email
	}
	maps.Copy(out, extra)
	return out
}

// outcome is what an operation did.
type outcome struct {
	ID      string
	Created bool
	OwnerID string
	NoteID  string
}

// output is the node's output.
type output struct {
	Provider  string `json:"provider"`
	Operation string `json:"operation"`
	Object    string `json:"object"`
	ID        string `json:"id"`
	Created   bool   `json:"created"`
	OwnerID   string `json:"ownerId,omitempty"`
	NoteID    string `json:"noteId,omitempty"`
}

// Build builds the crm node's runtime: the match, properties, owner email
// and note templates are compiled once.
func Build(b nodes.Builder) (nodes.Runner, error) {
	var cfg Config
	if err := b.Decode(&cfg); err != nil {
		return nil, err
	}
	r := &runner{provider: cfg.Provider, operation: cfg.Operation, object: cfg.Object, credential: cfg.Credential,
		baseURL: strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")}
	var err error
	for _, key := range sortedKeys(cfg.Match) {
		if key != MatchPhone && key != MatchEmail {
			return nil, &nodes.FieldError{Field: FieldMatch, Err: fmt.Errorf("unknown key %q: use phone and email", key)}
		}
	}
	if r.match, err = compileMap(b, FieldMatch, cfg.Match); err != nil {
		return nil, err
	}
	if len(r.match) == 0 {
		return nil, &nodes.FieldError{Field: FieldMatch, Err: errors.New("give a phone or an email to find the record by")}
	}
	if r.properties, err = compileMap(b, FieldProperties, cfg.Properties); err != nil {
		return nil, err
	}
	if r.operation == OpSetOwner {
		r.ownerEmail, err = b.Template(FieldOwnerEmail, cfg.OwnerEmail)
	}
	if r.operation == OpAddNote {
		r.note, err = b.Template(FieldNote, cfg.Note)
	}
	return r, err
}

type field struct {
	name  string
	value nodes.Template
}

func compileMap(b nodes.Builder, name string, m map[string]string) ([]field, error) {
	out := make([]field, 0, len(m))
	for _, key := range sortedKeys(m) {
		t, err := b.Template(name+"."+key, m[key])
		if err != nil {
			return nil, err
		}
		out = append(out, field{name: key, value: t})
	}
	return out, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// runner is one crm node of a plan; it holds no per-run state.
type runner struct {
	provider   string
	operation  string
	object     string
	credential string
	baseURL    string
	match      []field
	properties []field
	ownerEmail nodes.Template
	note       nodes.Template
}

// Run renders the query, opens the credential and does the operation.
func (r *runner) Run(ctx context.Context, rc nodes.RunContext) (nodes.Result, error) {
	q, err := r.render(rc)
	if err != nil {
		return nodes.Result{}, err
	}
	input := r.appendInput(q)
	p, a, err := r.open(ctx, rc)
	if err != nil {
		return nodes.Result{Input: input}, err
	}
	var o *outcome
	switch r.operation {
	case OpUpsertContact:
		o, err = p.upsertContact(ctx, q)
	case OpSetOwner:
		o, err = p.setOwner(ctx, q)
	case OpAddNote:
		o, err = p.addNote(ctx, q)
	default:
		err = fmt.Errorf("unknown operation %q", r.operation)
	}
	res := nodes.Result{Input: input, Attempts: 1 + a.retries}
	if err != nil {
		return res, err
	}
	res.Output, err = json.Marshal(output{Provider: r.provider, Operation: r.operation, Object: q.object,
		ID: o.ID, Created: o.Created, OwnerID: o.OwnerID, NoteID: o.NoteID})
	return res, err
}

// render renders the run's query from the compiled templates.
func (r *runner) render(rc nodes.RunContext) (*query, error) {
	q := &query{object: r.object, properties: map[string]string{}, now: rc.Now()}
	if q.object == "" {
		q.object = ObjectContact
	}
	for _, f := range r.match {
		v, err := text(rc, f.value)
		if err != nil {
			return nil, fmt.Errorf("match %s: %w", f.name, err)
		}
		if f.name == MatchPhone {
			q.phone = v
		} else {
			q.email = v
		}
	}
	if q.phone == "" && q.email == "" {
		return nil, errors.New("the phone and email to find the record by are both empty")
	}
	for _, f := range r.properties {
		v, err := text(rc, f.value)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f.name, err)
		}
		if v != "" {
			q.properties[f.name] = v
		}
	}
	var err error
	if r.ownerEmail != nil {
		if q.ownerEmail, err = text(rc, r.ownerEmail); err == nil && q.ownerEmail == "" {
			err = errors.New("the agent email is empty")
		}
	}
	if r.note != nil && err == nil {
		if q.note, err = text(rc, r.note); err == nil && q.note == "" {
			err = errors.New("the note is empty")
		}
	}
	return q, err
}

func text(rc nodes.RunContext, t nodes.Template) (string, error) {
	b, err := rc.AppendText(nil, t)
	return strings.TrimSpace(string(b)), err
}

// appendInput records what the step asked of the CRM.
func (r *runner) appendInput(q *query) []byte {
	in := map[string]any{"provider": r.provider, "operation": r.operation, "object": q.object,
		"credential": r.credential, "match": map[string]string{MatchPhone: q.phone, MatchEmail: q.email}}
	if len(q.properties) > 0 {
		in["properties"] = q.properties
	}
	if q.ownerEmail != "" {
		in["ownerEmail"] = q.ownerEmail
	}
	if q.note != "" {
		in["note"] = q.note
	}
	if r.baseURL != "" {
		in["baseUrl"] = r.baseURL
	}
	b, _ := json.Marshal(in) // strings only: cannot fail
	return b
}

// open opens the credential and makes the provider of this step.
func (r *runner) open(ctx context.Context, rc nodes.RunContext) (provider, *api, error) {
	cred, err := rc.Credential(ctx, r.credential)
	if err != nil {
		return nil, nil, err
	}
	if cred.Type != r.provider {
		return nil, nil, fmt.Errorf("credential %q is a %s credential; this step needs a %s one", cred.Name, cred.Type, r.provider)
	}
	a := &api{hc: rc.HTTPClient(), sleep: rc.Sleep, idem: rc.RunID() + ":" + rc.NodeID(), cred: cred}
	switch r.provider {
	case ProviderHubSpot:
		return newHubSpot(a, r.baseURL), a, nil
	case ProviderZoho:
		return newZoho(a, r.baseURL), a, nil
	case ProviderSalesforce:
		return newSalesforce(a, r.baseURL), a, nil
	}
	return nil, nil, fmt.Errorf("unknown CRM %q", r.provider)
}

var (
	_ nodes.BuildFunc = Build
	_ nodes.Runner    = (*runner)(nil)
)
