package credentials

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/internal/mapping"
)

// Redacted replaces a secret value in run history and logs.
const Redacted = "[redacted]"

// MinSecretLen is the shortest value redacted: replacing every "ab" of a
// run would garble it and protect nothing, since so short a secret is
// guessed anyway.
const MinSecretLen = 4

// Redactor knows the secret values in use, by credential, so that logs
// and run history can hide them. It is safe for concurrent use.
type Redactor struct {
	mu   sync.RWMutex
	byID map[string][]string
}

// NewRedactor returns an empty Redactor.
func NewRedactor() *Redactor { return &Redactor{byID: map[string][]string{}} }

// Set records the secret values of key (a credential id), replacing
// those recorded before.
func (r *Redactor) Set(key string, values []string) {
	r.mu.Lock()
	r.byID[key] = slices.Clone(values)
	r.mu.Unlock()
}

// Forget drops the values of key.
func (r *Redactor) Forget(key string) {
	r.mu.Lock()
	delete(r.byID, key)
	r.mu.Unlock()
}

// Secrets returns every recorded value, longest first.
func (r *Redactor) Secrets() []string {
	r.mu.RLock()
	var out []string
	for _, key := range slices.Sorted(maps.Keys(r.byID)) {
		out = append(out, r.byID[key]...)
	}
	r.mu.RUnlock()
	return order(out)
}

// String returns s with every recorded secret replaced by Redacted.
func (r *Redactor) String(s string) string { return RedactString(s, r.Secrets()) }

// order drops the values too short to redact and sorts the rest longest
// first, so that a secret containing another is replaced whole.
func order(secrets []string) []string {
	out := make([]string, 0, len(secrets))
	for _, s := range secrets {
		if len(s) >= MinSecretLen && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// RedactString replaces every occurrence of the secrets in s.
func RedactString(s string, secrets []string) string {
	for _, sec := range order(secrets) {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
	}
	return s
}

// RedactJSON replaces every occurrence of the secrets in the JSON
// document doc, inside strings as JSON escapes them. doc is not changed;
// the result is doc itself when no secret occurs. Should a replacement
// break the document (a secret that spans JSON syntax), the whole
// document becomes the string Redacted.
func RedactJSON(doc []byte, secrets []string) []byte {
	out := doc
	for _, sec := range order(secrets) {
		for _, form := range escapedForms(sec) {
			if bytes.Contains(out, form) {
				out = bytes.ReplaceAll(out, form, []byte(Redacted))
			}
		}
	}
	if len(out) == len(doc) && bytes.Equal(out, doc) {
		return doc
	}
	if !gjson.ValidBytes(out) {
		return []byte(`"` + Redacted + `"`)
	}
	return out
}

// escapedForms returns how sec may appear in a JSON document: escaped as
// hookflow escapes strings, as encoding/json does (which also escapes <,
// > and &), and last as it is, should it span JSON syntax.
func escapedForms(sec string) [][]byte {
	forms := [][]byte{mapping.AppendEscaped(nil, sec)}
	if std, err := json.Marshal(sec); err == nil {
		forms = append(forms, std[1:len(std)-1])
	}
	forms = append(forms, []byte(sec))
	out := forms[:1]
	for _, f := range forms[1:] {
		if !slices.ContainsFunc(out, func(o []byte) bool { return bytes.Equal(o, f) }) {
			out = append(out, f)
		}
	}
	return out
}
