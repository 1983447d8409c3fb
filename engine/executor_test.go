package engine_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookflow/hookflow/engine"
	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/runs"
)

// flaky is a test node type that fails while fails is above zero, and
// counts its runs.
type flaky struct {
	fails atomic.Int32
	calls atomic.Int32
}

func (f *flaky) register(t *testing.T, h *enginetest.Harness) {
	spec := nodes.Spec{Type: "flaky", Version: 1, Kind: nodes.KindAction, Label: "Flaky",
		Description: "Fails on demand.", Ports: []nodes.Port{nodes.OutPort(), nodes.ErrorPort()}}
	h.Register(t, spec, func(nodes.Builder) (nodes.Runner, error) { return f, nil })
}

func (f *flaky) Run(context.Context, nodes.RunContext) (nodes.Result, error) {
	f.calls.Add(1)
	if f.fails.Add(-1) >= 0 {
		return nodes.Result{}, errors.New("the service said no")
	}
	return nodes.Result{Output: []byte(`{"ok":true}`)}, nil
}

const pipeline = `{"nodes": [
  {"id": "trigger", "type": "webhook", "typeVersion": 1, "config": {"mappings": [{"name": "who", "path": "body.who"}]}},
  {"id": "before", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "greeting", "value": "hi {{ vars.who }}"}]}},
  {"id": "call", "type": "flaky", "typeVersion": 1},
  {"id": "after", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "done", "value": "{{ vars.greeting }}: {{ nodes.call.ok }}"}]}}],
 "edges": [{"from": "trigger", "to": "before"}, {"from": "before", "to": "call"}, {"from": "call", "to": "after"}]}`

func TestExecute_SkipReasons(t *testing.T) {
	t.Parallel()
	flow := `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1},
	  {"id": "vip", "type": "condition", "typeVersion": 1, "config": {"expression": "trigger.body.vip"}},
	  {"id": "yes", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "a", "value": "yes"}]}},
	  {"id": "no", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "a", "value": "no"}]}},
	  {"id": "afterYes", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "b", "value": "x"}]}},
	  {"id": "join", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "c", "value": "{{ vars.a }}"}]}},
	  {"id": "alone", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "d", "value": "x"}]}}],
	 "edges": [{"from": "trigger", "to": "vip"}, {"from": "vip", "port": "true", "to": "yes"},
	           {"from": "vip", "port": "false", "to": "no"}, {"from": "yes", "to": "afterYes"},
	           {"from": "yes", "to": "join"}, {"from": "no", "to": "join"}]}`
	run := enginetest.New(t).Run(t, flow, enginetest.Webhook(`{"vip": false}`))
	run.RequireSucceeded(t)
	want := map[string]string{
		"yes":      "condition vip took false",
		"afterYes": "all inputs skipped",
		"alone":    "no edge leads to this node",
	}
	for _, st := range run.Steps {
		reason, skipped := want[st.NodeID]
		if skipped != (st.Status == runs.StepSkipped) || st.Reason != reason {
			t.Errorf("%s: %s %q, want skipped=%v %q", st.NodeID, st.Status, st.Reason, skipped, reason)
		}
	}
	if got := run.Var(t, "c").String(); got != "no" {
		t.Errorf("join ran with vars.a = %q, want no", got)
	}
	var order []string
	for _, st := range run.Steps {
		order = append(order, st.NodeID)
	}
	if got := strings.Join(order, ","); got != "trigger,vip,yes,no,afterYes,join,alone" {
		t.Errorf("steps in order %s", got)
	}
}

func TestExecute_ErrorPort(t *testing.T) {
	t.Parallel()
	flow := `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1},
	  {"id": "call", "type": "http", "typeVersion": 1, "config": {"url": "http://10.0.0.1/hook"}},
	  {"id": "ok", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "r", "value": "ok"}]}},
	  {"id": "oops", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "r", "value": "{{ nodes.call.error }}"}]}}],
	 "edges": [{"from": "trigger", "to": "call"}, {"from": "call", "to": "ok"}, {"from": "call", "port": "error", "to": "oops"}]}`
	run := enginetest.New(t).Run(t, flow, enginetest.Webhook(`{}`))
	run.RequireSucceeded(t)
	st := run.Step(t, "call")
	// The executor's default client refuses private addresses.
	const refusal = "POST http://10.0.0.1/hook: refused to connect to 10.0.0.1: private address; " +
		"add its network to HOOKFLOW_ALLOW_NETWORKS to allow it"
	if st.Status != runs.StepFailed || st.Port != "error" || st.Error != refusal {
		t.Fatalf("call step = %s port %q error %q", st.Status, st.Port, st.Error)
	}
	if got := run.Var(t, "r").String(); got != refusal {
		t.Errorf("the error branch saw %q", got)
	}
	if st := run.Step(t, "ok"); st.Reason != "http call took error" {
		t.Errorf("ok step: %s %q", st.Status, st.Reason)
	}
}

func TestExecute_FailureFailsTheRun(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	f := &flaky{}
	f.register(t, h)
	f.fails.Store(1)
	run := h.Run(t, pipeline, enginetest.Webhook(`{"who": "Asha"}`))
	run.RequireFailed(t, "step call: the service said no")
	if st := run.Step(t, "call"); st.Status != runs.StepFailed || st.Error != "the service said no" || st.Port != "" {
		t.Errorf("call step = %s %q port %q", st.Status, st.Error, st.Port)
	}
	if st := run.Step(t, "after"); st.Status != runs.StepSkipped || st.Reason != "the run failed at node call" {
		t.Errorf("after step = %s %q", st.Status, st.Reason)
	}
	if run.FinishedAt.IsZero() {
		t.Error("a failed run has no FinishedAt")
	}
}

