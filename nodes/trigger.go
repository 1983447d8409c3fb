package nodes

import (
	"context"

	"github.com/hookflow/hookflow/internal/mapping"
)

// BuildTrigger builds the runtime that every trigger shares: its output is
// the run's trigger data, and each mapping sets vars.<name> to the value at
// its path in that data. A mapped field that is absent sets nothing and is
// recorded on the step as missing; a trigger never fails for it, because
// senders often leave optional fields out.
func BuildTrigger(b Builder, mappings []Mapping) (Runner, error) {
	t := &triggerRunner{items: make([]mappedVar, len(mappings))}
	for i, m := range mappings {
		p, err := b.Path(FieldIndex(MappingsFieldName, i, MappingPathField), m.Path)
		if err != nil {
			return nil, err
		}
		if err := b.DeclareVar(m.Name); err != nil {
			return nil, err
		}
		key := mapping.AppendString(nil, m.Name)
		t.items[i] = mappedVar{key: append(key, ':'), path: p}
	}
	return t, nil
}

type mappedVar struct {
	key  []byte // "name":
	path Path
}

type triggerRunner struct {
	items []mappedVar
}

// Run outputs the trigger data and builds the mapped variables into one
// JSON object, the step's record of them.
func (t *triggerRunner) Run(_ context.Context, rc RunContext) (Result, error) {
	res := Result{Output: rc.Trigger()}
	if len(t.items) == 0 {
		return res, nil
	}
	vars := make([]byte, 0, 32*len(t.items)+16)
	vars = append(vars, '{')
	for _, it := range t.items {
		v := rc.Get(it.path)
		if !v.Exists() {
			rc.NoteMissing(it.path.String())
			continue
		}
		if len(vars) > 1 {
			vars = append(vars, ',')
		}
		vars = append(vars, it.key...)
		vars = mapping.AppendCompact(vars, v.Raw)
	}
	if len(vars) > 1 {
		res.Vars = append(vars, '}')
	}
	return res, nil
}

var _ Runner = (*triggerRunner)(nil)
