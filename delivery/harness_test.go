package delivery_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hookflow/hookflow/delivery"
	"github.com/hookflow/hookflow/internal/secrets"
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/sqlite"
)

// t0 is when every test's clock starts.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// clock is a fake clock that moves only when a test moves it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// dice is the jitter's source: it returns its values in turn, the last
// one again once they run out.
type dice struct {
	mu     sync.Mutex
	values []float64
}

func (d *dice) Float64() float64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	v := d.values[0]
	if len(d.values) > 1 {
		d.values = d.values[1:]
	}
	return v
}

// channels are the WABA numbers the fake installation knows.
var channels = []string{"waba_number1", "waba_number2", "919000000001"}

func isChannel(_ context.Context, n string) (bool, error) { return slices.Contains(channels, n), nil }

// env is a delivery service over a fresh SQLite store, with a fake clock.
type env struct {
	st    *sqlite.Store
	clock *clock
	dice  *dice
	box   *secrets.Box
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "hookflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key := make([]byte, secrets.KeySize)
	rand.Read(key)
	box, err := secrets.NewBox(key)
	if err != nil {
		t.Fatal(err)
	}
	return &env{st: st, clock: &clock{t: t0}, dice: &dice{values: []float64{0.5}}, box: box}
}

// service starts a service of process owner over the env's store; it
// stops when the test ends. Claims happen when the test asks (ClaimDue).
func (e *env) service(t *testing.T, owner string, tune ...func(*delivery.Config)) *delivery.Service {
	t.Helper()
	cfg := delivery.Config{
		Store: e.st, Box: e.box, IsChannel: isChannel, Owner: owner, Version: "test",
		Allow:   []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
		Workers: 4, Lease: 30 * time.Second, Poll: time.Hour, Timeout: 5 * time.Second,
		Now: e.clock.Now, Rand: e.dice.Float64,
	}
	for _, f := range tune {
		f(&cfg)
	}
	s, err := delivery.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.Start(t.Context())
	t.Cleanup(s.Stop)
	return s
}

// received is a request as a receiver saw it.
type received struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// receiver is an httptest server on 127.0.0.1 that records every request
// and answers with answer.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	answer func(w http.ResponseWriter, r *http.Request, n int)
}

// newReceiver starts a receiver; answer gets each request with its number,
// from 0; nil answers 200.
func newReceiver(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, n int)) *receiver {
	t.Helper()
	rc := &receiver{answer: answer}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		n := len(rc.got)
		rc.got = append(rc.got, received{Method: r.Method, URL: r.URL.String(), Header: r.Header.Clone(), Body: body})
		rc.mu.Unlock()
		if rc.answer == nil {
			w.Write([]byte(`{"ok":true}`))
			return
		}
		rc.answer(w, r, n)
	}))
	t.Cleanup(rc.Close)
	return rc
}

// requests returns what the receiver got so far.
func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.got)
}

// status answers every request with code.
func status(code int) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(code) }
}

// registration returns a registration of url for ADD_TAG on the first
// channel, posting JSON.
func registration(url string) *delivery.Registration {
	return &delivery.Registration{
		Name: "test", Method: "POST", URL: url, BodyFormat: delivery.FormatJSON,
		Events: []string{"ADD_TAG"}, WabaNumbers: []string{"919000000001"}, RetryOnTimeout: true,
	}
}

// register stores r and returns the webhook's id and signing secret.
func register(t *testing.T, s *delivery.Service, r *delivery.Registration) (string, string) {
	t.Helper()
	out, err := s.Register(t.Context(), r)
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	if out.ID == "" {
		t.Fatalf("Register stored nothing: %+v", out)
	}
	return out.ID, out.SigningSecret
}

// event returns an ADD_TAG event on the first channel.
func event(id string) delivery.Event {
	return delivery.Event{ID: id, Type: "ADD_TAG", Channel: "919000000001",
		Data: json.RawMessage(`{"tag":"vip","customer":{"phone":"+91 98765 43210"}}`), ReceivedAt: t0}
}

// deliver delivers ev and fails t unless it made want deliveries.
func deliver(t *testing.T, s *delivery.Service, ev delivery.Event, want int) {
	t.Helper()
	n, err := s.Deliver(t.Context(), ev)
	if err != nil || n != want {
		t.Fatalf("Deliver = %d, %v; want %d", n, err, want)
	}
}

// waitFor polls until cond holds, for up to 10 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// waitDelivery polls the delivery id until cond holds of it, and returns
// it.
func (e *env) waitDelivery(t *testing.T, id, what string, cond func(d *store.Delivery) bool) *store.Delivery {
	t.Helper()
	var d *store.Delivery
	waitFor(t, what, func() bool {
		var err error
		d, err = e.st.GetDelivery(t.Context(), id)
		return err == nil && d.Owner == "" && cond(d)
	})
	return d
}

// waitTries waits until delivery id has made tries attempts in its round
// and no process holds it.
func (e *env) waitTries(t *testing.T, id string, tries int) *store.Delivery {
	t.Helper()
	return e.waitDelivery(t, id, "attempt", func(d *store.Delivery) bool { return d.Tries == tries })
}
