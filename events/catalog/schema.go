package catalog

// draft is the JSON Schema dialect every catalog schema declares.
const draft = "https://json-schema.org/draft/2020-12/schema"

// schema is the subset of JSON Schema (draft 2020-12) the catalog uses:
// type, properties, required, items, enum (of strings), format
// "date-time" and additionalProperties. The same value is marshalled into
// Type.Schema and walked by the validator, so what is published is what is
// checked.
type schema struct {
	Schema               string             `json:"$schema,omitempty"`
	Title                string             `json:"title,omitempty"`
	Description          string             `json:"description,omitempty"`
	Type                 string             `json:"type,omitempty"`
	Format               string             `json:"format,omitempty"`
	Enum                 []string           `json:"enum,omitempty"`
	Properties           map[string]*schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	Items                *schema            `json:"items,omitempty"`
	AdditionalProperties *bool              `json:"additionalProperties,omitempty"`
}

// JSON Schema type names the catalog uses.
const (
	typeObject  = "object"
	typeArray   = "array"
	typeString  = "string"
	typeNumber  = "number"
	typeInteger = "integer"
	typeBoolean = "boolean"
)

// formatDateTime is the only format the validator checks: an RFC 3339 time
// such as "2025-01-31T09:00:00Z".
const formatDateTime = "date-time"

// props are the properties of an object schema, by name.
type props map[string]*schema

// allowExtra is shared by every object: events may carry fields the catalog
// does not list yet, and flows that do not read them must not break.
var allowExtra = true

func str(desc string) *schema { return &schema{Type: typeString, Description: desc} }

func num(desc string) *schema { return &schema{Type: typeNumber, Description: desc} }

func integer(desc string) *schema { return &schema{Type: typeInteger, Description: desc} }

func boolean(desc string) *schema { return &schema{Type: typeBoolean, Description: desc} }

// anyValue accepts any JSON value: custom fields hold text, numbers or
// booleans as the business defined them.
func anyValue(desc string) *schema { return &schema{Description: desc} }

func dateTime(desc string) *schema {
	return &schema{Type: typeString, Format: formatDateTime, Description: desc}
}

func enum(desc string, values ...string) *schema {
	return &schema{Type: typeString, Enum: values, Description: desc}
}

func arr(desc string, items *schema) *schema {
	return &schema{Type: typeArray, Items: items, Description: desc}
}

// obj returns an object schema with the given properties, of which the
// named ones are required.
func obj(desc string, p props, required ...string) *schema {
	return &schema{
		Type:                 typeObject,
		Description:          desc,
		Properties:           p,
		Required:             required,
		AdditionalProperties: &allowExtra,
	}
}

// with returns a copy of the object schema s with more properties and more
// required names; s itself is left as it is, so shared pieces stay shared.
func with(s *schema, more props, required ...string) *schema {
	p := make(props, len(s.Properties)+len(more))
	for k, v := range s.Properties {
		p[k] = v
	}
	for k, v := range more {
		p[k] = v
	}
	c := *s
	c.Properties = p
	c.Required = append(append([]string(nil), s.Required...), required...)
	return &c
}