func TestExecute_ResumeFromFailedNode(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	f := &flaky{}
	f.register(t, h)
	f.fails.Store(1)
	run := h.Run(t, pipeline, enginetest.Webhook(`{"who": "Asha"}`))
	run.RequireFailed(t, "the service said no")
	before := *run.Step(t, "before")

	// What the intake's Resume does.
	h.Clock.Advance(time.Hour)
	run.Status, run.Error, run.ResumeFrom, run.FinishedAt = runs.StatusQueued, "", "call", time.Time{}
	run.Continue(t).RequireSucceeded(t)

	if st := run.Step(t, "before"); !st.StartedAt.Equal(before.StartedAt) {
		t.Error("the node before the resumed one ran again")
	}
	if st := run.Step(t, "call"); st.Status != runs.StepSucceeded || st.Attempts != 2 {
		t.Errorf("call step = %s after %d attempts, want succeeded after 2", st.Status, st.Attempts)
	}
	if got := run.Var(t, "done").String(); got != "hi Asha: true" {
		t.Errorf("vars.done = %q: restored variables or outputs were lost", got)
	}
	if f.calls.Load() != 2 || run.Error != "" {
		t.Errorf("%d calls, error %q", f.calls.Load(), run.Error)
	}
}

func TestExecute_ContinueAfterCrash(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	f := &flaky{}
	f.register(t, h)
	done := h.Run(t, pipeline, enginetest.Webhook(`{"who": "Asha"}`))
	done.RequireSucceeded(t)

	// A process recorded trigger, before and call, then died.
	r := h.NewRun(done.Trigger)
	r.Status, r.Steps = runs.StatusRunning, append([]runs.Step(nil), done.Steps[:3]...)
	run := h.Execute(t, done.Plan, r)
	run.RequireSucceeded(t)
	if f.calls.Load() != 1 {
		t.Errorf("the recorded call ran again: %d calls", f.calls.Load())
	}
	if got := run.Var(t, "done").String(); got != "hi Asha: true" {
		t.Errorf("vars.done = %q", got)
	}
	if run.Fields["who"] != "Asha" {
		t.Errorf("fields = %v, want them from the recorded trigger step", run.Fields)
	}
}

func TestExecute_FinishedRunFailsAgainWithoutRunning(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	f := &flaky{}
	f.register(t, h)
	f.fails.Store(1)
	run := h.Run(t, pipeline, enginetest.Webhook(`{"who": "Asha"}`))
	run.Continue(t).RequireFailed(t, "the service said no")
	if f.calls.Load() != 1 {
		t.Errorf("%d calls; a failed step must not run again without a resume", f.calls.Load())
	}
}

func TestExecute_Refusals(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	p := h.Plan(t, pipelineWithoutFlaky)
	r := h.NewRun(enginetest.Webhook(`{}`))
	r.Version = 2
	if err := h.Executor.Execute(context.Background(), p, r); err == nil {
		t.Error("a run of another version executed")
	}
	r = h.NewRun(enginetest.Webhook(`{}`))
	r.ResumeFrom = "nope"
	if err := h.Executor.Execute(context.Background(), p, r); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("resume from an unknown node: %v", err)
	}
}

const pipelineWithoutFlaky = `{"nodes": [{"id": "trigger", "type": "webhook", "typeVersion": 1},
  {"id": "a", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "a", "value": "1"}]}}],
 "edges": [{"from": "trigger", "to": "a"}]}`

func TestExecute_StopsWhenContextEnds(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	p := h.Plan(t, pipelineWithoutFlaky)
	r := h.NewRun(enginetest.Webhook(`{}`))
	ctx, cancel := context.WithCancel(context.Background())
	steps := 0
	h.Executor.OnStep = func(_ *runs.Run, s *runs.Step) {
		steps++
		cancel()
	}
	if err := h.Executor.Execute(ctx, p, r); err != nil {
		t.Fatal(err)
	}
	if r.Status != runs.StatusRunning || len(r.Steps) != 1 || steps != 1 {
		t.Fatalf("run %s with %d steps; want running with the trigger's step", r.Status, len(r.Steps))
	}
	h.Executor.OnStep = nil
	h.Execute(t, p, r).RequireSucceeded(t)
}

func TestExecute_LastNodeResponse(t *testing.T) {
	t.Parallel()
	flow := `{"nodes": [{"id": "trigger", "type": "webhook", "typeVersion": 1, "config": {"responseMode": "lastNode"}},
	  {"id": "a", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "n", "value": "{{ trigger.body.n }}"}]}}],
	 "edges": [{"from": "trigger", "to": "a"}]}`
	run := enginetest.New(t).Run(t, flow, enginetest.Webhook(`{"n": 4}`))
	run.RequireSucceeded(t)
	if got := string(run.Response); got != `{"status":200,"headers":{},"body":{"n":4}}` {
		t.Errorf("response %s", got)
	}
}

func TestExecute_RedactsSecrets(t *testing.T) {
	t.Parallel()
	flow := `{"nodes": [{"id": "trigger", "type": "webhook", "typeVersion": 1,
	  "config": {"auth": "basic", "username": "u", "password": "hunter2"}}], "edges": []}`
	run := enginetest.New(t).Run(t, flow, enginetest.Webhook(`{}`))
	in := string(run.Step(t, "trigger").Input)
	if strings.Contains(in, "hunter2") || !strings.Contains(in, engine.Redacted) {
		t.Errorf("input %s shows the secret", in)
	}
}
