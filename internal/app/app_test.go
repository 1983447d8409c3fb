package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookflow/hookflow/internal/app"
	_ "github.com/hookflow/hookflow/nodes/all"
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/sqlite"
)

const key = "hfk_app_test_admin_key_0123456789"

// proc is one hookflow process in the test, over a store that outlives it.
type proc struct {
	t   testing.TB
	app *app.App
	url string
}

func openSQLite(t testing.TB, path string) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// startProc starts an App on st with short leases and polls, so that
// takeover and delays happen within a test's patience.
func startProc(t *testing.T, st store.Store) *proc {
	t.Helper()
	return startProcWith(t, st, app.Options{})
}

// testKey seals the credentials of test processes.
var testKey = bytes.Repeat([]byte{7}, 32)

// startProcWith is startProc with options; zero fields get test defaults.
func startProcWith(t testing.TB, st store.Store, o app.Options) *proc {
	t.Helper()
	o.PublicURL, o.Workers, o.Lease, o.Poll, o.Version = "http://hooks.test", 4, time.Second, 50*time.Millisecond, "test"
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.SecretKey == nil {
		o.SecretKey = testKey
	}
	a, err := app.New(st, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Keys.Bootstrap(context.Background(), key); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a.Start(ctx)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Serve(ln) }()
	p := &proc{t: t, app: a, url: "http://" + ln.Addr().String()}
	t.Cleanup(func() { p.stop(); cancel() })
	return p
}

func (p *proc) stop() {
	_ = p.app.HTTP.Shutdown()
	p.app.Stop()
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("not JSON: %s", a.body)
	}
	return m
}

func (p *proc) send(method, path, ctype string, body []byte, headers ...string) answer {
	p.t.Helper()
	req, _ := http.NewRequest(method, p.url+path, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: data}
}

func (p *proc) api(method, path, body string, want int) map[string]any {
	p.t.Helper()
	a := p.send(method, path, "application/json", []byte(body), "Authorization", "Bearer "+key)
	if a.status != want {
		p.t.Fatalf("%s %s = %d, want %d: %s", method, path, a.status, want, a.body)
	}
	if len(a.body) == 0 {
		return nil
	}
	return a.json(p.t)
}

// flow creates, publishes and activates a flow; it returns id and hook path.
func (p *proc) flow(doc string) (string, string) {
	p.t.Helper()
	f := p.api("POST", "/api/flows", doc, 201)
	id := f["id"].(string)
	p.api("POST", "/api/flows/"+id+"/publish", "", 200)
	p.api("POST", "/api/flows/"+id+"/activate", "", 200)
	return id, "/hook/" + f["hookToken"].(string)
}

func (p *proc) hook(path, body string, headers ...string) answer {
	p.t.Helper()
	return p.send("POST", path, "application/json", []byte(body), headers...)
}

// waitRun polls a run until it has finished.
func (p *proc) waitRun(id string) map[string]any {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := p.api("GET", "/api/runs/"+id, "", 200)
		switch r["status"] {
		case "succeeded", "failed", "canceled":
			return r
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("run %s still %v", id, r["status"])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func step(t *testing.T, run map[string]any, node string) map[string]any {
	t.Helper()
	for _, s := range run["steps"].([]any) {
		if m := s.(map[string]any); m["nodeId"] == node {
			return m
		}
	}
	t.Fatalf("run has no step %q: %v", node, run["steps"])
	return nil
}

func dbPath(t *testing.T) string { return filepath.Join(t.TempDir(), "hookflow.db") }

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
