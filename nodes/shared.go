package nodes

import (
	"encoding/json"
	"fmt"
	"time"
)

// Port names that several node types share.
const (
	// PortOut is the single output of most nodes and the port an edge
	// without a port leaves by.
	PortOut = "out"
	// PortError is taken when an action fails, instead of failing the run.
	PortError = "error"
)

// OutPort returns the standard "out" port.
func OutPort() Port { return Port{Name: PortOut, Label: "Out"} }

// ErrorPort returns the standard "error" port of actions.
func ErrorPort() Port { return Port{Name: PortError, Label: "Error", Error: true} }

// Field names of the mappings field that every trigger shares.
const (
	// MappingsFieldName is the name of the mappings field.
	MappingsFieldName = "mappings"
	// MappingNameField is the variable name of one mapping.
	MappingNameField = "name"
	// MappingPathField is the path one mapping reads.
	MappingPathField = "path"
)

// Mapping is one item of a trigger's mappings: the value at Path in the
// trigger's data becomes the run variable vars.<Name>.
type Mapping struct {
	Name string `json:"name"`
	Path string `json:"path"`
}

// MappingsField returns the mappings field of the triggers. Every trigger
// uses the same field so that mapped variables work the same whichever way
// a run starts.
func MappingsField() Field {
	return Field{
		Name:  MappingsFieldName,
		Label: "Field mappings",
		Kind:  FieldList,
		// Each item's name becomes vars.<name> for the rest of the flow.
		DeclaresVars: true,
		Help: "Give names to the fields of the incoming data that later steps use, " +
			"such as customer_number, agent_email or waba_number. Each name becomes a " +
			"variable, written {{ vars.customer_number }} in later steps.",
		Fields: []Field{
			{
				Name:        MappingNameField,
				Label:       "Variable name",
				Kind:        FieldString,
				Required:    true,
				Help:        "The name later steps use: letters, digits and _.",
				Placeholder: "customer_number",
			},
			{
				Name:     MappingPathField,
				Label:    "Field",
				Kind:     FieldPath,
				Required: true,
				Help: "Where the value is in the incoming data. Click a field of the " +
					"captured sample to fill this in.",
				Placeholder: "body.customer.phoneNumber",
			},
		},
	}
}

// Duration is a config value written as a Go duration string such as "30s"
// or "1h30m". It decodes into a time.Duration; an empty string is zero.
type Duration time.Duration

// Std returns d as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// String returns d in Go duration syntax.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalJSON writes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads a duration string. Negative durations are refused:
// no timeout, window or wait can be below zero.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a duration must be a string such as \"30s\" or \"1h30m\": %w", err)
	}
	if s == "" {
		*d = 0
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration %q: use a number with a unit, such as \"30s\" or \"1h30m\"", s)
	}
	if v < 0 {
		return fmt.Errorf("duration %q: must not be negative", s)
	}
	*d = Duration(v)
	return nil
}
