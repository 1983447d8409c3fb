package app

import (
	"context"

	"github.com/hookflow/hookflow/engine"
	"github.com/hookflow/hookflow/engine/capture"
	"github.com/hookflow/hookflow/events/channels"
	"github.com/hookflow/hookflow/events/ingest"
	"github.com/hookflow/hookflow/nodes"
)

// platform is the part of an App that serves the editor's captures and
// samples and takes platform events.
type platform struct {
	Capture  *capture.Service
	Events   *ingest.Service
	Channels *channels.Service
	WhatsApp *ingest.WhatsApp
}

// wirePlatform builds the capture service and the event ingest over the
// app's store, plans, committer and pool, after the intake is set up:
// events start runs the way webhook requests do. It hooks the inbox to
// the intake and the event index to flow changes.
func (a *App) wirePlatform(exec *engine.Executor, o Options) {
	st := a.Store
	a.Capture = &capture.Service{Store: st, Registry: nodes.Default, Exec: exec, Log: o.Log}
	a.Intake.Inbox = a.Capture
	index := &ingest.Index{List: st.ListFlows, Target: a.eventTarget, Log: o.Log}
	a.Events = &ingest.Service{Store: st, Runs: st, Flows: index, Save: a.Commit.Save, Submit: a.Intake.Submit,
		RunInline: a.Pool.Execute, Sink: ingest.NoDeliveries{}, Received: a.Capture.EventReceived,
		Owner: a.Intake.Owner, Lease: a.Intake.Lease, LostAfter: o.Lease, Log: o.Log}
	a.Channels = &channels.Service{Store: st}
	a.WhatsApp = &ingest.WhatsApp{Ingest: a.Events, Seen: st,
		VerifyToken: o.WhatsAppVerifyToken, AppSecret: o.WhatsAppAppSecret}
	changed := a.Flows.Changed
	a.Flows.Changed = func(id string) {
		changed(id)
		index.Changed()
	}
}

// eventTarget returns what the event index keeps of a published flow
// version whose trigger is a platform-event trigger.
func (a *App) eventTarget(ctx context.Context, flowID string, version int) (*ingest.Target, bool, error) {
	p, err := a.plan(ctx, flowID, version)
	if err != nil {
		return nil, false, err
	}
	cfg, ok := p.Event()
	if !ok {
		return nil, false, nil
	}
	return &ingest.Target{FlowID: flowID, Version: version, Event: cfg, InMemory: p.InMemory()}, true, nil
}
