// Package mapping parses what a flow author writes to move data between
// steps: {{ path }} templates, gjson paths and expr expressions. Validation
// (flows) and execution (engine) share it, so a flow that publishes is a
// flow whose templates and expressions run.
package mapping

import (
	"fmt"
	"strings"
)

// Part is one piece of a template: literal text, or a path to a value of
// the run context when Path is non-empty.
type Part struct {
	Text string
	Path string
}

// Template is a parsed text with {{ path }} placeholders.
type Template struct {
	Parts []Part
}

// Single reports whether the template is one placeholder and nothing else
// (surrounding spaces aside). Such a field keeps the JSON type of the value
// it names instead of becoming a string.
func (t *Template) Single() (string, bool) {
	var path string
	for _, p := range t.Parts {
		switch {
		case p.Path != "" && path == "":
			path = p.Path
		case p.Path != "":
			return "", false
		case strings.TrimSpace(p.Text) != "":
			return "", false
		}
	}
	return path, path != ""
}

// Paths returns the paths the template names, in order.
func (t *Template) Paths() []string {
	var out []string
	for _, p := range t.Parts {
		if p.Path != "" {
			out = append(out, p.Path)
		}
	}
	return out
}

// HasPlaceholders reports whether s contains a {{ }} placeholder at all, a
// cheap check before parsing.
func HasPlaceholders(s string) bool { return strings.Contains(s, "{{") }

// ParseTemplate parses s. Every placeholder must be closed and hold a valid
// path; the error says which one is wrong.
func ParseTemplate(s string) (*Template, error) {
	t := &Template{}
	rest := s
	for {
		open := strings.Index(rest, "{{")
		if open < 0 {
			if strings.Contains(rest, "}}") {
				return nil, fmt.Errorf("template has %q without an opening {{", "}}")
			}
			if rest != "" {
				t.Parts = append(t.Parts, Part{Text: rest})
			}
			return t, nil
		}
		if open > 0 {
			t.Parts = append(t.Parts, Part{Text: rest[:open]})
		}
		end := strings.Index(rest[open+2:], "}}")
		if end < 0 {
			return nil, fmt.Errorf("template has {{ without a closing }}")
		}
		path := strings.TrimSpace(rest[open+2 : open+2+end])
		if path == "" {
			return nil, fmt.Errorf("template has an empty {{ }}")
		}
		if err := CheckPath(path); err != nil {
			return nil, fmt.Errorf("template {{ %s }}: %w", path, err)
		}
		t.Parts = append(t.Parts, Part{Path: path})
		rest = rest[open+2+end+2:]
	}
}
