package mapping

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr/vm/runtime"
	"github.com/tidwall/gjson"
)

// Value returns a JSON value as expressions see it: nil, bool, float64,
// string, and for objects and arrays map[string]any and []any, decoded
// only when an expression names them whole.
func Value(v gjson.Result) any {
	switch v.Type {
	case gjson.Null:
		return nil
	case gjson.False:
		return false
	case gjson.True:
		return true
	case gjson.Number:
		return v.Num
	case gjson.String:
		return v.Str
	}
	return v.Value()
}

// In is expr's "needle in haystack" over a JSON haystack: an item of an
// array equal to needle, or a key of an object. Scalars are compared
// without decoding the haystack; anything else is decoded and left to
// expr.
func In(needle any, haystack gjson.Result) (bool, error) {
	switch {
	case !haystack.Exists() || haystack.Type == gjson.Null:
		return false, nil
	case haystack.IsArray() && isScalar(needle):
		found := false
		haystack.ForEach(func(_, item gjson.Result) bool {
			found = equalScalar(needle, item)
			return !found
		})
		return found, nil
	case haystack.IsObject():
		if key, ok := needle.(string); ok {
			return haystack.Get(gjson.Escape(key)).Exists(), nil
		}
	}
	return inDecoded(needle, Value(haystack))
}

// Contains is "haystack contains needle" over a JSON haystack: text that
// holds the needle, as expr's contains, and also an array with an item
// equal to it, so that "trigger.body.tags contains \"vip\"" reads as
// written.
func Contains(needle any, haystack gjson.Result) (bool, error) {
	switch {
	case !haystack.Exists() || haystack.Type == gjson.Null:
		return false, nil
	case haystack.IsArray():
		return In(needle, haystack)
	case haystack.Type == gjson.String:
		s, ok := needle.(string)
		if !ok {
			return false, fmt.Errorf("invalid operation: string contains %T", needle)
		}
		return strings.Contains(haystack.Str, s), nil
	}
	return false, fmt.Errorf("invalid operation: contains on %s; it takes text or a list", haystack.Type)
}

// inDecoded leaves the odd cases to expr, turning its panic into an error.
func inDecoded(needle, haystack any) (found bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = runtimeError{r}
		}
	}()
	return runtime.In(needle, haystack), nil
}

type runtimeError struct{ v any }

func (e runtimeError) Error() string {
	if err, ok := e.v.(error); ok {
		return err.Error()
	}
	if s, ok := e.v.(string); ok {
		return s
	}
	return "invalid operation: in"
}

func isScalar(v any) bool {
	switch v.(type) {
	case nil, string, bool, float64, int:
		return true
	}
	return false
}

// equalScalar compares a scalar needle with a JSON item as expr's ==
// compares them: numbers by value, whatever their Go type.
func equalScalar(needle any, v gjson.Result) bool {
	switch n := needle.(type) {
	case nil:
		return v.Type == gjson.Null
	case string:
		return v.Type == gjson.String && v.Str == n
	case bool:
		return (n && v.Type == gjson.True) || (!n && v.Type == gjson.False)
	case float64:
		return v.Type == gjson.Number && v.Num == n
	case int:
		return v.Type == gjson.Number && v.Num == float64(n)
	}
	return false
}
