package engine

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/tidwall/gjson"
	"github.com/tidwall/sjson"

	"github.com/hookflow/hookflow/nodes"
)

// Redacted replaces the value of a Secret field in recorded step inputs.
const Redacted = "••••"

// redactedInput returns a node's config as its steps record it: compact,
// with the values of the spec's Secret fields replaced, in list items too.
// It is made once per plan and shared by every step of the node.
func redactedInput(spec *nodes.Spec, config json.RawMessage) []byte {
	var buf bytes.Buffer
	if len(bytes.TrimSpace(config)) == 0 || json.Compact(&buf, config) != nil {
		return []byte("{}")
	}
	return redact(buf.Bytes(), "", spec.Fields)
}

func redact(doc []byte, prefix string, fields []nodes.Field) []byte {
	for _, f := range fields {
		path := prefix + gjson.Escape(f.Name)
		v := gjson.GetBytes(doc, path)
		switch {
		case !v.Exists():
		case f.Secret:
			if out, err := sjson.SetBytes(doc, path, Redacted); err == nil {
				doc = out
			}
		case f.Kind == nodes.FieldList && v.IsArray():
			for i := range len(v.Array()) {
				doc = redact(doc, path+"."+strconv.Itoa(i)+".", f.Fields)
			}
		}
	}
	return doc
}
