package all_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/nodes"
)

// goTypes lists the Go types a Config field of each kind may have.
var goTypes = map[nodes.FieldKind][]reflect.Type{
	nodes.FieldString:      {reflect.TypeFor[string]()},
	nodes.FieldText:        {reflect.TypeFor[string]()},
	nodes.FieldNumber:      {reflect.TypeFor[float64]()},
	nodes.FieldInteger:     {reflect.TypeFor[int](), reflect.TypeFor[int64]()},
	nodes.FieldBool:        {reflect.TypeFor[bool]()},
	nodes.FieldSelect:      {reflect.TypeFor[string]()},
	nodes.FieldMultiSelect: {reflect.TypeFor[[]string]()},
	nodes.FieldDuration:    {reflect.TypeFor[nodes.Duration]()},
	nodes.FieldExpression:  {reflect.TypeFor[string]()},
	nodes.FieldPath:        {reflect.TypeFor[string]()},
	nodes.FieldKeyValue:    {reflect.TypeFor[map[string]string]()},
	nodes.FieldJSON:        {reflect.TypeFor[json.RawMessage]()},
	nodes.FieldCredential:  {reflect.TypeFor[string]()},
}

func TestConfig_MatchesSpecFields(t *testing.T) {
	t.Parallel()
	for _, nt := range nodeTypes {
		t.Run(nt.typ, func(t *testing.T) {
			t.Parallel()
			checkStruct(t, "Config", reflect.TypeOf(nt.config), nt.spec().Fields)
		})
	}
}

// checkStruct checks that typ has one json-tagged field per spec field, in
// the same order, of a Go type that fits the field's kind.
func checkStruct(t *testing.T, name string, typ reflect.Type, fields []nodes.Field) {
	t.Helper()
	if typ.NumField() != len(fields) {
		t.Errorf("%s has %d fields, the spec %d", name, typ.NumField(), len(fields))
		return
	}
	for i, f := range fields {
		sf := typ.Field(i)
		tag, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if tag != f.Name {
			t.Errorf("%s.%s: json tag %q, want %q", name, sf.Name, tag, f.Name)
			continue
		}
		if f.Kind == nodes.FieldList {
			if sf.Type.Kind() != reflect.Slice || sf.Type.Elem().Kind() != reflect.Struct {
				t.Errorf("%s.%s: a list field needs a slice of structs, got %s", name, sf.Name, sf.Type)
				continue
			}
			checkStruct(t, sf.Type.Elem().Name(), sf.Type.Elem(), f.Fields)
			continue
		}
		if !slices.Contains(goTypes[f.Kind], sf.Type) {
			t.Errorf("%s.%s: Go type %s does not fit kind %q", name, sf.Name, sf.Type, f.Kind)
		}
	}
}

func TestConfig_DefaultsDecode(t *testing.T) {
	t.Parallel()
	for _, nt := range nodeTypes {
		t.Run(nt.typ, func(t *testing.T) {
			t.Parallel()
			defaults := map[string]any{}
			for _, f := range nt.spec().Fields {
				if f.Default != nil {
					defaults[f.Name] = f.Default
				}
			}
			raw, err := json.Marshal(defaults)
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(reflect.New(reflect.TypeOf(nt.config)).Interface()); err != nil {
				t.Errorf("defaults %s do not decode into Config: %v", raw, err)
			}
		})
	}
}

func TestSpec_FieldsConsistent(t *testing.T) {
	t.Parallel()
	for _, nt := range nodeTypes {
		t.Run(nt.typ, func(t *testing.T) {
			t.Parallel()
			checkFields(t, nt.spec().Fields)
		})
	}
}

// checkFields checks what the registry does not: that conditions and
// defaults name real options, defaults respect bounds, and every field can
// be explained to a user.
func checkFields(t *testing.T, fields []nodes.Field) {
	t.Helper()
	byName := map[string]nodes.Field{}
	for _, f := range fields {
		byName[f.Name] = f
		if f.Help == "" {
			t.Errorf("field %q: no help text", f.Name)
		}
		if f.Required && f.Default != nil {
			t.Errorf("field %q: required fields take no default", f.Name)
		}
		if w := f.When; w != nil {
			ref := byName[w.Field]
			if ref.Kind != nodes.FieldSelect {
				t.Errorf("field %q: condition on %q, which is not a select", f.Name, w.Field)
			}
			for _, v := range w.Equals {
				if !hasOption(ref, v) {
					t.Errorf("field %q: condition value %q is not an option of %q", f.Name, v, w.Field)
				}
			}
		}
		checkDefault(t, f)
		if f.Kind == nodes.FieldList {
			checkFields(t, f.Fields)
		}
	}
}

func checkDefault(t *testing.T, f nodes.Field) {
	t.Helper()
	switch d := f.Default.(type) {
	case nil:
	case string:
		if f.Kind == nodes.FieldSelect && !hasOption(f, d) {
			t.Errorf("field %q: default %q is not an option", f.Name, d)
		}
		if f.Kind == nodes.FieldDuration {
			var v nodes.Duration
			if err := json.Unmarshal([]byte(`"`+d+`"`), &v); err != nil {
				t.Errorf("field %q: default: %v", f.Name, err)
			}
		}
	case []string:
		for _, v := range d {
			if !hasOption(f, v) {
				t.Errorf("field %q: default %q is not an option", f.Name, v)
			}
		}
	case int:
		if (f.Min != nil && float64(d) < *f.Min) || (f.Max != nil && float64(d) > *f.Max) {
			t.Errorf("field %q: default %d is out of bounds", f.Name, d)
		}
	case bool:
	default:
		t.Errorf("field %q: default of unexpected type %T", f.Name, d)
	}
}

func hasOption(f nodes.Field, value string) bool {
	return slices.ContainsFunc(f.Options, func(o nodes.Option) bool { return o.Value == value })
}
