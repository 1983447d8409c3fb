package live

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hookflow/hookflow/runs"
)

// BenchmarkStep is what the executor pays per step for live views: with
// nobody following (every step of every run), with followers of other
// runs only, and for a followed run, whose step is copied.
func BenchmarkStep(b *testing.B) {
	r := &runs.Run{ID: "run_bench", FlowID: "flw_1", Version: 1, Status: runs.StatusRunning, Attempt: 1,
		Fields: map[string]string{"customer_number": "919812345678"}}
	st := &runs.Step{NodeID: "call", Type: "http", Status: runs.StepSucceeded, Port: "out",
		Input:  json.RawMessage(`{"url":"https://api.example.com/contacts","method":"POST"}`),
		Output: json.RawMessage(`{"status":200,"headers":{"content-type":"application/json"},"body":{"id":"c_1","owner":"ravi@example.com"}}`)}
	st0 := queued("run_other")
	mem := &memStore{}
	mem.put(st0)
	base := queued("run_bench")
	mem.put(base)
	cases := []struct {
		name   string
		follow []string
	}{
		{"nobody follows", nil},
		{"others followed", []string{"run_other"}},
		{"followed", []string{"run_bench"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			s := &Service{Store: mem}
			for _, id := range c.follow {
				f, err := s.Follow(context.Background(), id)
				if err != nil {
					b.Fatal(err)
				}
				defer f.Close()
			}
			b.ReportAllocs()
			for b.Loop() {
				s.Step(r, st)
			}
		})
	}
}
