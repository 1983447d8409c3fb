package stats_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/stats"
	"github.com/hookflow/hookflow/store/sqlite"
)

// BenchmarkService measures the statistics over an embedded store that
// holds a week of 10,000 runs a day spread over 20 flows, each run with a
// 2 KB trigger and two steps, as a busy installation's would be:
//
//	go test -run - -bench Service -benchtime 20x ./stats/
func BenchmarkService(b *testing.B) {
	const perDay, days, flowCount = 10_000, 7, 20
	st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "hookflow.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for i := range flowCount {
		at := now.Add(-30 * 24 * time.Hour)
		if err := st.CreateFlow(b.Context(), &flows.Flow{ID: fmt.Sprintf("flw_%02d", i), Name: "Flow", CreatedAt: at, UpdatedAt: at}); err != nil {
			b.Fatal(err)
		}
	}
	trigger := json.RawMessage(`{"body":{"text":"` + strings.Repeat("x", 2000) + `"}}`)
	steps := []runs.Step{{NodeID: "trigger", Type: "webhook", Status: runs.StepSucceeded, Output: trigger},
		{NodeID: "http", Type: "http", Status: runs.StepSucceeded, Output: json.RawMessage(`{"status":200}`)}}
	total := perDay * days
	step := time.Duration(days) * 24 * time.Hour / time.Duration(total)
	batch := make([]*runs.Run, 0, 1000)
	for i := range total {
		status := runs.StatusSucceeded
		if i%17 == 0 {
			status = runs.StatusFailed
		}
		batch = append(batch, &runs.Run{ID: fmt.Sprintf("run_%07d", i), FlowID: fmt.Sprintf("flw_%02d", i%flowCount), Version: 1,
			Status: status, Trigger: trigger, Steps: steps, CreatedAt: now.Add(-time.Duration(i) * step), DurationMs: float64(i % 900)})
		if len(batch) == cap(batch) || i == total-1 {
			if err := st.SaveRuns(b.Context(), batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	svc := &stats.Service{Store: st, Now: func() time.Time { return now }}
	b.Run("flows-24h", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Flows(b.Context(), stats.Windows[0], ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("flows-7d", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Flows(b.Context(), stats.Windows[1], ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("one-flow-7d", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Flows(b.Context(), stats.Windows[1], "flw_03"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("summary", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Summary(b.Context(), time.Time{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
