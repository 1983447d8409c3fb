package catalog

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// ErrUnknownType is returned by Validate for a name that is not in the
// catalog.
var ErrUnknownType = errors.New("unknown event type")

// ErrInvalidData matches (errors.Is) every *ValidationError.
var ErrInvalidData = errors.New("event data does not match its schema")

// maxShown is how many problems ValidationError.Error spells out; the rest
// are counted.
const maxShown = 10

// Problem is one place where event data breaks its schema.
type Problem struct {
	// Path is where the problem is, as a path from the event's data:
	// "data.customer.phoneNumber", "data.tags.2".
	Path string `json:"path"`
	// Message says what is wrong: "must be a string", "is required".
	Message string `json:"message"`
}

// ValidationError lists every problem of one event's data.
type ValidationError struct {
	Type     string
	Problems []Problem
}

// Error names the event type and lists the problems, the first maxShown
// of them in full.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid %s event: ", e.Type)
	for i, p := range e.Problems {
		if i == maxShown {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-maxShown)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Path + ": " + p.Message)
	}
	return b.String()
}

// Is reports whether target is ErrInvalidData.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidData }

// Validate checks data, the JSON data of an event called name (an alias is
// accepted), against the event's schema. It returns nil, an error wrapping
// ErrUnknownType, or a *ValidationError that lists every problem.
func Validate(name string, data []byte) error {
	e, ok := lookup(name)
	if !ok {
		return fmt.Errorf("validate event %q: %w", name, ErrUnknownType)
	}
	var probs []Problem
	if !gjson.ValidBytes(data) {
		probs = append(probs, Problem{Path: "data", Message: "is not valid JSON"})
	} else {
		e.schema.check(gjson.ParseBytes(data), "data", &probs)
	}
	if len(probs) > 0 {
		return &ValidationError{Type: e.typ.Name, Problems: probs}
	}
	return nil
}

// typeWords are the messages of a value of the wrong type.
var typeWords = map[string]string{
	typeObject:  "must be an object",
	typeArray:   "must be a list",
	typeString:  "must be a string",
	typeNumber:  "must be a number",
	typeInteger: "must be a whole number",
	typeBoolean: "must be true or false",
}

// check appends to probs what is wrong with v at path.
func (s *schema) check(v gjson.Result, path string, probs *[]Problem) {
	add := func(msg string) { *probs = append(*probs, Problem{Path: path, Message: msg}) }
	if s.Type != "" && !hasType(v, s.Type) {
		add(typeWords[s.Type])
		return
	}
	if len(s.Enum) > 0 && (v.Type != gjson.String || !slices.Contains(s.Enum, v.Str)) {
		add("must be one of " + quoteAll(s.Enum))
		return
	}
	if s.Format == formatDateTime && v.Type == gjson.String {
		if _, err := time.Parse(time.RFC3339, v.Str); err != nil {
			add(`must be a date-time such as "2025-01-31T09:00:00Z"`)
		}
	}
	switch {
	case v.IsObject():
		s.checkObject(v, path, probs)
	case v.IsArray() && s.Items != nil:
		for i, item := range v.Array() {
			s.Items.check(item, path+"."+strconv.Itoa(i), probs)
		}
	}
}

// checkObject checks the required names, the listed properties and, when
// extra properties are refused, the others.
func (s *schema) checkObject(v gjson.Result, path string, probs *[]Problem) {
	fields := map[string]gjson.Result{}
	v.ForEach(func(k, val gjson.Result) bool {
		fields[k.Str] = val
		return true
	})
	for _, name := range s.Required {
		if _, ok := fields[name]; !ok {
			*probs = append(*probs, Problem{Path: join(path, name), Message: "is required"})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		if val, ok := fields[name]; ok {
			s.Properties[name].check(val, join(path, name), probs)
		}
	}
	if s.AdditionalProperties == nil || *s.AdditionalProperties {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if _, ok := s.Properties[name]; !ok {
			*probs = append(*probs, Problem{Path: join(path, name), Message: "is not allowed"})
		}
	}
}

func hasType(v gjson.Result, typ string) bool {
	switch typ {
	case typeObject:
		return v.IsObject()
	case typeArray:
		return v.IsArray()
	case typeString:
		return v.Type == gjson.String
	case typeNumber:
		return v.Type == gjson.Number
	case typeInteger:
		return v.Type == gjson.Number && v.Num == math.Trunc(v.Num)
	case typeBoolean:
		return v.IsBool()
	}
	return false
}

// join appends a property name to a path, escaping the dots a name may
// hold so the path reads as the engine's mapping paths do.
func join(path, name string) string {
	return path + "." + strings.ReplaceAll(name, ".", `\.`)
}

func quoteAll(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}
