// Package intake accepts webhook requests durably: it checks size, method,
// auth, rate and dedup, stores the run as queued with its trigger data in a
// group commit, and only then answers — at once (immediate mode) or with
// the run's answer (sync modes) within the trigger's timeout. It also
// starts replays and resumes, which enter the same way.
package intake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/nodes/webhook"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// Service is the intake. Create it with New.
type Service struct {
	Store store.Runs
	// Target returns what the intake needs of a published flow version
	// (from the plan cache).
	Target func(ctx context.Context, flowID string, version int) (*Target, error)
	// RunInline executes a run of an in-memory flow on the caller's
	// goroutine, leaving it finished.
	RunInline func(ctx context.Context, r *runs.Run) error
	Save      func(ctx context.Context, rs ...*runs.Run) error
	Submit    func(r *runs.Run)
	Owner     string
	Lease     time.Duration
	// LostAfter is how long after a request was accepted its run may be
	// missing from the store while its first copy is still being
	// recorded (the lease; 30s if zero). A repeat of the request that
	// finds no run past it takes the first copy as lost with its process
	// and stores the run again.
	LostAfter time.Duration
	Now       func() time.Time
	Log       *slog.Logger

	// Inbox, when set, keeps the requests of webhook triggers for
	// Capture Response, and lets flows that do not run record them.
	Inbox Inbox

	flows   *flowCache
	limits  limiter
	waiting waiters
}

// New returns an intake over the flows store; set the other fields before use.
func New(fs store.Flows) *Service {
	return &Service{flows: &flowCache{store: fs, ttl: time.Second}}
}

// Target is a published flow version as the intake sees it.
type Target struct {
	// TriggerID is the id of the webhook trigger node.
	TriggerID string
	Webhook   *webhook.Config
	// InMemory: every node runs in memory, so the run executes inside the
	// request and is written once, finished, before the answer.
	InMemory bool
}

// Answer is what the webhook caller gets.
type Answer struct {
	Status  int
	Headers map[string]string
	// Body is JSON unless ContentType says otherwise.
	Body        []byte
	ContentType string
}

// Error is a refusal with the status and message the caller gets.
type Error struct {
	Status     int
	Message    string
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Message }

