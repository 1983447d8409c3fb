package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/engine/live"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/server"
	"github.com/hookflow/hookflow/store/sqlite"
)

// TestRunStream_HeartbeatsUntilFinished: a run that another process
// executes (here: written to the store by the test) is streamed from the
// store: its state at once, comments while nothing changes, its finished
// state, the end event and the end of the stream.
func TestRunStream_HeartbeatsUntilFinished(t *testing.T) {
	t.Parallel()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "hookflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	in := startWith(t, st, func(d *server.Deps) {
		d.Runs, d.StreamHeartbeat = st, 5*time.Millisecond
		d.Live = &live.Service{Store: st, Poll: 5 * time.Millisecond}
	})
	now := time.Now().UTC()
	r := &runs.Run{ID: "run_stream_1", FlowID: "flw_1", Version: 1, Status: runs.StatusQueued,
		Trigger: json.RawMessage(`{"body":{}}`), CreatedAt: now}
	if err := st.SaveRuns(context.Background(), []*runs.Run{r}); err != nil {
		t.Fatal(err)
	}

	req, _ := http.NewRequest("GET", in.url+"/api/runs/run_stream_1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+adminKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream answered %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := bufio.NewScanner(resp.Body)
	lines.Buffer(nil, 1<<20)
	read := func() string {
		t.Helper()
		for lines.Scan() {
			if l := lines.Text(); l != "" {
				return l
			}
		}
		return "<end of stream>"
	}
	if l := read(); l != "retry: 2000" {
		t.Fatalf("first line %q", l)
	}
	if l, d := read(), read(); l != "event: run" || !strings.Contains(d, `"status":"queued"`) {
		t.Fatalf("first event %q %q", l, d)
	}
	if l := read(); l != ": no change" {
		t.Fatalf("no heartbeat while the run stays queued: %q", l)
	}

	r.Status, r.Attempt, r.FinishedAt = runs.StatusSucceeded, 1, now.Add(time.Second)
	r.Steps = []runs.Step{{NodeID: "trigger", Type: "webhook", Status: runs.StepSucceeded, Attempts: 1, StartedAt: now}}
	if err := st.SaveRuns(context.Background(), []*runs.Run{r}); err != nil {
		t.Fatal(err)
	}
	l := read()
	for l == ": no change" {
		l = read()
	}
	if d := read(); l != "event: run" || !strings.Contains(d, `"status":"succeeded"`) || !strings.Contains(d, `"nodeId":"trigger"`) {
		t.Fatalf("after the run finished: %q %q", l, d)
	}
	if l, d := read(), read(); l != "event: end" || d != `data: {"status":"succeeded"}` {
		t.Fatalf("end event %q %q", l, d)
	}
	if l := read(); l != "<end of stream>" {
		t.Fatalf("the stream goes on after the end: %q", l)
	}
}
