// Package condition registers the condition node: it sends the run down
// its "true" or its "false" port, deciding either with an expression or
// with a list of simple rules (field, operator, value) that must all, or
// any one of them, hold.
package condition

import "github.com/hookflow/hookflow/nodes"

// Type and Version identify this node type in a flow.
const (
	Type    = "condition"
	Version = 1
)

// Field names of the condition config.
const (
	FieldMode       = "mode"
	FieldExpression = "expression"
	FieldCombinator = "combinator"
	FieldRules      = "rules"
)

// Field names of one rule.
const (
	FieldRuleField    = "field"
	FieldRuleOperator = "operator"
	FieldRuleValue    = "value"
)

// Values of the mode field.
const (
	ModeExpression = "expression"
	ModeRules      = "rules"
)

// Values of the combinator field.
const (
	CombinatorAll = "all"
	CombinatorAny = "any"
)

// The rule operators.
const (
	OpEq          = "eq"
	OpNeq         = "neq"
	OpContains    = "contains"
	OpNotContains = "not_contains"
	OpStartsWith  = "starts_with"
	OpEndsWith    = "ends_with"
	OpGt          = "gt"
	OpGte         = "gte"
	OpLt          = "lt"
	OpLte         = "lte"
	OpExists      = "exists"
	OpNotExists   = "not_exists"
	OpEmpty       = "empty"
	OpNotEmpty    = "not_empty"
	OpMatches     = "matches"
)

// The ports of a condition node.
const (
	PortTrue  = "true"
	PortFalse = "false"
)

// Config is the decoded config of a condition node.
type Config struct {
	Mode       string `json:"mode"`
	Expression string `json:"expression"`
	Combinator string `json:"combinator"`
	Rules      []Rule `json:"rules"`
}

// Rule compares the value at Field with Value using Operator.
type Rule struct {
	Field    string `json:"field"`
	Operator string `json:"operator"`
	Value    string `json:"value"`
}

// operators lists the rule operators in the order the UI offers them.
var operators = []nodes.Option{
	{Value: OpEq, Label: "is equal to"},
	{Value: OpNeq, Label: "is not equal to"},
	{Value: OpContains, Label: "contains"},
	{Value: OpNotContains, Label: "does not contain"},
	{Value: OpStartsWith, Label: "starts with"},
	{Value: OpEndsWith, Label: "ends with"},
	{Value: OpGt, Label: "is greater than"},
	{Value: OpGte, Label: "is greater than or equal to"},
	{Value: OpLt, Label: "is less than"},
	{Value: OpLte, Label: "is less than or equal to"},
	{Value: OpExists, Label: "exists"},
	{Value: OpNotExists, Label: "does not exist"},
	{Value: OpEmpty, Label: "is empty"},
	{Value: OpNotEmpty, Label: "is not empty"},
	{Value: OpMatches, Label: "matches the regular expression"},
}

// NeedsValue reports whether the rule operator op compares the field with
// a value; exists, not_exists, empty and not_empty look at the field alone.
func NeedsValue(op string) bool {
	switch op {
	case OpExists, OpNotExists, OpEmpty, OpNotEmpty:
		return false
	}
	return true
}

func init() {
	nodes.Register(Spec())
	nodes.RegisterRuntime(Type, Version, Build)
}

// Spec returns the spec of the condition node.
func Spec() nodes.Spec {
	return nodes.Spec{
		Type:     Type,
		Version:  Version,
		Kind:     nodes.KindLogic,
		InMemory: true,
		Label:    "Condition",
		Description: "Checks the run's data and continues on the \"true\" or the \"false\" " +
			"port. Build the check from simple rules, or write an expression.",
		Ports: []nodes.Port{
			{Name: PortTrue, Label: "True"},
			{Name: PortFalse, Label: "False"},
		},
		Fields: fields(),
	}
}

func fields() []nodes.Field {
	var valueOps []string
	for _, o := range operators {
		if NeedsValue(o.Value) {
			valueOps = append(valueOps, o.Value)
		}
	}
	return []nodes.Field{
		{
			Name:    FieldMode,
			Label:   "Check with",
			Kind:    nodes.FieldSelect,
			Help:    "Rules are picked from lists; an expression is written out and can check anything.",
			Default: ModeExpression,
			Options: []nodes.Option{
				{Value: ModeRules, Label: "Rules"},
				{Value: ModeExpression, Label: "An expression"},
			},
		},
		{
			Name:     FieldExpression,
			Label:    "Expression",
			Kind:     nodes.FieldExpression,
			Required: true,
			Boolean:  true,
			Help: "True or false over the run's data: trigger, vars, nodes and run. " +
				"Combine checks with && (and), || (or) and ! (not).",
			Placeholder: "trigger.body.amount > 100 && vars.agent_email != \"\"",
			When:        &nodes.Condition{Field: FieldMode, Equals: []string{ModeExpression}},
		},
		{
			Name:    FieldCombinator,
			Label:   "Continue on true when",
			Kind:    nodes.FieldSelect,
			Help:    "Whether every rule must hold, or one is enough.",
			Default: CombinatorAll,
			Options: []nodes.Option{
				{Value: CombinatorAll, Label: "All rules hold"},
				{Value: CombinatorAny, Label: "Any rule holds"},
			},
			When: &nodes.Condition{Field: FieldMode, Equals: []string{ModeRules}},
		},
		{
			Name:     FieldRules,
			Label:    "Rules",
			Kind:     nodes.FieldList,
			Required: true,
			Help:     "Each rule compares a field of the run's data with a value.",
			Min:      nodes.Float(1),
			When:     &nodes.Condition{Field: FieldMode, Equals: []string{ModeRules}},
			Fields: []nodes.Field{
				{
					Name:        FieldRuleField,
					Label:       "Field",
					Kind:        nodes.FieldPath,
					Required:    true,
					Help:        "The field to check; click a field of a sample to fill this in.",
					Placeholder: "vars.agent_email",
				},
				{
					Name:    FieldRuleOperator,
					Label:   "Operator",
					Kind:    nodes.FieldSelect,
					Help:    "How the field is checked. Text comparisons are case-sensitive.",
					Default: OpEq,
					Options: operators,
				},
				{
					Name:      FieldRuleValue,
					Label:     "Value",
					Kind:      nodes.FieldString,
					Templates: true,
					Help: "What the field is compared with. Numbers compare as numbers; " +
						"may hold {{ }} templates.",
					When: &nodes.Condition{Field: FieldRuleOperator, Equals: valueOps},
				},
			},
		},
	}
}
