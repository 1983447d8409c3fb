package mapping

import (
	"errors"
	"fmt"
	"strings"
)

// Roots are the top-level names of the run context (DESIGN.md section 5).
var Roots = []string{"trigger", "vars", "nodes", "run"}

// MaxPathLen bounds a path; longer ones are almost surely pasted data.
const MaxPathLen = 512

var modifiers = map[string]bool{
	"reverse": true, "ugly": true, "pretty": true, "this": true, "valid": true,
	"flatten": true, "join": true, "keys": true, "values": true, "tostr": true,
	"fromstr": true, "group": true, "dig": true,
}

// CheckPath reports whether p is a well-formed gjson path: no empty
// component, balanced brackets and quotes in queries, no dangling escape,
// and only gjson's built-in modifiers. gjson itself never rejects a path,
// so without this a typo would silently read nothing.
func CheckPath(p string) error {
	if p == "" {
		return errors.New("path is empty")
	}
	if len(p) > MaxPathLen {
		return fmt.Errorf("path is longer than %d characters", MaxPathLen)
	}
	if strings.ContainsAny(p, " \t\n") && !strings.Contains(p, "#(") {
		return fmt.Errorf("path %q has a space; escape it as \\  or use a query", p)
	}
	var stack []byte
	inQuote := false
	start := 0 // start of the current component
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			if i == len(p)-1 {
				return fmt.Errorf("path %q ends with a lone backslash", p)
			}
			i++
			continue
		case inQuote:
			if c == '"' {
				inQuote = false
			}
			continue
		case c == '"' && len(stack) > 0:
			inQuote = true
		case c == '(' || c == '[' || c == '{':
			stack = append(stack, c)
		case c == ')' || c == ']' || c == '}':
			if len(stack) == 0 || stack[len(stack)-1] != opener(c) {
				return fmt.Errorf("path %q has an unbalanced %q", p, c)
			}
			stack = stack[:len(stack)-1]
		case (c == '.' || c == '|') && len(stack) == 0:
			if err := checkComponent(p, p[start:i]); err != nil {
				return err
			}
			start = i + 1
		}
	}
	if inQuote {
		return fmt.Errorf("path %q has an unclosed quote", p)
	}
	if len(stack) > 0 {
		return fmt.Errorf("path %q has an unclosed %q", p, stack[len(stack)-1])
	}
	return checkComponent(p, p[start:])
}

func opener(c byte) byte {
	switch c {
	case ')':
		return '('
	case ']':
		return '['
	}
	return '{'
}

func checkComponent(p, comp string) error {
	if comp == "" {
		return fmt.Errorf("path %q has an empty part (two dots in a row, or a dot at an end)", p)
	}
	if comp[0] == '@' {
		name, _, _ := strings.Cut(comp[1:], ":")
		if !modifiers[name] {
			return fmt.Errorf("path %q uses an unknown modifier @%s", p, name)
		}
	}
	return nil
}

// Root returns the first component of a context path ("vars" of
// "vars.customer_number") and the component after it ("customer_number").
func Root(p string) (root, name string) {
	root, rest, _ := strings.Cut(p, ".")
	name, _, _ = strings.Cut(rest, ".")
	return root, name
}

// CheckContextPath checks p like CheckPath and also that it starts with one
// of the run context's roots.
func CheckContextPath(p string) error {
	if err := CheckPath(p); err != nil {
		return err
	}
	root, _ := Root(p)
	for _, r := range Roots {
		if root == r {
			return nil
		}
	}
	return fmt.Errorf("path %q must start with trigger, vars, nodes or run", p)
}
