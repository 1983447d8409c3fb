// Package nodes holds the node-type registry and the Spec that describes a
// node type. A spec's field list is the single source of truth: flow
// validation, the UI's forms and the generated node reference all read it.
//
// Node packages (nodes/webhook, nodes/http, ...) register their specs in
// init; nodes/all blank-imports every one of them. Node packages never
// import engine or server.
package nodes

// Kind says where a node type may stand in a flow.
type Kind string

// The node kinds. A flow has exactly one trigger.
const (
	KindTrigger Kind = "trigger"
	KindLogic   Kind = "logic"
	KindAction  Kind = "action"
)

// FieldKind says what a config field holds and how it is validated and
// rendered in the UI.
type FieldKind string

// The field kinds.
const (
	// FieldString is a single-line string; with Templates it may hold {{ }}.
	FieldString FieldKind = "string"
	// FieldText is a multi-line string; with Templates it may hold {{ }}.
	FieldText FieldKind = "text"
	// FieldNumber is a JSON number.
	FieldNumber FieldKind = "number"
	// FieldInteger is a whole JSON number.
	FieldInteger FieldKind = "integer"
	// FieldBool is true or false.
	FieldBool FieldKind = "bool"
	// FieldSelect is one of Options.
	FieldSelect FieldKind = "select"
	// FieldMultiSelect is a list of Options values; with OpenOptions other
	// values are accepted too (event types checked elsewhere, channels).
	FieldMultiSelect FieldKind = "multiselect"
	// FieldDuration is a Go duration string such as "30s" or "1h30m".
	FieldDuration FieldKind = "duration"
	// FieldExpression is an expr expression over the run context.
	FieldExpression FieldKind = "expression"
	// FieldPath is a gjson path into the run context.
	FieldPath FieldKind = "path"
	// FieldKeyValue is an object of string keys to (template) strings:
	// headers, query parameters, form fields.
	FieldKeyValue FieldKind = "keyvalue"
	// FieldJSON is any JSON value whose strings may hold templates.
	FieldJSON FieldKind = "json"
	// FieldList is a list of objects, each described by Fields.
	FieldList FieldKind = "list"
	// FieldCredential is the id of a stored credential of one of
	// CredentialTypes.
	FieldCredential FieldKind = "credential"
)

// Option is one choice of a select field.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Condition makes a field apply only when another field of the same object
// has one of the given values. A field that does not apply is neither
// required nor shown.
type Condition struct {
	Field  string   `json:"field"`
	Equals []string `json:"equals"`
}

// Field describes one config field of a node type.
type Field struct {
	Name     string    `json:"name"`
	Label    string    `json:"label"`
	Kind     FieldKind `json:"kind"`
	Help     string    `json:"help,omitempty"`
	Required bool      `json:"required,omitempty"`
	// Default is the value used when the field is absent.
	Default any `json:"default,omitempty"`
	// Options lists the choices of select and multiselect fields.
	Options []Option `json:"options,omitempty"`
	// OpenOptions lets a multiselect hold values beyond Options.
	OpenOptions bool `json:"openOptions,omitempty"`
	// Templates allows {{ path }} templates in the field's strings.
	Templates bool `json:"templates,omitempty"`
	// Secret marks a value never shown back in the UI or written to logs.
	Secret bool `json:"secret,omitempty"`
	// Fields describes the objects of a list field.
	Fields []Field `json:"fields,omitempty"`
	// CredentialTypes lists the credential types a credential field takes.
	CredentialTypes []string `json:"credentialTypes,omitempty"`
	// When makes the field apply only for some values of another field.
	When *Condition `json:"when,omitempty"`
	// Placeholder is an example shown in an empty UI input.
	Placeholder string `json:"placeholder,omitempty"`
	// Boolean marks an expression field whose result must be true or false
	// (conditions, switch cases).
	Boolean bool `json:"boolean,omitempty"`
	// DeclaresVars marks a list field whose items' "name" become variables
	// (vars.<name>) for the nodes after this one: trigger mappings, set.
	DeclaresVars bool `json:"declaresVars,omitempty"`
	// Min and Max bound number and integer fields, and the length of lists.
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
}

// Port is a named output of a node. Edges leave a node by a port.
type Port struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	// Error marks the port taken when the node fails.
	Error bool `json:"error,omitempty"`
}

// DynamicPorts derives ports from a list field of the node's config: one
// port per item, named by the item's NameField, plus the fixed Ports.
type DynamicPorts struct {
	ListField string `json:"listField"`
	NameField string `json:"nameField"`
}

// Spec describes a node type at one version.
type Spec struct {
	Type        string `json:"type"`
	Version     int    `json:"version"`
	Kind        Kind   `json:"kind"`
	Label       string `json:"label"`
	Description string `json:"description"`
	// Ports are the fixed outputs; a node with none ends its branch.
	Ports []Port `json:"ports"`
	// Dynamic, when set, adds one port per item of a list field.
	Dynamic *DynamicPorts `json:"dynamicPorts,omitempty"`
	Fields  []Field       `json:"fields"`
	// InMemory marks a node type that runs quickly in memory: no I/O, no
	// waiting. A flow made only of such nodes runs inside the request that
	// starts it and is written once, finished.
	InMemory bool `json:"-"`
	// Outputs documents the shape of the node's output, for docs and the
	// UI's field picker before a sample exists.
	Outputs string `json:"outputs,omitempty"`
	// NeedsTrigger, when set, is what the node type needs of the flow's
	// trigger to do anything at all; validation reports a flow that lacks it.
	NeedsTrigger *TriggerNeed `json:"-"`
}

// TriggerNeed is a node type's rule on the flow's trigger: the trigger is
// of one of Types and, when Field is set, that field of its config (or the
// field's default) holds one of Values. The messages say what to do when
// the type, or the field's value, is not one of them.
type TriggerNeed struct {
	Types      []string
	Field      string
	Values     []string
	WrongType  string
	WrongValue string
}

// Field returns the spec's field called name.
func (s *Spec) Field(name string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Float is a helper for Field.Min and Field.Max.
func Float(v float64) *float64 { return &v }
