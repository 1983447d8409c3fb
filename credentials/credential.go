// Package credentials keeps the secrets that actions use to reach other
// systems: BASIC and BEARER secrets, HubSpot, Zoho CRM, Salesforce and
// Google connections. Its rule: secret values are sealed at rest
// (internal/secrets), never returned by List or Get, and only Resolve,
// which the engine calls for a running node, opens them. Every call it
// makes, to token endpoints too, goes through internal/safehttp.
package credentials

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Credential is a stored credential. Public holds the fields that are not
// secret (a username, a client id, a data centre); Secret is the sealed
// JSON object of the secret ones, bound to the credential's id.
type Credential struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	Type      string            `json:"type"`
	CreatedAt time.Time         `json:"createdAt"`
	UpdatedAt time.Time         `json:"updatedAt"`
	Public    map[string]string `json:"public"`
	Secret    []byte            `json:"secret"`
}

// Sentinel errors. Store implementations return errors that wrap
// ErrNotFound and ErrConflict; the Service's input errors wrap ErrInvalid.
var (
	ErrNotFound = errors.New("credential not found")
	ErrConflict = errors.New("credential already exists")
	ErrInvalid  = errors.New("invalid credential")
)

// Store persists credentials as they are; it never opens Secret.
type Store interface {
	// CreateCredential stores c; an error wrapping ErrConflict if its id
	// is taken.
	CreateCredential(ctx context.Context, c *Credential) error
	// GetCredential returns the credential with id, or an error wrapping
	// ErrNotFound.
	GetCredential(ctx context.Context, id string) (*Credential, error)
	// ListCredentials returns every credential, in any order.
	ListCredentials(ctx context.Context) ([]*Credential, error)
	// UpdateCredential replaces the stored credential with c (matched by
	// id); an error wrapping ErrNotFound if there is none.
	UpdateCredential(ctx context.Context, c *Credential) error
	// DeleteCredential removes a credential; an error wrapping ErrNotFound
	// if absent.
	DeleteCredential(ctx context.Context, id string) error
}

// Input is what a person gives to create or change a credential: a name,
// a type and the type's fields, secret or not, by name.
type Input struct {
	Name   string            `json:"name"`
	Type   string            `json:"type"`
	Fields map[string]string `json:"fields"`
}

// Values of View.Secrets.
const (
	SecretSet   = "set"
	SecretUnset = "unset"
)

// View is a credential as the API shows it: its public fields, and only
// whether each secret field is set.
type View struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	Type      string            `json:"type"`
	Fields    map[string]string `json:"fields"`
	Secrets   map[string]string `json:"secrets"`
	CreatedAt time.Time         `json:"createdAt"`
	UpdatedAt time.Time         `json:"updatedAt"`
}

// Problem is one thing wrong with an Input, pinned to a field ("name",
// "type" or a field of the type).
type Problem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError lists every problem of an Input at once. It wraps
// ErrInvalid, so an API renders it as 400.
type ValidationError struct {
	Problems []Problem
}

// Error joins the problems: "refreshToken: is required; dataCenter: ...".
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Field + ": " + p.Message
	}
	return "invalid credential: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) hold.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, message string) error {
	return &ValidationError{Problems: []Problem{{Field: field, Message: message}}}
}
