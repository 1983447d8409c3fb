// Package set registers the set node: it sets run variables, each from a
// template, a path into the run's data, or an expression, so later steps
// can use them as {{ vars.<name> }}.
package set

import "github.com/hookflow/hookflow/nodes"

// Type and Version identify this node type in a flow.
const (
	Type    = "set"
	Version = 1
)

// Field names of the set config.
const (
	FieldValues = "values"
)

// Field names of one value.
const (
	FieldValueName  = "name"
	FieldValueMode  = "mode"
	FieldValueValue = "value"
)

// Values of a value's mode field.
const (
	ModeTemplate   = "template"
	ModePath       = "path"
	ModeExpression = "expression"
)

// Config is the decoded config of a set node.
type Config struct {
	Values []Assignment `json:"values"`
}

// Assignment sets the variable Name from Value, read as Mode says.
type Assignment struct {
	Name  string `json:"name"`
	Mode  string `json:"mode"`
	Value string `json:"value"`
}

func init() {
	nodes.Register(Spec())
	nodes.RegisterRuntime(Type, Version, Build)
}

// Spec returns the spec of the set node.
func Spec() nodes.Spec {
	return nodes.Spec{
		Type:     Type,
		Version:  Version,
		Kind:     nodes.KindLogic,
		InMemory: true,
		Label:    "Set Variables",
		Description: "Sets variables that later steps use as {{ vars.<name> }}: text built " +
			"from a template, a field picked from the run's data, or a computed value.",
		Ports: []nodes.Port{nodes.OutPort()},
		Fields: []nodes.Field{{
			Name:     FieldValues,
			Label:    "Variables",
			Kind:     nodes.FieldList,
			Required: true,
			// Each item's name becomes vars.<name> for the nodes after this one.
			DeclaresVars: true,
			Help:         "Set in order, so a later variable may use an earlier one.",
			Min:          nodes.Float(1),
			Fields: []nodes.Field{
				{
					Name:        FieldValueName,
					Label:       "Name",
					Kind:        nodes.FieldString,
					Required:    true,
					Help:        "The variable's name: letters, digits and _. An existing variable is overwritten.",
					Placeholder: "full_name",
				},
				{
					Name:    FieldValueMode,
					Label:   "Value is",
					Kind:    nodes.FieldSelect,
					Help:    "How Value is read.",
					Default: ModeTemplate,
					Options: []nodes.Option{
						{Value: ModeTemplate, Label: "Text with {{ }} templates"},
						{Value: ModePath, Label: "A field of the run's data"},
						{Value: ModeExpression, Label: "An expression"},
					},
				},
				{
					Name:      FieldValueValue,
					Label:     "Value",
					Kind:      nodes.FieldString,
					Required:  true,
					Templates: true,
					Help: "Text such as {{ vars.first }} {{ vars.last }}, a path such as " +
						"trigger.body.customer.name, or an expression such as " +
						"trigger.body.amount * 100, as Value is says.",
				},
			},
		}},
	}
}
