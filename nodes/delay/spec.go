// Package delay registers the delay node: it pauses the run for a duration
// or until a point in time. The wait is durable: the run is stored when it
// starts waiting, so a restart does not lose it.
package delay

import "github.com/hookflow/hookflow/nodes"

// Type and Version identify this node type in a flow.
const (
	Type    = "delay"
	Version = 1
)

// Field names of the delay config.
const (
	FieldMode     = "mode"
	FieldDuration = "duration"
	FieldUntil    = "until"
)

// Values of the mode field.
const (
	ModeDuration = "duration"
	ModeUntil    = "until"
)

// Config is the decoded config of a delay node.
type Config struct {
	Mode     string         `json:"mode"`
	Duration nodes.Duration `json:"duration"`
	// Until is an RFC 3339 time once its templates are rendered.
	Until string `json:"until"`
}

func init() {
	nodes.Register(Spec())
	nodes.RegisterRuntime(Type, Version, Build)
}

// Spec returns the spec of the delay node.
func Spec() nodes.Spec {
	return nodes.Spec{
		Type:    Type,
		Version: Version,
		Kind:    nodes.KindLogic,
		Label:   "Delay",
		Description: "Waits for a while, or until a given time, then continues. The wait " +
			"survives a restart.",
		Ports: []nodes.Port{nodes.OutPort()},
		Fields: []nodes.Field{
			{
				Name:    FieldMode,
				Label:   "Wait",
				Kind:    nodes.FieldSelect,
				Help:    "Wait for a fixed time, or until a moment taken from the run's data.",
				Default: ModeDuration,
				Options: []nodes.Option{
					{Value: ModeDuration, Label: "For a duration"},
					{Value: ModeUntil, Label: "Until a time"},
				},
			},
			{
				Name: FieldDuration, Label: "Duration", Kind: nodes.FieldDuration, Required: true,
				Help:        "How long to wait, such as 30s, 15m, 2h or 1h30m.",
				Placeholder: "15m",
				When:        &nodes.Condition{Field: FieldMode, Equals: []string{ModeDuration}},
			},
			{
				Name: FieldUntil, Label: "Until", Kind: nodes.FieldString, Required: true, Templates: true,
				Help: "The time to continue at, with its time zone, such as " +
					"2025-01-31T09:00:00+05:30; may come from a template. A time in the " +
					"past continues at once.",
				Placeholder: "{{ vars.follow_up_at }}",
				When:        &nodes.Condition{Field: FieldMode, Equals: []string{ModeUntil}},
			},
		},
	}
}
