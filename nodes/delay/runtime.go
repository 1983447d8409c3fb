package delay

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/nodes"
)

// Build builds the delay's runtime.
func Build(b nodes.Builder) (nodes.Runner, error) {
	var cfg Config
	if err := b.Decode(&cfg); err != nil {
		return nil, err
	}
	r := &runner{duration: cfg.Duration.Std()}
	if cfg.Mode == ModeUntil {
		t, err := b.Template(FieldUntil, cfg.Until)
		if err != nil {
			return nil, err
		}
		r.until = t
	}
	return r, nil
}

// runner decides, each time it runs, whether the wait is over. The engine
// runs it again when the run is continued, with StepStartedAt still the
// first start, so a wait survives a restart without any state here.
type runner struct {
	duration time.Duration
	until    nodes.Template // set in "until" mode
}

func (r *runner) Run(_ context.Context, rc nodes.RunContext) (nodes.Result, error) {
	at, err := r.wakeAt(rc)
	if err != nil {
		return nodes.Result{}, err
	}
	out := append([]byte(`{"until":"`), at.UTC().Format(time.RFC3339Nano)...)
	out = append(out, `"}`...)
	if rc.Now().Before(at) {
		return nodes.Result{Output: out, WaitUntil: at}, nil
	}
	return nodes.Result{Output: out}, nil
}

func (r *runner) wakeAt(rc nodes.RunContext) (time.Time, error) {
	if r.until == nil {
		return rc.StepStartedAt().Add(r.duration), nil
	}
	text, err := rc.AppendText(nil, r.until)
	if err != nil {
		return time.Time{}, err
	}
	at, err := time.Parse(time.RFC3339, string(text))
	if err != nil {
		return time.Time{}, fmt.Errorf("until %q is not a time such as 2025-01-31T09:00:00+05:30", text)
	}
	return at, nil
}

var (
	_ nodes.BuildFunc = Build
	_ nodes.Runner    = (*runner)(nil)
)
