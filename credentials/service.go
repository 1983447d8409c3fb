package credentials

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/internal/safehttp"
	"github.com/hookflow/hookflow/internal/secrets"
)

// IDPrefix starts every credential id: "crd_...".
const IDPrefix = "crd"

// Endpoints replace the token endpoints of the providers, for tests and
// for private deployments. Empty fields keep the public endpoints.
type Endpoints struct {
	// ZohoAccounts replaces the accounts server of every data centre
	// (https://accounts.zoho.<dc>); /oauth/v2/token is appended.
	ZohoAccounts string
	// GoogleToken replaces https://oauth2.googleapis.com/token, for
	// service accounts and OAuth clients alike.
	GoogleToken string
}

// Options configure a Service.
type Options struct {
	Store Store
	Box   *secrets.Box
	// HTTP is the guarded client that token endpoints are called with and
	// URLs are checked by.
	HTTP      *safehttp.Client
	Endpoints Endpoints
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// NewID makes credential ids; nil is ids.New(IDPrefix).
	NewID func() string
}

// Service is the credential use cases: create, change, list and delete
// credentials without ever showing a secret, and Resolve them for running
// nodes. It is safe for concurrent use.
type Service struct {
	store     Store
	box       *secrets.Box
	http      *safehttp.Client
	endpoints Endpoints
	now       func() time.Time
	newID     func() string
	redactor  *Redactor
	mu        sync.Mutex
	tokens    map[string]*tokenCache // by credential id
}

