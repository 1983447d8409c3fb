package condition

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
)

// rule is one compiled rule: the field's path, and the value either fixed
// (static, and re for matches) or a template rendered per run.
type rule struct {
	op     string
	field  nodes.Path
	value  nodes.Template
	static gjson.Result
	re     *regexp.Regexp
}

func (r *rule) build(b nodes.Builder, i int, c Rule) error {
	r.op = c.Operator
	if !knownOperator(c.Operator) {
		return &nodes.FieldError{Field: nodes.FieldIndex(FieldRules, i, FieldRuleOperator), Err: fmt.Errorf("unknown operator %q", c.Operator)}
	}
	p, err := b.Path(nodes.FieldIndex(FieldRules, i, FieldRuleField), c.Field)
	if err != nil {
		return err
	}
	r.field = p
	if !NeedsValue(c.Operator) {
		return nil
	}
	name := nodes.FieldIndex(FieldRules, i, FieldRuleValue)
	if mapping.HasPlaceholders(c.Value) {
		r.value, err = b.Template(name, c.Value)
		return err
	}
	r.static = gjson.Result{Type: gjson.String, Str: c.Value, Raw: string(mapping.AppendString(nil, c.Value))}
	if c.Operator == OpMatches {
		if r.re, err = regexp.Compile(c.Value); err != nil {
			return &nodes.FieldError{Field: name, Err: fmt.Errorf("%q is not a valid regular expression: %w", c.Value, err)}
		}
	}
	return nil
}

func knownOperator(op string) bool {
	for _, o := range operators {
		if o.Value == op {
			return true
		}
	}
	return false
}

func (r *rule) eval(rc nodes.RunContext) (bool, error) {
	field := rc.Get(r.field)
	switch r.op {
	case OpExists:
		return field.Exists(), nil
	case OpNotExists:
		return !field.Exists(), nil
	case OpEmpty:
		return isEmpty(field), nil
	case OpNotEmpty:
		return !isEmpty(field), nil
	}
	value := r.static
	if r.value != nil {
		v, err := rc.Value(r.value)
		if err != nil {
			return false, err
		}
		value = v
	}
	switch r.op {
	case OpEq:
		return equal(field, value), nil
	case OpNeq:
		return !equal(field, value), nil
	case OpContains:
		return contains(field, value), nil
	case OpNotContains:
		return !contains(field, value), nil
	case OpStartsWith:
		return strings.HasPrefix(text(field), text(value)), nil
	case OpEndsWith:
		return strings.HasSuffix(text(field), text(value)), nil
	case OpMatches:
		return r.match(field, value)
	}
	return compare(r.op, field, value), nil
}

func (r *rule) match(field, value gjson.Result) (bool, error) {
	re := r.re
	if re == nil {
		var err error
		if re, err = regexp.Compile(text(value)); err != nil {
			return false, fmt.Errorf("%q is not a valid regular expression: %w", text(value), err)
		}
	}
	return re.MatchString(text(field)), nil
}

// text is a value as text: strings unquoted, null and missing empty,
// others their JSON.
func text(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return v.Str
	case gjson.Null:
		return ""
	}
	return v.Raw
}

// number reads v as a number: a JSON number, or a string holding one.
func number(v gjson.Result) (float64, bool) {
	switch v.Type {
	case gjson.Number:
		return v.Num, true
	case gjson.String:
		s := strings.TrimSpace(v.Str)
		if s == "" {
			return 0, false
		}
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
	}
	return 0, false
}

// equal compares numerically when one side is a JSON number and the other
// reads as one (150 equals "150"); otherwise as text, so that two strings
// such as phone numbers compare exactly.
func equal(a, b gjson.Result) bool {
	if a.Type == gjson.Number || b.Type == gjson.Number {
		x, okA := number(a)
		y, okB := number(b)
		if okA && okB {
			return x == y
		}
	}
	return text(a) == text(b)
}

// contains looks for value among an array's items, among an object's
// keys, or inside text.
func contains(field, value gjson.Result) bool {
	switch {
	case field.IsArray():
		found := false
		field.ForEach(func(_, item gjson.Result) bool {
			found = equal(item, value)
			return !found
		})
		return found
	case field.IsObject():
		return field.Get(gjson.Escape(text(value))).Exists()
	}
	return strings.Contains(text(field), text(value))
}

// compare orders numerically when both sides read as numbers, otherwise
// as text; a missing side never compares.
func compare(op string, a, b gjson.Result) bool {
	if !a.Exists() || !b.Exists() {
		return false
	}
	c := 0
	x, okA := number(a)
	y, okB := number(b)
	switch {
	case okA && okB && x < y:
		c = -1
	case okA && okB && x > y:
		c = 1
	case !okA || !okB:
		c = strings.Compare(text(a), text(b))
	}
	switch op {
	case OpGt:
		return c > 0
	case OpGte:
		return c >= 0
	case OpLt:
		return c < 0
	}
	return c <= 0 // OpLte
}

// isEmpty holds for a missing value, null, "", [] and {}.
func isEmpty(v gjson.Result) bool {
	switch {
	case !v.Exists(), v.Type == gjson.Null:
		return true
	case v.Type == gjson.String:
		return v.Str == ""
	case v.IsArray(), v.IsObject():
		empty := true
		v.ForEach(func(_, _ gjson.Result) bool {
			empty = false
			return false
		})
		return empty
	}
	return false
}
