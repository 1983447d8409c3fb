package nodes

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// DecodeConfig decodes a node's raw config into dst, a pointer to the node
// type's Config, through spec: a field that is absent or null takes the
// spec's Default, items of list fields too, and a field the spec does not
// know is an error. It runs when a plan is built, never per run.
func DecodeConfig(spec *Spec, raw json.RawMessage, dst any) error {
	filled, err := withDefaults(spec.Fields, raw)
	if err != nil {
		return fmt.Errorf("decode %s config: %w", spec.Type, err)
	}
	dec := json.NewDecoder(bytes.NewReader(filled))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return fmt.Errorf("decode %s config: %w", spec.Type, err)
	}
	return nil
}

// withDefaults returns the object raw with the defaults of fields filled
// in, recursively for list items.
func withDefaults(fields []Field, raw json.RawMessage) (json.RawMessage, error) {
	obj := map[string]json.RawMessage{}
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && !bytes.Equal(trimmed, []byte("null")) {
		if err := json.Unmarshal(trimmed, &obj); err != nil {
			return nil, fmt.Errorf("config must be a JSON object: %w", err)
		}
	}
	for _, f := range fields {
		v, present := obj[f.Name]
		absent := !present || bytes.Equal(bytes.TrimSpace(v), []byte("null"))
		switch {
		case absent && f.Default != nil:
			b, err := json.Marshal(f.Default)
			if err != nil {
				return nil, fmt.Errorf("default of %s: %w", f.Name, err)
			}
			obj[f.Name] = b
		case !absent && f.Kind == FieldList:
			items, err := listDefaults(f, v)
			if err != nil {
				return nil, err
			}
			obj[f.Name] = items
		}
	}
	return json.Marshal(obj)
}

func listDefaults(f Field, raw json.RawMessage) (json.RawMessage, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("%s must be a list: %w", f.Name, err)
	}
	for i, it := range items {
		filled, err := withDefaults(f.Fields, it)
		if err != nil {
			return nil, fmt.Errorf("%s[%d]: %w", f.Name, i, err)
		}
		items[i] = filled
	}
	return json.Marshal(items)
}
