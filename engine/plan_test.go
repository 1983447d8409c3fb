package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookflow/hookflow/engine"
	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/nodes/webhook"
	"github.com/hookflow/hookflow/runs"
)

func TestNewPlan_RefusesInvalidFlows(t *testing.T) {
	t.Parallel()
	flow := `{"nodes": [{"id": "trigger", "type": "webhook", "typeVersion": 1},
	  {"id": "a", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "x", "value": "{{ vars.nope }}"}]}},
	  {"id": "b", "type": "condition", "typeVersion": 1, "config": {"expression": "trigerr.body > 1"}}],
	 "edges": [{"from": "trigger", "to": "a"}, {"from": "a", "to": "b"}, {"from": "b", "port": "true", "to": "a"}]}`
	_, err := enginetest.New(t).TryPlan(flow)
	var ve *flows.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) < 3 {
		t.Fatalf("NewPlan error = %v, want a validation error with every problem", err)
	}
	if _, err := engine.NewPlan(nodes.Default, nil); err == nil {
		t.Error("NewPlan(nil) gave no error")
	}
}

func TestNewPlan_TriggerSettings(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	p := h.Plan(t, `{"nodes": [{"id": "trigger", "type": "webhook", "typeVersion": 1,
	  "config": {"responseMode": "respondNode", "dedupPath": "body.id",
	             "mappings": [{"name": "phone", "path": "body.customer.phone"}]}}], "edges": []}`)
	cfg, ok := p.Webhook()
	if !ok || p.TriggerType() != webhook.Type {
		t.Fatalf("Webhook() = %v, %v; trigger %s", cfg, ok, p.TriggerType())
	}
	if cfg.ResponseTimeout.Std() != 10*time.Second || cfg.Auth != webhook.AuthNone || cfg.MaxBodyBytes != webhook.DefaultMaxBodyBytes ||
		len(cfg.Methods) != 1 || cfg.DedupWindow.Std() != 24*time.Hour || cfg.DedupPath != "body.id" {
		t.Errorf("defaults not filled: %+v", cfg)
	}
	if p.ResponseMode() != webhook.ResponseRespondNode || len(p.Mappings()) != 1 || p.FlowID() != enginetest.FlowID || p.Version() != 1 {
		t.Errorf("mode %s, mappings %v", p.ResponseMode(), p.Mappings())
	}
	if _, ok := p.Event(); ok {
		t.Error("a webhook flow has an event config")
	}

	ev := h.Plan(t, `{"nodes": [{"id": "t", "type": "event", "typeVersion": 1,
	  "config": {"eventTypes": ["NEW_LEAD"], "mappings": [{"name": "phone", "path": "event.data.phone"}]}}], "edges": []}`)
	if cfg, ok := ev.Event(); !ok || cfg.EventTypes[0] != "NEW_LEAD" || ev.ResponseMode() != webhook.ResponseImmediate {
		t.Errorf("event config %+v, mode %s", cfg, ev.ResponseMode())
	}
	run := h.Execute(t, ev, h.NewRun(enginetest.Event("NEW_LEAD", "919876543210", `{"phone": "+91 98"}`)))
	run.RequireSucceeded(t)
	if run.Fields["phone"] != "+91 98" {
		t.Errorf("fields %v", run.Fields)
	}
}

func TestNewPlan_NodeWithoutRuntimeFailsItsStep(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	h.Registry = nodes.NewRegistry()
	webhookSpec, _ := nodes.Default.Latest("webhook")
	h.Registry.Register(*webhookSpec)
	build, _ := nodes.Default.Runtime(webhookSpec.Type, webhookSpec.Version)
	h.Registry.RegisterRuntime(webhookSpec.Type, webhookSpec.Version, build)
	h.Registry.Register(nodes.Spec{Type: "legacy", Version: 1, Kind: nodes.KindAction, Label: "Legacy",
		Description: "A node type whose runtime is not written.", Ports: []nodes.Port{nodes.OutPort()}})
	flow := `{"nodes": [{"id": "trigger", "type": "webhook", "typeVersion": 1},
	  {"id": "old", "type": "legacy", "typeVersion": 1}],
	 "edges": [{"from": "trigger", "to": "old"}]}`
	run := h.Run(t, flow, enginetest.Webhook(`{}`))
	run.RequireFailed(t, "step old: node type legacy has no runtime yet")
}

// TestPlan_ConcurrentRuns runs one plan from many goroutines; with -race
// it checks that a plan and its pooled executions share nothing per run.
func TestPlan_ConcurrentRuns(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	p := h.Plan(t, benchFlow)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				name := fmt.Sprintf("cust-%d-%d", g, i)
				body := `{"wabaNumber": "1", "data": {"customer": {"name": "` + name + `", "phoneNumber": "` + name +
					`", "tags": ["vip"]}, "assignedAgent": {"name": "A", "email": "a@b.c"}}}`
				r := h.NewRun(enginetest.Webhook(body))
				if err := h.Executor.Execute(context.Background(), p, r); err != nil || r.Status != runs.StatusSucceeded {
					t.Errorf("run: %v %s %s", err, r.Status, r.Error)
					return
				}
				var resp struct {
					Body struct{ Customer, RunID string }
				}
				if err := json.Unmarshal(r.Response, &resp); err != nil || resp.Body.Customer != name || resp.Body.RunID != r.ID {
					t.Errorf("run %s answered %s", r.ID, r.Response)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestPlanCache(t *testing.T) {
	t.Parallel()
	v := func(id string, n int) *flows.Version {
		return &flows.Version{FlowID: id, Version: n, Nodes: []flows.Node{{ID: "trigger", Type: "webhook", TypeVersion: 1}}}
	}
	c := engine.NewPlanCache(nodes.Default, 2)
	var loads atomic.Int32
	load := func(id string, n int) func() (*flows.Version, error) {
		return func() (*flows.Version, error) {
			loads.Add(1)
			time.Sleep(time.Millisecond) // let concurrent Gets pile up on one build
			return v(id, n), nil
		}
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	plans := make([]*engine.Plan, 10)
	for i := range plans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			plans[i], _ = c.Get(ctx, "f1", 1, load("f1", 1))
		}()
	}
	wg.Wait()
	for _, p := range plans {
		if p == nil || p != plans[0] {
			t.Fatal("concurrent Gets gave different plans")
		}
	}
	if loads.Load() != 1 {
		t.Errorf("loaded %d times, want 1", loads.Load())
	}

	if _, err := c.Get(ctx, "bad", 1, func() (*flows.Version, error) { return nil, errors.New("gone") }); err == nil {
		t.Error("a failed load gave a plan")
	}
	if _, err := c.Get(ctx, "f1", 2, load("f1", 3)); err == nil {
		t.Error("a load of the wrong version gave a plan")
	}
	if c.Len() != 1 {
		t.Errorf("failed builds are kept: %d entries", c.Len())
	}

	_, _ = c.Get(ctx, "f2", 1, load("f2", 1))
	_, _ = c.Get(ctx, "f1", 1, load("f1", 1)) // f1 is now the most recently used
	_, _ = c.Get(ctx, "f3", 1, load("f3", 1)) // evicts f2
	before := loads.Load()
	_, _ = c.Get(ctx, "f1", 1, load("f1", 1))
	if loads.Load() != before || c.Len() != 2 {
		t.Errorf("the recently used plan was evicted (%d entries)", c.Len())
	}
	c.Forget("f1")
	if c.Len() != 1 {
		t.Errorf("Forget left %d entries", c.Len())
	}
}