func refuse(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Done hands a finished or waiting run to a caller waiting for its answer.
func (s *Service) Done(r *runs.Run) { s.waiting.notify(r) }

// FlowChanged makes the intake read flows again, after this process changed one.
func (s *Service) FlowChanged() { s.flows.forget() }

// Accept handles one request to /hook/{token}.
func (s *Service) Accept(ctx context.Context, token string, req webhook.Request) (*Answer, error) {
	now := s.now()
	f, err := s.flows.get(ctx, token, now)
	if errors.Is(err, store.ErrNotFound) {
		return nil, refuse(404, "no flow has this webhook URL; copy the URL again from the flow's trigger")
	}
	if err != nil {
		return nil, fmt.Errorf("look up webhook token: %w", err)
	}
	if f.Status != flows.StatusActive || f.Version == 0 {
		return s.acceptInactive(ctx, f, req, now)
	}
	target, err := s.Target(ctx, f.ID, f.Version)
	if err != nil {
		return nil, fmt.Errorf("load flow %s version %d: %w", f.ID, f.Version, err)
	}
	cfg := target.Webhook
	if err := s.check(cfg, f.ID, req, now); err != nil {
		return nil, err
	}
	trigger, err := buildTrigger(req, cfg)
	if err != nil {
		return nil, err
	}
	r := &runs.Run{ID: ids.NewSortable("run", now), FlowID: f.ID, Version: f.Version, Status: runs.StatusQueued,
		Trigger: trigger, CreatedAt: now.UTC(), Owner: s.Owner, LeaseUntil: now.Add(s.Lease)}
	if dup, err := s.dedup(ctx, cfg, f.ID, r, req, now); dup != nil || err != nil {
		return dup, err
	}
	s.keep(ctx, f.ID, target, req, r)
	if target.InMemory {
		return s.runInline(ctx, cfg, r)
	}
	return s.start(ctx, cfg, r)
}

// runInline executes r now and writes it once, finished; the answer waits
// for that write, so an accepted request is as durable as a queued one.
func (s *Service) runInline(ctx context.Context, cfg *webhook.Config, r *runs.Run) (*Answer, error) {
	r.Attempt, r.StartedAt, r.Status = 1, r.CreatedAt, runs.StatusRunning
	if err := s.RunInline(ctx, r); err != nil {
		r.Status, r.Error = runs.StatusFailed, err.Error()
	}
	r.Owner, r.LeaseUntil = "", time.Time{}
	if err := s.Save(ctx, r); err != nil {
		return nil, &Error{Status: 503, Message: "the request could not be recorded, so it was not accepted; send it again", RetryAfter: time.Second}
	}
	accepted := jsonAnswer(202, map[string]any{"runId": r.ID})
	if cfg.ResponseMode == webhook.ResponseLastNode || cfg.ResponseMode == webhook.ResponseRespondNode {
		return runAnswer(r, accepted), nil
	}
	return accepted, nil
}

// check applies the trigger's method, size, auth and rate rules.
func (s *Service) check(cfg *webhook.Config, flowID string, req webhook.Request, now time.Time) error {
	if !methodAllowed(cfg, req.Method) {
		return refuse(405, "this webhook does not take %s requests; it takes %v", req.Method, allowedMethods(cfg))
	}
	if limit := maxBody(cfg); int64(len(req.Body)) > limit {
		return refuse(413, "the body is %d bytes; this webhook takes at most %d", len(req.Body), limit)
	}
	in := webhook.Inbound{Header: header(req.Headers), Body: req.Body, Now: now}
	if err := cfg.Authenticate(in); err != nil {
		return refuse(401, "%s", err.Error())
	}
	if ok, wait := s.limits.allow(flowID, cfg.RateLimit, now); !ok {
		e := refuse(429, "this webhook takes at most %d requests a second; retry after %s", cfg.RateLimit, wait.Round(time.Millisecond))
		e.RetryAfter = wait
		return e
	}
	return nil
}

// dedup answers a repeat of a request seen within the window with the
// first run's id, and starts nothing. The dedup record is written before
// the run, so a repeat may find a record whose run is not stored: the
// first copy is still being recorded, or its process died before it was.
// The first case is answered 503 (send it again); past LostAfter it is
// the second, and the repeat stores the run under the recorded id.
func (s *Service) dedup(ctx context.Context, cfg *webhook.Config, flowID string, r *runs.Run, req webhook.Request, now time.Time) (*Answer, error) {
	key := ""
	switch {
	case cfg.DedupPath != "":
		key = gjson.GetBytes(r.Trigger, cfg.DedupPath).String()
	case cfg.DedupHeader != "":
		key = header(req.Headers)(cfg.DedupHeader)
	}
	if key == "" {
		return nil, nil
	}
	window := cfg.DedupWindow.Std()
	if window <= 0 {
		window = 24 * time.Hour
	}
	existing, err := s.Store.PutDedup(ctx, flowID, key, r.ID, now, now.Add(window))
	if err != nil {
		return nil, fmt.Errorf("record dedup key: %w", err)
	}
	if existing == "" {
		return nil, nil
	}
	_, err = s.Store.GetRun(ctx, existing)
	switch {
	case err == nil:
		return jsonAnswer(200, map[string]any{"runId": existing, "duplicate": true,
			"message": "this request was received before; no second run was started"}), nil
	case !errors.Is(err, store.ErrNotFound):
		return nil, fmt.Errorf("read the run of a repeated request: %w", err)
	}
	lostAfter := s.LostAfter
	if lostAfter <= 0 {
		lostAfter = 30 * time.Second
	}
	if at, ok := ids.SortableTime(existing); !ok || now.Sub(at) < lostAfter {
		return nil, &Error{Status: 503, RetryAfter: time.Second,
			Message: "the first copy of this request is still being recorded; send it again in a second"}
	}
	return s.recover(ctx, r, existing)
}

// recover stores r under id, the run of a first copy of the request that
// was lost, held by no process, so that exactly one worker claims it; it
// is not run here, since a repeat of the repeat could be doing the same.
func (s *Service) recover(ctx context.Context, r *runs.Run, id string) (*Answer, error) {
	r.ID, r.Owner, r.LeaseUntil = id, "", time.Time{}
	if err := s.Save(ctx, r); err != nil {
		return nil, &Error{Status: 503, Message: "the request could not be recorded, so it was not accepted; send it again", RetryAfter: time.Second}
	}
	if s.Log != nil {
		s.Log.Info("stored the run of a request whose first copy was lost", "run", id, "flow", r.FlowID)
	}
	return jsonAnswer(202, map[string]any{"runId": id}), nil
}

// start stores r durably, queues it, and answers per the response mode.
func (s *Service) start(ctx context.Context, cfg *webhook.Config, r *runs.Run) (*Answer, error) {
	sync := cfg.ResponseMode == webhook.ResponseLastNode || cfg.ResponseMode == webhook.ResponseRespondNode
	var wait chan *runs.Run
	if sync {
		wait = s.waiting.add(r.ID)
		defer s.waiting.remove(r.ID)
	}
	if err := s.Save(ctx, r); err != nil {
		return nil, &Error{Status: 503, Message: "the request could not be recorded, so it was not accepted; send it again", RetryAfter: time.Second}
	}
	s.Submit(r)
	accepted := jsonAnswer(202, map[string]any{"runId": r.ID})
	if !sync {
		return accepted, nil
	}
	timeout := cfg.ResponseTimeout.Std()
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case done := <-wait:
		return runAnswer(done, accepted), nil
	case <-t.C:
		return accepted, nil
	case <-ctx.Done():
		return accepted, nil
	}
}

// runAnswer turns a run's recorded response into the caller's answer.
func runAnswer(r *runs.Run, fallback *Answer) *Answer {
	if len(r.Response) == 0 {
		if r.Status == runs.StatusFailed {
			return jsonAnswer(500, map[string]any{"runId": r.ID, "message": "the flow failed: " + r.Error})
		}
		return fallback
	}
	var resp struct {
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	}
	if err := json.Unmarshal(r.Response, &resp); err != nil {
		return fallback
	}
	a := &Answer{Status: resp.Status, Headers: resp.Headers, Body: resp.Body, ContentType: "application/json"}
	if a.Status == 0 {
		a.Status = 200
	}
	if s := gjson.ParseBytes(resp.Body); s.Type == gjson.String {
		a.Body, a.ContentType = []byte(s.Str), "text/plain; charset=utf-8"
	}
	if len(a.Body) == 0 {
		a.Body = []byte("null")
	}
	return a
}

func jsonAnswer(status int, v any) *Answer {
	b, _ := json.Marshal(v)
	return &Answer{Status: status, Body: b, ContentType: "application/json"}
}
