package credentials

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// SheetsScope is the OAuth scope Google credentials are used with.
const SheetsScope = "https://www.googleapis.com/auth/spreadsheets"

// Resolved is a credential opened for a running node: its fields, secret
// ones included, and for OAuth types an access token that is cached until
// it expires. Runtimes must not log or output any of it; the engine
// redacts its Secrets from the step they ran.
type Resolved struct {
	ID   string
	Name string
	Type string

	fields  map[string]string
	secrets []string
	tokens  *tokenCache // nil for types without OAuth
	mu      sync.Mutex
	handed  []string // access tokens Token returned
}

// Field returns the value of a field, secret or not; "" when unset.
func (r *Resolved) Field(name string) string { return r.fields[name] }

// Token returns a valid access token: the stored token of bearer and
// hubspot credentials, or for zoho, salesforce and google ones the cached
// token, refreshed when it is about to expire. Extra values of the token
// answer, such as Salesforce's instance_url, are on the token.
func (r *Resolved) Token(ctx context.Context) (*oauth2.Token, error) {
	if r.tokens == nil {
		if t := r.fields[FieldToken]; t != "" {
			return &oauth2.Token{AccessToken: t, TokenType: "Bearer"}, nil
		}
		return nil, fmt.Errorf("credential %s (%s) has no token", r.ID, r.Type)
	}
	t, err := r.tokens.token(ctx)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if !slices.Contains(r.handed, t.AccessToken) {
		r.handed = append(r.handed, t.AccessToken)
	}
	r.mu.Unlock()
	return t, nil
}

// Invalidate drops the cached access token when it is still token, after
// an API said it is no longer valid; the next Token call refreshes it.
func (r *Resolved) Invalidate(token string) {
	if r.tokens != nil {
		r.tokens.invalidate(token)
	}
}

// TokenSource returns the credential's tokens as an oauth2.TokenSource
// (for clients such as Google's), fetching with ctx.
func (r *Resolved) TokenSource(ctx context.Context) oauth2.TokenSource {
	return tokenSourceFunc(func() (*oauth2.Token, error) { return r.Token(ctx) })
}

type tokenSourceFunc func() (*oauth2.Token, error)

// Token calls f.
func (f tokenSourceFunc) Token() (*oauth2.Token, error) { return f() }

// Secrets returns the secret strings the credential puts on the wire: its
// secret fields, the values made from them (a Basic authorization, a
// service account's private key) and the access tokens it handed out.
func (r *Resolved) Secrets() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append(append([]string(nil), r.secrets...), r.handed...)
}

// Resolve opens credential id for a running node.
func (s *Service) Resolve(ctx context.Context, id string) (*Resolved, error) {
	c, err := s.store.GetCredential(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("credential %s does not exist; it may have been deleted: %w", id, err)
	}
	if err != nil {
		return nil, fmt.Errorf("load credential %s: %w", id, err)
	}
	d, ok := LookupType(c.Type)
	if !ok {
		return nil, fmt.Errorf("credential %s has an unknown type %q", id, c.Type)
	}
	values, err := s.open(c)
	if err != nil {
		return nil, err
	}
	r := &Resolved{ID: c.ID, Name: c.Name, Type: c.Type, fields: values, secrets: secretValues(d, values)}
	if fetch := s.fetcher(c.Type, values); fetch != nil {
		r.tokens = s.tokenCache(c, fetch)
	}
	s.redactor.Set(c.ID, r.secrets)
	return r, nil
}

// secretValues returns the secret fields' values and what is derived from
// them.
func secretValues(d *TypeDef, values map[string]string) []string {
	var out []string
	for _, f := range d.Fields {
		if v := values[f.Name]; f.Secret && v != "" {
			out = append(out, v)
		}
	}
	switch d.Type {
	case TypeBasic:
		out = append(out, base64.StdEncoding.EncodeToString([]byte(values[FieldUsername]+":"+values[FieldPassword])))
	case TypeGoogle:
		var key struct {
			PrivateKey   string `json:"private_key"`
			PrivateKeyID string `json:"private_key_id"`
		}
		if json.Unmarshal([]byte(values[FieldServiceAccountJSON]), &key) == nil {
			out = append(out, key.PrivateKey, key.PrivateKeyID)
		}
	}
	return out
}

// tokenCache returns the token cache of c, a new one when c changed
// since the cache was made.
func (s *Service) tokenCache(c *Credential, fetch fetchFunc) *tokenCache {
	s.mu.Lock()
	defer s.mu.Unlock()
	tc := s.tokens[c.ID]
	if tc == nil || !tc.version.Equal(c.UpdatedAt) {
		id := c.ID
		tc = &tokenCache{version: c.UpdatedAt, fetch: fetch, now: s.now,
			onToken: func(t string) { s.redactor.Set(id+"#token", []string{t}) }}
		s.tokens[c.ID] = tc
	}
	return tc
}

// forget drops what is cached for credential id.
func (s *Service) forget(id string) {
	s.mu.Lock()
	delete(s.tokens, id)
	s.mu.Unlock()
	s.redactor.Forget(id)
	s.redactor.Forget(id + "#token")
}

// fetchFunc gets a new access token.
type fetchFunc func(ctx context.Context) (*oauth2.Token, error)

// Token lifetimes: a token is refreshed this long before it expires, and
// one whose answer gave no lifetime (Salesforce) is kept this long.
const (
	expiryMargin    = time.Minute
	defaultLifetime = time.Hour
)

// tokenCache keeps one credential's access token. Fetches are serialized,
// so concurrent runs refresh a token once.
type tokenCache struct {
	version time.Time // the credential's UpdatedAt
	fetch   fetchFunc
	now     func() time.Time
	onToken func(string)
	mu      sync.Mutex
	tok     *oauth2.Token
}

func (c *tokenCache) token(ctx context.Context) (*oauth2.Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if c.tok != nil && now.Add(expiryMargin).Before(c.tok.Expiry) {
		return c.tok, nil
	}
	t, err := c.fetch(ctx)
	if err != nil {
		return nil, err
	}
	if t.Expiry.IsZero() {
		t.Expiry = now.Add(defaultLifetime)
	}
	c.tok = t
	c.onToken(t.AccessToken)
	return t, nil
}

func (c *tokenCache) invalidate(token string) {
	c.mu.Lock()
	if c.tok != nil && c.tok.AccessToken == token {
		c.tok = nil
	}
	c.mu.Unlock()
}
