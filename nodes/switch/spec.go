// Package switchnode registers the switch node (import path nodes/switch):
// it checks an ordered list of cases and sends the run down the port of the
// first case whose expression is true, or down "default" when none is.
package switchnode

import "github.com/hookflow/hookflow/nodes"

// Type and Version identify this node type in a flow.
const (
	Type    = "switch"
	Version = 1
)

// Field names of the switch config.
const (
	FieldCases = "cases"
)

// Field names of one case.
const (
	FieldCaseName       = "name"
	FieldCaseExpression = "expression"
)

// PortDefault is taken when no case matches.
const PortDefault = "default"

// Config is the decoded config of a switch node.
type Config struct {
	Cases []Case `json:"cases"`
}

// Case is one branch of a switch: its port name and its expression.
type Case struct {
	Name       string `json:"name"`
	Expression string `json:"expression"`
}

func init() {
	nodes.Register(Spec())
	nodes.RegisterRuntime(Type, Version, Build)
}

// Spec returns the spec of the switch node.
func Spec() nodes.Spec {
	return nodes.Spec{
		Type:     Type,
		Version:  Version,
		Kind:     nodes.KindLogic,
		InMemory: true,
		Label:    "Switch",
		Description: "Sends the run down one of several branches. The cases are checked " +
			"in order and the first one that is true wins; when none is, the run goes " +
			"down \"default\".",
		Ports:   []nodes.Port{{Name: PortDefault, Label: "Default"}},
		Dynamic: &nodes.DynamicPorts{ListField: FieldCases, NameField: FieldCaseName},
		Fields: []nodes.Field{{
			Name:     FieldCases,
			Label:    "Cases",
			Kind:     nodes.FieldList,
			Required: true,
			Help:     "Checked from top to bottom; each case is an output of the step.",
			Min:      nodes.Float(1),
			Fields: []nodes.Field{
				{
					Name:     FieldCaseName,
					Label:    "Name",
					Kind:     nodes.FieldString,
					Required: true,
					Help: "Names the case's output on the canvas. Each case needs its own " +
						"name, and \"default\" is taken.",
					Placeholder: "vip",
				},
				{
					Name:        FieldCaseExpression,
					Label:       "When",
					Kind:        nodes.FieldExpression,
					Required:    true,
					Boolean:     true,
					Help:        "True or false over the run's data: trigger, vars, nodes and run.",
					Placeholder: "\"vip\" in trigger.body.tags",
				},
			},
		}},
	}
}
