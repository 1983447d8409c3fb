package nodes

import (
	"errors"
	"strings"
	"testing"
)

func TestDecodeConfig_FillsDefaults(t *testing.T) {
	t.Parallel()
	spec := validSpec("decode", 1, KindLogic)
	spec.Fields = []Field{
		{Name: "mode", Label: "Mode", Kind: FieldSelect, Default: "a", Options: []Option{{Value: "a", Label: "A"}}},
		{Name: "wait", Label: "Wait", Kind: FieldDuration, Default: "10s"},
		{Name: "items", Label: "Items", Kind: FieldList, Fields: []Field{
			{Name: "name", Label: "Name", Kind: FieldString},
			{Name: "op", Label: "Op", Kind: FieldSelect, Default: "eq", Options: []Option{{Value: "eq", Label: "Eq"}}},
		}},
	}
	type item struct {
		Name string `json:"name"`
		Op   string `json:"op"`
	}
	var cfg struct {
		Mode  string   `json:"mode"`
		Wait  Duration `json:"wait"`
		Items []item   `json:"items"`
	}
	if err := DecodeConfig(&spec, []byte(`{"mode": null, "items": [{"name": "x"}, {"name": "y", "op": "eq"}]}`), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Mode != "a" || cfg.Wait.String() != "10s" || len(cfg.Items) != 2 || cfg.Items[0].Op != "eq" {
		t.Errorf("decoded %+v", cfg)
	}
	for raw, want := range map[string]string{
		`{"nope": 1}`:     "unknown field",
		`[1]`:             "JSON object",
		`{"items": "no"}`: "must be a list",
	} {
		if err := DecodeConfig(&spec, []byte(raw), &cfg); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("DecodeConfig(%s) = %v, want an error containing %q", raw, err, want)
		}
	}
	var empty struct {
		Mode string `json:"mode"`
		Wait string `json:"wait"`
	}
	spec.Fields = spec.Fields[:2]
	if err := DecodeConfig(&spec, nil, &empty); err != nil || empty.Mode != "a" {
		t.Errorf("an absent config: %+v, %v", empty, err)
	}
}

func TestRegistry_Runtime(t *testing.T) {
	t.Parallel()
	r := NewRegistry()
	build := func(Builder) (Runner, error) { return nil, nil }
	if msg := mustPanic(t, func() { r.RegisterRuntime("later", 1, build) }); !strings.Contains(msg, "spec first") {
		t.Errorf("runtime before spec: %q", msg)
	}
	r.Register(validSpec("later", 1, KindLogic))
	r.RegisterRuntime("later", 1, build)
	if msg := mustPanic(t, func() { r.RegisterRuntime("later", 1, build) }); !strings.Contains(msg, "already") {
		t.Errorf("duplicate runtime: %q", msg)
	}
	if _, ok := r.Runtime("later", 1); !ok {
		t.Error("registered runtime not found")
	}
	if _, ok := r.Runtime("later", 2); ok {
		t.Error("runtime found for an unregistered version")
	}
}

func TestFieldError(t *testing.T) {
	t.Parallel()
	err := &FieldError{Field: "rules[0].value", Err: MissingError("vars.x")}
	if err.Error() != "rules[0].value: vars.x is missing" {
		t.Errorf("Error() = %q", err.Error())
	}
	if !errors.Is(err, ErrMissing) {
		t.Error("a FieldError does not unwrap to ErrMissing")
	}
}
