package intake

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/nodes/webhook"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// Inbox keeps the requests of webhook triggers for Capture Response.
type Inbox interface {
	// DraftWebhook returns the webhook trigger of f's draft: its node id
	// and config. cfg is nil when the config cannot be read, and then any
	// request is taken; ok is false when the draft has no webhook trigger.
	DraftWebhook(f *flows.Flow) (nodeID string, cfg *webhook.Config, ok bool)
	// Record keeps e. With wait it returns once e is stored; without, it
	// must not wait for the store: it runs on the hot path of active flows.
	Record(ctx context.Context, e *store.InboxEntry, wait bool) error
}

// Bounds of what an inbox entry keeps of a request.
const (
	// MaxInboxRawBody bounds the raw body kept as text.
	MaxInboxRawBody = 256 << 10
	// MaxInboxData bounds the request as trigger data; past it the
	// parsed body is left out.
	MaxInboxData = 1 << 20
)

// notRunning is the answer of a flow that does not run and keeps no inbox.
var notRunning = map[string]any{"message": "the flow is not active, so nothing ran; activate it to run on each request"}

// acceptInactive answers a request to a flow that is a draft, paused or
// never published: checked by the draft's trigger (method, size and auth,
// when its config can be read), recorded in the inbox before the answer,
// and answered 200. Nothing runs.
func (s *Service) acceptInactive(ctx context.Context, f *flows.Flow, req webhook.Request, now time.Time) (*Answer, error) {
	if s.Inbox == nil {
		return jsonAnswer(200, notRunning), nil
	}
	nodeID, cfg, ok := s.Inbox.DraftWebhook(f)
	if !ok {
		return jsonAnswer(200, notRunning), nil
	}
	if err := s.checkDraft(cfg, f.ID, req, now); err != nil {
		return nil, err
	}
	trigger, err := buildTrigger(req, cfg)
	if err != nil {
		return nil, err
	}
	e := newInboxEntry(f.ID, nodeID, req, cfg, trigger, now)
	if err := s.Inbox.Record(ctx, e, true); err != nil {
		s.logWarn("record an inbox entry", f.ID, err)
		return nil, &Error{Status: 503, Message: "the request could not be recorded; send it again", RetryAfter: time.Second}
	}
	return jsonAnswer(200, map[string]any{"inboxId": e.ID,
		"message": "the request was recorded; the flow is not active, so nothing ran"}), nil
}

// checkDraft applies the draft trigger's rules, or, when its config could
// not be read, only the default body size.
func (s *Service) checkDraft(cfg *webhook.Config, flowID string, req webhook.Request, now time.Time) error {
	if cfg != nil {
		return s.check(cfg, flowID, req, now)
	}
	if limit := int64(webhook.DefaultMaxBodyBytes); int64(len(req.Body)) > limit {
		return refuse(413, "the body is %d bytes; this webhook takes at most %d", len(req.Body), limit)
	}
	return nil
}

// keep hands an accepted request of an active flow to the inbox, which
// stores it later: the answer does not wait for it.
func (s *Service) keep(ctx context.Context, flowID string, t *Target, req webhook.Request, r *runs.Run) {
	if s.Inbox == nil || t.TriggerID == "" {
		return
	}
	e := newInboxEntry(flowID, t.TriggerID, req, t.Webhook, r.Trigger, r.CreatedAt)
	e.RunID = r.ID
	if err := s.Inbox.Record(ctx, e, false); err != nil {
		s.logWarn("record an inbox entry", flowID, err)
	}
}

// buildTrigger turns req into trigger data, refusing a body that cannot
// be parsed (400) or whose type is not taken (415). cfg may be nil.
func buildTrigger(req webhook.Request, cfg *webhook.Config) ([]byte, error) {
	secret := ""
	if cfg != nil {
		secret = authHeader(cfg)
	}
	trigger, err := webhook.BuildTrigger(req, secret)
	switch {
	case errors.Is(err, webhook.ErrBadBody):
		return nil, refuse(400, "%s", err.Error())
	case errors.Is(err, webhook.ErrUnsupportedType):
		return nil, refuse(415, "%s", err.Error())
	}
	return trigger, err
}

// newInboxEntry makes the inbox entry of req, whose trigger data is
// trigger. It copies what it keeps of the body, whose buffer the server
// reuses, as text cut at MaxInboxRawBody; trigger data past MaxInboxData
// is kept without its body.
func newInboxEntry(flowID, nodeID string, req webhook.Request, cfg *webhook.Config, trigger []byte, now time.Time) *store.InboxEntry {
	e := &store.InboxEntry{ID: ids.NewSortable("inb", now), FlowID: flowID, NodeID: nodeID, ReceivedAt: now.UTC(), Data: trigger}
	body := req.Body
	if len(body) > MaxInboxRawBody {
		body, e.Truncated = body[:MaxInboxRawBody], true
	}
	e.RawBody = strings.ToValidUTF8(string(body), "\uFFFD")
	if len(trigger) > MaxInboxData {
		req.Body = nil
		e.Data, _ = buildTrigger(req, cfg) // without a body it always builds
		e.Truncated = true
	}
	return e
}

func (s *Service) logWarn(msg, flowID string, err error) {
	if s.Log != nil {
		s.Log.Warn(msg, "flow", flowID, "error", err)
	}
}
