package nodes

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// validSpec returns a small complete spec; tests break one part of it.
func validSpec(typ string, version int, kind Kind) Spec {
	return Spec{
		Type:        typ,
		Version:     version,
		Kind:        kind,
		Label:       "Test " + typ,
		Description: "A node for tests.",
		Ports:       []Port{OutPort()},
		Fields: []Field{
			{Name: "mode", Label: "Mode", Kind: FieldSelect, Options: []Option{{Value: "a", Label: "A"}}},
			{Name: "value", Label: "Value", Kind: FieldString, When: &Condition{Field: "mode", Equals: []string{"a"}}},
		},
	}
}

// mustPanic runs f and returns the panic message, failing if f returns.
func mustPanic(t *testing.T, f func()) (msg string) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("no panic")
		}
		msg, _ = r.(string)
	}()
	f()
	return ""
}

func TestRegistry_RegisterRejectsIncompleteSpecs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*Spec)
		want   string
	}{
		{"bad type name", func(s *Spec) { s.Type = "Bad-Name" }, "lower-case"},
		{"empty type", func(s *Spec) { s.Type = "" }, "lower-case"},
		{"version zero", func(s *Spec) { s.Version = 0 }, "version"},
		{"unknown kind", func(s *Spec) { s.Kind = "sink" }, "unknown kind"},
		{"no label", func(s *Spec) { s.Label = "" }, "label and description"},
		{"no description", func(s *Spec) { s.Description = "" }, "label and description"},
		{"duplicate port", func(s *Spec) { s.Ports = append(s.Ports, OutPort()) }, "port"},
		{"port without label", func(s *Spec) { s.Ports = []Port{{Name: "out"}} }, "port"},
		{"dynamic ports on a non-list", func(s *Spec) {
			s.Dynamic = &DynamicPorts{ListField: "mode", NameField: "name"}
		}, "not a list field"},
		{"field without kind", func(s *Spec) { s.Fields[1].Kind = "" }, "needs a name"},
		{"field twice", func(s *Spec) { s.Fields[1].Name = "mode" }, "registered twice"},
		{"unknown field kind", func(s *Spec) { s.Fields[1].Kind = "colour" }, "unknown kind"},
		{"select without options", func(s *Spec) { s.Fields[0].Options = nil }, "needs options"},
		{"list without item fields", func(s *Spec) {
			s.Fields = append(s.Fields, Field{Name: "items", Label: "Items", Kind: FieldList})
		}, "item fields"},
		{"bad list item field", func(s *Spec) {
			s.Fields = append(s.Fields, Field{Name: "items", Label: "Items", Kind: FieldList,
				Fields: []Field{{Name: "x", Kind: FieldString}}})
		}, `field "items"`},
		{"credential without types", func(s *Spec) {
			s.Fields = append(s.Fields, Field{Name: "cred", Label: "Credential", Kind: FieldCredential})
		}, "credential types"},
		{"condition on a later field", func(s *Spec) {
			s.Fields[0], s.Fields[1] = s.Fields[1], s.Fields[0]
		}, "must come before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := validSpec("thing", 1, KindAction)
			tt.change(&s)
			msg := mustPanic(t, func() { NewRegistry().Register(s) })
			if !strings.Contains(msg, tt.want) {
				t.Errorf("panic %q does not mention %q", msg, tt.want)
			}
		})
	}
}

func TestRegistry_RegisterDuplicatePanics(t *testing.T) {
	t.Parallel()
	r := NewRegistry()
	r.Register(validSpec("thing", 1, KindAction))
	r.Register(validSpec("thing", 2, KindAction))
	msg := mustPanic(t, func() { r.Register(validSpec("thing", 1, KindAction)) })
	if !strings.Contains(msg, "already registered") {
		t.Errorf("panic %q does not say already registered", msg)
	}
}

func TestRegistry_LookupAndLatest(t *testing.T) {
	t.Parallel()
	r := NewRegistry()
	for _, v := range []int{1, 3, 2} {
		r.Register(validSpec("thing", v, KindAction))
	}
	r.Register(validSpec("other", 1, KindLogic))
	tests := []struct {
		name        string
		typ         string
		version     int
		wantLookup  bool
		wantLatest  int // 0: no latest
		wantHasType bool
	}{
		{"first version", "thing", 1, true, 3, true},
		{"middle version", "thing", 2, true, 3, true},
		{"missing version", "thing", 4, false, 3, true},
		{"single version", "other", 1, true, 1, true},
		{"unknown type", "nothing", 1, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, ok := r.Lookup(tt.typ, tt.version)
			if ok != tt.wantLookup || (ok && (s.Type != tt.typ || s.Version != tt.version)) {
				t.Errorf("Lookup(%q, %d) = %v, %v", tt.typ, tt.version, s, ok)
			}
			latest, ok := r.Latest(tt.typ)
			switch {
			case ok != (tt.wantLatest != 0):
				t.Errorf("Latest(%q) ok = %v", tt.typ, ok)
			case ok && latest.Version != tt.wantLatest:
				t.Errorf("Latest(%q) = v%d, want v%d", tt.typ, latest.Version, tt.wantLatest)
			}
			if got := r.HasType(tt.typ); got != tt.wantHasType {
				t.Errorf("HasType(%q) = %v", tt.typ, got)
			}
		})
	}
}

func TestRegistry_RegisterCopiesSpec(t *testing.T) {
	t.Parallel()
	r := NewRegistry()
	s := validSpec("thing", 1, KindAction)
	r.Register(s)
	s.Label = "changed"
	if got, _ := r.Lookup("thing", 1); got.Label != "Test thing" {
		t.Errorf("registered label changed to %q", got.Label)
	}
}

func TestRegistry_AllOrdering(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		specs []Spec
		want  []string
	}{
		{"empty", nil, nil},
		{
			"kind then type then version",
			[]Spec{
				validSpec("zeta", 1, KindAction),
				validSpec("alpha", 2, KindAction),
				validSpec("beta", 1, KindLogic),
				validSpec("alpha", 1, KindAction),
				validSpec("omega", 1, KindTrigger),
				validSpec("gamma", 1, KindTrigger),
			},
			[]string{"gamma v1", "omega v1", "beta v1", "alpha v1", "alpha v2", "zeta v1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := NewRegistry()
			for _, s := range tt.specs {
				r.Register(s)
			}
			var got []string
			for _, s := range r.All() {
				got = append(got, fmt.Sprintf("%s v%d", s.Type, s.Version))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("All() = %q, want %q", got, tt.want)
			}
		})
	}
}
