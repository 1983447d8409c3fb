package app_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hookflow/hookflow/internal/app"
)

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestCredentials_SecretAppearsNowhere: after a flow used a credential,
// its secret is in no API answer, no run record, no log line and not in
// the database files, while the receiving system got it.
func TestCredentials_SecretAppearsNowhere(t *testing.T) {
	t.Parallel()
	const canary = "canary-Bearer-s3cret-7f3a9c"
	var got string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok": true, "owner": "agent-7"}`)
	}))
	defer receiver.Close()

	dir := t.TempDir()
	path := filepath.Join(dir, "hookflow.db")
	logs := &syncBuffer{}
	p := startProcWith(t, openSQLite(t, path), app.Options{
		Log:           slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
	})
	var answers bytes.Buffer
	keep := func(m map[string]any) map[string]any { answers.WriteString(mustJSON(t, m)); return m }

	cred := keep(p.api("POST", "/api/credentials", `{"name": "CRM token", "type": "bearer", "fields": {"token": "`+canary+`"}}`, 201))
	credID := cred["id"].(string)
	flowID, hook := p.flow(webhookFlow(`{"mappings": [{"name": "customer_number", "path": "body.customer.phone"}]}`, `,
 {"id": "call", "type": "http", "config": {"method": "POST", "url": "`+receiver.URL+`/owners",
   "authType": "BEARER", "credential": "`+credID+`", "body": {"phone": "{{ vars.customer_number }}"}}}`,
		`{"from": "trigger", "to": "call"}`))
	runID := p.hook(hook, `{"customer": {"phone": "+919812345678"}}`).json(t)["runId"].(string)
	run := keep(p.waitRun(runID))
	if run["status"] != "succeeded" || got != "Bearer "+canary {
		t.Fatalf("run %v; receiver got Authorization %q", run["status"], got)
	}
	keep(p.api("GET", "/api/credentials", "", 200))
	keep(p.api("GET", "/api/credentials/"+credID, "", 200))
	keep(p.api("GET", "/api/flows/"+flowID, "", 200))
	keep(p.api("GET", "/api/runs?flowId="+flowID, "", 200))
	p.stop()

	files := secretsAbsent(t, dir, answers.String(), logs.String(), map[string]string{"credential's secret": canary})
	if len(files) == 0 || !strings.Contains(answers.String(), `"token":"set"`) {
		t.Fatalf("nothing to check: files %v, answers %s", files, answers.String())
	}
}

// secretsAbsent fails t for each canary found in the API answers, the logs
// or the database files in dir (hookflow.db, -wal, -shm), naming what was
// found where, and returns the files it read.
func secretsAbsent(t *testing.T, dir, answers, logs string, canaries map[string]string) []string {
	t.Helper()
	places := map[string]string{"API answers": answers, "logs": logs}
	files, _ := filepath.Glob(filepath.Join(dir, "hookflow.db*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		places[filepath.Base(f)] = string(data)
	}
	for where, text := range places {
		for what, canary := range canaries {
			if strings.Contains(text, canary) {
				t.Errorf("the %s is in %s", what, where)
			}
		}
	}
	return files
}
