package credentials

import (
	"encoding/json"
	"slices"
	"strings"

	"golang.org/x/oauth2/google"
)

// maxNameLen and maxValueLen bound what a credential holds.
const (
	maxNameLen  = 200
	maxValueLen = 64 << 10
)

// normalize returns in's fields cleaned up: values trimmed (a password
// keeps its spaces), unknown fields reported, derived ones dropped.
func normalize(d *TypeDef, fields map[string]string) (map[string]string, []Problem) {
	out := make(map[string]string, len(fields))
	var problems []Problem
	for name, v := range fields {
		f, ok := d.Field(name)
		switch {
		case !ok:
			problems = append(problems, Problem{name, "is not a field of " + d.Type + " credentials"})
		case f.Derived:
		case len(v) > maxValueLen:
			problems = append(problems, Problem{name, "is too long"})
		case name == FieldPassword:
			out[name] = v
		default:
			out[name] = strings.TrimSpace(v)
		}
	}
	return out, problems
}

// check validates the complete values of a credential of type d, in
// place: defaults filled, fields that do not apply removed, derived
// fields set. It returns every problem found.
func (s *Service) check(d *TypeDef, values map[string]string) []Problem {
	for _, f := range d.Fields {
		if f.Default != "" && values[f.Name] == "" {
			values[f.Name] = f.Default
		}
	}
	var problems []Problem
	for _, f := range d.Fields {
		v := values[f.Name]
		if !f.applies(values) {
			delete(values, f.Name)
			continue
		}
		switch {
		case f.Derived:
		case v == "":
			if f.Required {
				problems = append(problems, Problem{f.Name, "is required"})
			}
			delete(values, f.Name)
		case len(f.Options) > 0 && !slices.Contains(f.Options, v):
			problems = append(problems, Problem{f.Name, "must be one of " + strings.Join(f.Options, ", ")})
		case f.URL:
			if err := s.http.CheckURL(v); err != nil {
				problems = append(problems, Problem{f.Name, err.Error()})
			}
			values[f.Name] = strings.TrimRight(v, "/")
		}
	}
	if d.Type == TypeGoogle && values[FieldServiceAccountJSON] != "" {
		email, msg := serviceAccountEmail(values[FieldServiceAccountJSON])
		if msg != "" {
			problems = append(problems, Problem{FieldServiceAccountJSON, msg})
		}
		values[FieldClientEmail] = email
	}
	return problems
}

// serviceAccountEmail checks a service-account key file and returns the
// account's email, or what is wrong with the file.
func serviceAccountEmail(raw string) (string, string) {
	var key struct {
		Type        string `json:"type"`
		ClientEmail string `json:"client_email"`
		PrivateKey  string `json:"private_key"`
	}
	if err := json.Unmarshal([]byte(raw), &key); err != nil {
		return "", "is not JSON: paste the whole key file"
	}
	if key.Type != "service_account" {
		return "", "is not a service account key (its type is " + quote(key.Type) + ")"
	}
	if key.ClientEmail == "" || !strings.Contains(key.PrivateKey, "PRIVATE KEY") {
		return "", "lacks client_email or private_key: paste the whole key file"
	}
	if _, err := google.JWTConfigFromJSON([]byte(raw), SheetsScope); err != nil {
		return "", "cannot be used: " + err.Error()
	}
	return key.ClientEmail, ""
}

func quote(s string) string { return `"` + s + `"` }

// checkHeader validates the name and type of a credential.
func checkHeader(name, typ string) (*TypeDef, []Problem) {
	var problems []Problem
	switch n := strings.TrimSpace(name); {
	case n == "":
		problems = append(problems, Problem{"name", "is required"})
	case len(n) > maxNameLen:
		problems = append(problems, Problem{"name", "is too long"})
	}
	d, ok := LookupType(typ)
	if !ok {
		problems = append(problems, Problem{"type", "must be one of " + typeNames()})
	}
	return d, problems
}
