package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/flows/flowsvc"
	"github.com/hookflow/hookflow/internal/apikey"
	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/internal/metrics"
	"github.com/hookflow/hookflow/nodes"
	_ "github.com/hookflow/hookflow/nodes/all"
	"github.com/hookflow/hookflow/server"
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/mongo"
	"github.com/hookflow/hookflow/store/mongo/mongotest"
	"github.com/hookflow/hookflow/store/sqlite"
)

const adminKey = "hfk_test_admin_key_0123456789"

// backend opens the same persistent store each time it is called, so a test
// can close hookflow and start it again on the same data.
type backend struct {
	name string
	open func(t *testing.T) store.Store
}

// backends returns the embedded store and the Mongo store (on an embedded
// FerretDB, and on a real MongoDB when HOOKFLOW_TEST_MONGO_URI is set).
func backends(t *testing.T) []backend {
	t.Helper()
	dir := t.TempDir()
	list := []backend{{name: "sqlite", open: func(t *testing.T) store.Store {
		st, err := sqlite.Open(context.Background(), filepath.Join(dir, "hookflow.db"))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}}}
	mongoAt := func(uri string) func(t *testing.T) store.Store {
		db := "hookflow_" + ids.Random(5)
		return func(t *testing.T) store.Store {
			st, err := mongo.Open(context.Background(), mongo.Config{URI: uri, Database: db})
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
	}
	if !testing.Short() {
		list = append(list, backend{name: "ferretdb", open: mongoAt(mongotest.Start(t))})
	}
	if uri := os.Getenv("HOOKFLOW_TEST_MONGO_URI"); uri != "" {
		list = append(list, backend{name: "mongodb", open: mongoAt(uri)})
	}
	return list
}

// instance is one running hookflow app over a store, listening on a
// loopback port so requests go through the real HTTP server and its limits.
type instance struct {
	t     *testing.T
	app   *fiber.App
	url   string
	store store.Store
}

func start(t *testing.T, st store.Store) *instance {
	t.Helper()
	return startWith(t, st, func(*server.Deps) {})
}

// startWith is start with the dependencies changed by adjust.
func startWith(t *testing.T, st store.Store, adjust func(d *server.Deps)) *instance {
	t.Helper()
	keys := &apikey.Service{Store: st, CacheFor: time.Second}
	if _, err := keys.Bootstrap(context.Background(), adminKey); err != nil {
		t.Fatal(err)
	}
	d := server.Deps{
		Flows:    &flowsvc.Service{Store: st, Registry: nodes.Default, PublicURL: "http://hooks.test"},
		Keys:     keys,
		Registry: nodes.Default,
		Ping:     st.Ping,
		Log:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		Metrics:  metrics.NewRegistry(),
		Version:  "test",
	}
	adjust(&d)
	app := server.New(d)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	return &instance{t: t, app: app, url: "http://" + ln.Addr().String(), store: st}
}

// response is a decoded answer.
type response struct {
	Status int
	Body   []byte
}

func (r response) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, r.Body)
	}
	return m
}

// do sends a request with the admin key; header overrides it ("" sends none).
func (in *instance) do(method, path string, body []byte, header ...string) response {
	in.t.Helper()
	req, err := http.NewRequest(method, in.url+path, bytes.NewReader(body))
	if err != nil {
		in.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	auth := "Bearer " + adminKey
	if len(header) > 0 {
		auth = header[0]
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		in.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Body: data}
}

func (in *instance) expect(method, path string, body []byte, status int) map[string]any {
	in.t.Helper()
	r := in.do(method, path, body)
	if r.Status != status {
		in.t.Fatalf("%s %s = %d, want %d: %s", method, path, r.Status, status, r.Body)
	}
	if len(r.Body) == 0 {
		return nil
	}
	return r.JSON(in.t)
}

// doLarge sends a body of size bytes over a raw connection and reads the
// answer while the body is still being written, as curl does: the server
// answers 413 from the Content-Length and closes, which makes an ordinary
// client fail on its write before it reads the answer.
func (in *instance) doLarge(method, path string, size int, auth string) response {
	in.t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(in.url, "http://"))
	if err != nil {
		in.t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nAuthorization: %s\r\nContent-Length: %d\r\n\r\n",
		method, path, auth, size)
	go func() {
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		for sent := 0; sent < size; sent += len(chunk) {
			if _, err := conn.Write(chunk); err != nil {
				return
			}
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		in.t.Fatalf("%s %s with %d bytes: %v", method, path, size, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Body: data}
}
