package nodes

import (
	"fmt"
	"regexp"
	"sort"
	"sync"
)

// Registry holds node-type specs by type and version. The zero value is not
// usable; create one with NewRegistry.
type Registry struct {
	mu    sync.RWMutex
	specs map[string]map[int]*Spec
	// builds holds the runtimes, registered apart from the specs so that
	// a Spec stays plain data (see runtime.go).
	builds map[string]map[int]BuildFunc
}

// NewRegistry returns an empty registry, for tests.
func NewRegistry() *Registry {
	return &Registry{specs: map[string]map[int]*Spec{}}
}

// Default is the registry that node packages fill in init.
var Default = NewRegistry()

// Register adds spec to the Default registry. It panics on a duplicate or an
// incomplete spec, so a broken node package fails at start.
func Register(spec Spec) { Default.Register(spec) }

var typeName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Register adds spec to r. It panics on a duplicate or incomplete spec.
func (r *Registry) Register(spec Spec) {
	if err := checkSpec(&spec); err != nil {
		panic(fmt.Sprintf("nodes: register %s v%d: %v", spec.Type, spec.Version, err))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	byVersion := r.specs[spec.Type]
	if byVersion == nil {
		byVersion = map[int]*Spec{}
		r.specs[spec.Type] = byVersion
	}
	if _, dup := byVersion[spec.Version]; dup {
		panic(fmt.Sprintf("nodes: register %s v%d: already registered", spec.Type, spec.Version))
	}
	s := spec
	byVersion[spec.Version] = &s
}

// Lookup returns the spec of typ at version.
func (r *Registry) Lookup(typ string, version int) (*Spec, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s, ok := r.specs[typ][version]
	return s, ok
}

// Latest returns the highest registered version of typ.
func (r *Registry) Latest(typ string) (*Spec, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var best *Spec
	for _, s := range r.specs[typ] {
		if best == nil || s.Version > best.Version {
			best = s
		}
	}
	return best, best != nil
}

// HasType reports whether any version of typ is registered.
func (r *Registry) HasType(typ string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.specs[typ]) > 0
}

// All returns every spec, sorted by kind (triggers, logic, actions), type
// and version, so listings and generated docs are stable.
func (r *Registry) All() []*Spec {
	r.mu.RLock()
	var out []*Spec
	for _, byVersion := range r.specs {
		for _, s := range byVersion {
			out = append(out, s)
		}
	}
	r.mu.RUnlock()
	rank := map[Kind]int{KindTrigger: 0, KindLogic: 1, KindAction: 2}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a.Kind] != rank[b.Kind] {
			return rank[a.Kind] < rank[b.Kind]
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.Version < b.Version
	})
	return out
}

func checkSpec(s *Spec) error {
	switch {
	case !typeName.MatchString(s.Type):
		return fmt.Errorf("type %q must be lower-case letters, digits and _", s.Type)
	case s.Version < 1:
		return fmt.Errorf("version must be 1 or more")
	case s.Kind != KindTrigger && s.Kind != KindLogic && s.Kind != KindAction:
		return fmt.Errorf("unknown kind %q", s.Kind)
	case s.Label == "" || s.Description == "":
		return fmt.Errorf("label and description are required")
	}
	ports := map[string]bool{}
	for _, p := range s.Ports {
		if p.Name == "" || p.Label == "" || ports[p.Name] {
			return fmt.Errorf("port %q: needs a unique name and a label", p.Name)
		}
		ports[p.Name] = true
	}
	if d := s.Dynamic; d != nil {
		f, ok := s.Field(d.ListField)
		if !ok || f.Kind != FieldList {
			return fmt.Errorf("dynamic ports: %q is not a list field", d.ListField)
		}
	}
	return checkFields(s.Fields)
}

func checkFields(fields []Field) error {
	seen := map[string]bool{}
	for _, f := range fields {
		if f.Name == "" || f.Label == "" || f.Kind == "" {
			return fmt.Errorf("field %q: needs a name, a label and a kind", f.Name)
		}
		if seen[f.Name] {
			return fmt.Errorf("field %q: registered twice", f.Name)
		}
		seen[f.Name] = true
		switch f.Kind {
		case FieldSelect:
			if len(f.Options) == 0 {
				return fmt.Errorf("field %q: a select needs options", f.Name)
			}
		case FieldList:
			if len(f.Fields) == 0 {
				return fmt.Errorf("field %q: a list needs item fields", f.Name)
			}
			if err := checkFields(f.Fields); err != nil {
				return fmt.Errorf("field %q: %w", f.Name, err)
			}
		case FieldCredential:
			if len(f.CredentialTypes) == 0 {
				return fmt.Errorf("field %q: a credential field needs credential types", f.Name)
			}
		case FieldString, FieldText, FieldNumber, FieldInteger, FieldBool, FieldMultiSelect,
			FieldDuration, FieldExpression, FieldPath, FieldKeyValue, FieldJSON:
		default:
			return fmt.Errorf("field %q: unknown kind %q", f.Name, f.Kind)
		}
		if f.When != nil && !seen[f.When.Field] {
			return fmt.Errorf("field %q: condition names %q, which must come before it", f.Name, f.When.Field)
		}
	}
	return nil
}