// NewService returns a Service; Store, Box and HTTP are required.
func NewService(o Options) (*Service, error) {
	if o.Store == nil || o.Box == nil || o.HTTP == nil {
		return nil, errors.New("credentials: a service needs a store, a box and an HTTP client")
	}
	s := &Service{store: o.Store, box: o.Box, http: o.HTTP, endpoints: o.Endpoints, now: o.Now, newID: o.NewID,
		redactor: NewRedactor(), tokens: map[string]*tokenCache{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.newID == nil {
		s.newID = func() string { return ids.New(IDPrefix) }
	}
	return s, nil
}

// Redactor returns the redactor that knows every secret value this
// service has resolved, for logs.
func (s *Service) Redactor() *Redactor { return s.redactor }

// Create validates in, seals its secret fields and stores the credential.
func (s *Service) Create(ctx context.Context, in Input) (*View, error) {
	d, problems := checkHeader(in.Name, in.Type)
	if d == nil {
		return nil, &ValidationError{Problems: problems}
	}
	values, more := normalize(d, in.Fields)
	problems = append(problems, more...)
	problems = append(problems, s.check(d, values)...)
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	now := s.now().UTC()
	c := &Credential{ID: s.newID(), Name: strings.TrimSpace(in.Name), Type: d.Type, CreatedAt: now, UpdatedAt: now}
	if err := s.seal(c, d, values); err != nil {
		return nil, err
	}
	if err := s.store.CreateCredential(ctx, c); err != nil {
		return nil, fmt.Errorf("create credential: %w", err)
	}
	return view(d, c, values), nil
}

// Update changes credential id. An empty name keeps the old one; a
// secret field left empty or out keeps its value, so a form need not
// send secrets back; a public field given empty is cleared. The type
// cannot change.
func (s *Service) Update(ctx context.Context, id string, in Input) (*View, error) {
	old, err := s.store.GetCredential(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("update credential %s: %w", id, err)
	}
	d, ok := LookupType(old.Type)
	if !ok {
		return nil, fmt.Errorf("update credential %s: unknown type %q", id, old.Type)
	}
	if in.Type != "" && in.Type != old.Type {
		return nil, invalid("type", "cannot change from "+old.Type+"; create a new credential instead")
	}
	name := cmp.Or(strings.TrimSpace(in.Name), old.Name)
	_, problems := checkHeader(name, old.Type)
	values, err := s.open(old)
	if err != nil {
		return nil, err
	}
	given, more := normalize(d, in.Fields)
	problems = append(problems, more...)
	for k, v := range given {
		if f, _ := d.Field(k); !f.Secret || v != "" {
			values[k] = v
		}
	}
	problems = append(problems, s.check(d, values)...)
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	c := *old
	c.Name, c.UpdatedAt = name, s.now().UTC()
	if err := s.seal(&c, d, values); err != nil {
		return nil, err
	}
	if err := s.store.UpdateCredential(ctx, &c); err != nil {
		return nil, fmt.Errorf("update credential %s: %w", id, err)
	}
	s.forget(id)
	return view(d, &c, values), nil
}

// Get returns credential id without its secrets.
func (s *Service) Get(ctx context.Context, id string) (*View, error) {
	c, err := s.store.GetCredential(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get credential %s: %w", id, err)
	}
	return s.view(c)
}

// List returns every credential without secrets, by name.
func (s *Service) List(ctx context.Context) ([]*View, error) {
	cs, err := s.store.ListCredentials(ctx)
	if err != nil {
		return nil, fmt.Errorf("list credentials: %w", err)
	}
	out := make([]*View, 0, len(cs))
	for _, c := range cs {
		v, err := s.view(c)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Delete removes credential id. Flows that use it fail at that step
// until they are given another one.
func (s *Service) Delete(ctx context.Context, id string) error {
	if err := s.store.DeleteCredential(ctx, id); err != nil {
		return fmt.Errorf("delete credential %s: %w", id, err)
	}
	s.forget(id)
	return nil
}

// seal splits values into c.Public and the sealed c.Secret.
func (s *Service) seal(c *Credential, d *TypeDef, values map[string]string) error {
	public, secret := map[string]string{}, map[string]string{}
	for k, v := range values {
		if f, _ := d.Field(k); f.Secret {
			secret[k] = v
		} else {
			public[k] = v
		}
	}
	plain, err := json.Marshal(secret)
	if err != nil {
		return fmt.Errorf("seal credential: %w", err)
	}
	sealed, err := s.box.Seal(plain, aad(c))
	clear(plain)
	if err != nil {
		return fmt.Errorf("seal credential: %w", err)
	}
	c.Public, c.Secret = public, sealed
	return nil
}

// open returns every field of c, secret ones opened.
func (s *Service) open(c *Credential) (map[string]string, error) {
	values := maps.Clone(c.Public)
	if values == nil {
		values = map[string]string{}
	}
	plain, err := s.box.Open(c.Secret, aad(c))
	if err != nil {
		return nil, fmt.Errorf("credential %s cannot be opened: %w; %s must be the key it was saved with",
			c.ID, err, secrets.KeyEnv)
	}
	var secret map[string]string
	if err := json.Unmarshal(plain, &secret); err != nil {
		return nil, fmt.Errorf("credential %s: the sealed fields are not a JSON object", c.ID)
	}
	maps.Copy(values, secret)
	return values, nil
}

// aad binds a sealed value to its credential's id and type.
func aad(c *Credential) []byte { return []byte("credential\x00" + c.ID + "\x00" + c.Type) }

func (s *Service) view(c *Credential) (*View, error) {
	d, ok := LookupType(c.Type)
	if !ok {
		return nil, fmt.Errorf("credential %s has an unknown type %q", c.ID, c.Type)
	}
	values, err := s.open(c)
	if err != nil {
		return nil, err
	}
	return view(d, c, values), nil
}

func view(d *TypeDef, c *Credential, values map[string]string) *View {
	v := &View{ID: c.ID, Name: c.Name, Type: c.Type, Fields: maps.Clone(c.Public), Secrets: map[string]string{},
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	for _, f := range d.Fields {
		if !f.Secret || !f.applies(values) {
			continue
		}
		v.Secrets[f.Name] = SecretUnset
		if values[f.Name] != "" {
			v.Secrets[f.Name] = SecretSet
		}
	}
	return v
}
