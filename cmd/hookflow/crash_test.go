package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hookflow/hookflow/store/mongo/mongotest"
)

const crashKey = "hfk_crash_test_admin_key_0123456789"

// crashSecretKey is the credentials key of the Mongo cases: base64 of 32 bytes.
const crashSecretKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

// crashFlows are immediate-mode flows: one that runs in memory inside the
// request (webhook → condition → set), and one with a durable delay that
// goes through the queue, leases and takeover.
var crashFlows = map[string]string{
	"in-memory": `{"name": "crash in memory", "nodes": [
  {"id": "trigger", "type": "webhook", "config": {"responseMode": "immediate",
    "mappings": [{"name": "n", "path": "body.n"}]}},
  {"id": "check", "type": "condition", "config": {"expression": "trigger.body.n >= 0"}},
  {"id": "keep", "type": "set", "config": {"values": [{"name": "double", "mode": "expression", "value": "trigger.body.n * 2"}]}}
 ], "edges": [{"from": "trigger", "to": "check"}, {"from": "check", "port": "true", "to": "keep"}]}`,
	"queued": `{"name": "crash queued", "nodes": [
  {"id": "trigger", "type": "webhook", "config": {"responseMode": "immediate"}},
  {"id": "pause", "type": "delay", "config": {"mode": "duration", "duration": "20ms"}},
  {"id": "keep", "type": "set", "config": {"values": [{"name": "n", "mode": "path", "value": "trigger.body.n"}]}}
 ], "edges": [{"from": "trigger", "to": "pause"}, {"from": "pause", "to": "keep"}]}`,
}

// TestCrash_KillNineLosesNoAcceptedRequest starts hookflow as a child
// process, sends immediate-mode webhooks, kills it with SIGKILL half-way,
// starts it again on the same store and checks that every request that got
// a 2xx has exactly one run and that every run ends succeeded.
func TestCrash_KillNineLosesNoAcceptedRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "hookflow")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	mongoURI := mongotest.Start(t)
	// Each case gets a store of its own, so one case's runs do not slow
	// the claims of the next.
	stores := map[string]func() []string{
		"sqlite": func() []string { return []string{"HOOKFLOW_DATA_DIR=" + t.TempDir()} },
		// Processes sharing a MongoDB share one secret key, given in the
		// environment; their data folders hold nothing they share.
		"ferretdb": func() []string {
			return []string{"HOOKFLOW_MONGO_URI=" + mongoURI, "HOOKFLOW_MONGO_DB=" + mongotest.DatabaseName(),
				"HOOKFLOW_DATA_DIR=" + t.TempDir(), "HOOKFLOW_SECRET_KEY=" + crashSecretKey}
		},
	}
	for name, newStore := range stores {
		for kind, doc := range crashFlows {
			env := newStore()
			total := 2000
			if name == "ferretdb" && kind == "queued" {
				// FerretDB's embedded SQLite handler scans a collection for
				// each claim (~30 ms at 1,000 runs): every delayed run
				// needs one, so this case is kept small: it shows correctness, not speed.
				total = 100
			}
			t.Run(name+"/"+kind, func(t *testing.T) {
				p := startChild(t, bin, env)
				id, token := createActiveFlow(t, p.url, doc)
				accepted := &acceptedRuns{ids: map[string]bool{}}
				sent := fire(t, p.url, token, total, 16, accepted, func(n int64) bool { return n == int64(total/2) }, p.kill)
				t.Logf("%d requests sent before the kill, %d accepted", sent, accepted.count())

				p = startChild(t, bin, env) // same store, new process
				fire(t, p.url, token, total-int(sent), 16, accepted, nil, nil)
				waitAllSucceeded(t, p.url, id, accepted)
			})
		}
	}
}

type child struct {
	url string
	cmd *exec.Cmd
}

func (c *child) kill() { _ = c.cmd.Process.Signal(syscall.SIGKILL) }

func startChild(t *testing.T, bin string, env []string) *child {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--lease", "2s", "--log-level", "warn")
	cmd.Env = append(os.Environ(), append(env, "HOOKFLOW_ADMIN_KEY="+crashKey)...)
	logs := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("hookflow log:\n%s", logs.String())
		}
	})
	c := &child{url: "http://" + addr, cmd: cmd}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(c.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return c
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("hookflow did not become ready:\n%s", logs.String())
	return nil
}

func api(t *testing.T, method, url, body string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+crashKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, data)
	}
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	return m
}

func createActiveFlow(t *testing.T, base, doc string) (id, token string) {
	t.Helper()
	f := api(t, "POST", base+"/api/flows", doc)
	id, token = f["id"].(string), f["hookToken"].(string)
	api(t, "POST", base+"/api/flows/"+id+"/publish", "")
	api(t, "POST", base+"/api/flows/"+id+"/activate", "")
	return id, token
}

type acceptedRuns struct {
	mu  sync.Mutex
	ids map[string]bool
}

func (a *acceptedRuns) add(t *testing.T, id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ids[id] {
		t.Errorf("run id %s answered twice", id)
	}
	a.ids[id] = true
}

func (a *acceptedRuns) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.ids)
}

// fire sends n webhooks with c in flight and records the run ids of the
// 2xx answers. When stopAt reports true for the number sent so far, it
// calls stop (the kill). It returns how many requests it sent.
func fire(t *testing.T, base, token string, n, c int, acc *acceptedRuns, stopAt func(int64) bool, stop func()) int64 {
	t.Helper()
	var next, attempted atomic.Int64
	var once sync.Once
	client := &http.Client{Timeout: 10 * time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := next.Add(1)
				if i > int64(n) {
					return
				}
				if stopAt != nil && stopAt(i) {
					once.Do(func() { stop(); cancel() })
					return
				}
				attempted.Add(1)
				body := fmt.Sprintf(`{"n": %d}`, i)
				resp, err := client.Post(base+"/hook/"+token, "application/json", strings.NewReader(body))
				if err != nil {
					continue // in flight at the kill: no answer, no promise
				}
				data, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode/100 == 2 {
					var m struct{ RunID string }
					_ = json.Unmarshal(data, &m)
					acc.add(t, m.RunID)
				}
			}
		}()
	}
	wg.Wait()
	return attempted.Load()
}

// waitAllSucceeded pages through the flow's runs until every accepted run
// is there and every run has succeeded.
func waitAllSucceeded(t *testing.T, base, flowID string, acc *acceptedRuns) {
	t.Helper()
	deadline := time.Now().Add(150 * time.Second)
	for {
		status, missing := map[string]int{}, 0
		seen := map[string]bool{}
		for cursor := ""; ; {
			page := api(t, "GET", fmt.Sprintf("%s/api/runs?flowId=%s&limit=500&cursor=%s", base, flowID, cursor), "")
			for _, it := range page["items"].([]any) {
				r := it.(map[string]any)
				if seen[r["id"].(string)] {
					t.Fatalf("run %s listed twice", r["id"])
				}
				seen[r["id"].(string)] = true
				status[r["status"].(string)]++
			}
			if cursor, _ = page["next"].(string); cursor == "" {
				break
			}
		}
		for id := range acc.ids {
			if !seen[id] {
				missing++
			}
		}
		if missing == 0 && status["succeeded"] == len(seen) {
			t.Logf("%d accepted requests, %d runs, all succeeded", acc.count(), len(seen))
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the restart: %d accepted runs missing, run statuses %v", missing, status)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
