package engine_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/runs"
)

var update = flag.Bool("update", false, "rewrite the run.json sections of testdata/*.txtar")

// TestExecute_Golden runs each testdata/*.txtar: its flow.json on its
// trigger.json, then, when the archive has an "advance" section (a
// duration) and the run waits, again after the clock moved that much. The
// run record, with times zeroed, must equal the run.json section.
func TestExecute_Golden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			archive := parseTxtar(data)
			got := goldenRun(t, archive)
			if *update {
				archive.set("run.json", got)
				if err := os.WriteFile(file, archive.format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := archive.get("run.json"); !bytes.Equal(got, want) {
				t.Errorf("run differs from %s (go test ./engine -run Golden -update rewrites it)\ngot:\n%s\nwant:\n%s", file, got, want)
			}
		})
	}
}

func goldenRun(t *testing.T, a *txtar) []byte {
	h := enginetest.New(t)
	run := h.Run(t, string(a.get("flow.json")), bytes.TrimSpace(a.get("trigger.json")))
	if adv := strings.TrimSpace(string(a.get("advance"))); adv != "" && run.Status == runs.StatusWaiting {
		d, err := time.ParseDuration(adv)
		if err != nil {
			t.Fatalf("advance: %v", err)
		}
		h.Clock.Advance(d)
		run.Continue(t)
	}
	r := *run.Run
	r.Trigger, r.CreatedAt, r.StartedAt, r.FinishedAt, r.WakeAt, r.DurationMs = nil, time.Time{}, time.Time{}, time.Time{}, time.Time{}, 0
	r.Steps = append([]runs.Step(nil), r.Steps...)
	for i := range r.Steps {
		s := &r.Steps[i]
		s.StartedAt, s.DurationMs = time.Time{}, 0
		if s.Type == "webhook" || s.Type == "event" {
			s.Output = json.RawMessage(`"(the trigger)"`)
		}
	}
	out, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// txtar is a minimal reader and writer of the txtar format: a comment,
// then files each introduced by a "-- name --" line.
type txtar struct {
	comment []byte
	names   []string
	files   map[string][]byte
}

func parseTxtar(data []byte) *txtar {
	a := &txtar{files: map[string][]byte{}}
	name := ""
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		trimmed := strings.TrimSpace(string(line))
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			name = trimmed[3 : len(trimmed)-3]
			a.names = append(a.names, name)
			a.files[name] = []byte{}
			continue
		}
		if name == "" {
			a.comment = append(a.comment, line...)
		} else {
			a.files[name] = append(a.files[name], line...)
		}
	}
	return a
}

func (a *txtar) get(name string) []byte { return a.files[name] }

func (a *txtar) set(name string, data []byte) {
	if _, ok := a.files[name]; !ok {
		a.names = append(a.names, name)
	}
	a.files[name] = data
}

func (a *txtar) format() []byte {
	b := append([]byte(nil), a.comment...)
	for _, name := range a.names {
		b = append(b, "-- "+name+" --\n"...)
		b = append(b, a.files[name]...)
	}
	return b
}
