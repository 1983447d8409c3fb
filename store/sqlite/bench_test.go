package sqlite

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/runs"
)

// benchStored is how many runs BenchmarkSaveRuns stores before it
// measures: B-tree inserts cost more once the indexes outgrow the page
// cache, so a store with history is slower than an empty one.
var benchStored = flag.Int("stored", 0, "runs stored before BenchmarkSaveRuns measures")

// benchTrigger is a webhook request of about 1.5 KB, the size of a chat
// platform's message event with its headers.
var benchTrigger = func() runs.Trigger {
	headers := `"content-type": "application/json", "user-agent": "WhatsApp-Business-Provider/2.1",
		"x-request-id": "5f0c8e2a-7d4b-4c1e-9a55-2b7f3c8d1e90", "x-signature-256": "sha256=` + strings.Repeat("ab", 32) + `"`
	body := `{"event": "message.received", "channel": "whatsapp", "timestamp": 1714557600123,
		"business": {"number": "+91 22 4000 1234", "name": "Acme Support"},
		"customer": {"phoneNumber": "+91 98765-43210", "name": "Priya Sharma", "locale": "en_IN", "tags": ["vip", "repeat"]},
		"agent": {"email": "agent@example.com", "team": "billing"},
		"message": {"id": "wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhggQ0E5RjQ1", "type": "text",
			"text": "` + strings.Repeat("Hello, I need help with my last invoice. ", 18) + `"}}`
	return runs.Trigger(`{"method": "POST", "path": "/hook/whk_bench", "headers": {` + headers + `},
		"query": {"source": "provider"}, "body": ` + body + `}`)
}()

// BenchmarkSaveRuns writes new runs as webhook intake does, in batches of
// 1, 64 and 256, and reports runs written per second. With -stored=N each
// batch size starts from a store holding N runs.
func BenchmarkSaveRuns(b *testing.B) {
	benchSaveRuns(b, benchRun)
}

// BenchmarkSaveFinishedRuns writes runs as a flow made only of in-memory
// steps stores them, once and finished: the trigger step (whose output is
// the trigger), a condition, a set and a respond step.
func BenchmarkSaveFinishedRuns(b *testing.B) {
	benchSaveRuns(b, benchFinishedRun)
}

func benchSaveRuns(b *testing.B, run func(n int) *runs.Run) {
	for _, size := range []int{1, 64, 256} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			s, _ := openTemp(b)
			defer s.Close()
			next := 0
			save := func(n int) {
				batch := make([]*runs.Run, n)
				for i := range batch {
					batch[i] = run(next + i)
				}
				if err := s.SaveRuns(b.Context(), batch); err != nil {
					b.Fatalf("SaveRuns: %v", err)
				}
				next += n
			}
			for next < *benchStored {
				save(min(500, *benchStored-next))
			}
			b.SetBytes(int64(size * len(benchTrigger)))
			b.ResetTimer()
			start := next
			for b.Loop() {
				save(size)
			}
			b.ReportMetric(float64(next-start)/b.Elapsed().Seconds(), "runs/s")
			var rowBytes float64
			if err := s.read.QueryRowContext(b.Context(), `SELECT avg(length(trigger) + coalesce(length(steps), 0)) FROM runs`).Scan(&rowBytes); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(rowBytes, "stored-B/run")
		})
	}
}

// benchRun returns the nth run as intake saves it: queued, leased, with a
// random id as ids.New makes them, its trigger, and business fields
// whose values spread as real ones do (many customers, fewer agents).
func benchRun(n int) *runs.Run {
	now := time.Now()
	sum := sha256.Sum256(fmt.Append(nil, n))
	return &runs.Run{
		ID:     "run_" + strings.ToLower(base32.StdEncoding.EncodeToString(sum[:16])[:26]),
		FlowID: fmt.Sprintf("flw_%d", n%8), Version: 3,
		Status: runs.StatusQueued, Trigger: benchTrigger,
		Fields: map[string]string{
			"customer_number": fmt.Sprintf("+91 9%04d-%05d", binary.BigEndian.Uint16(sum[16:])%10000, binary.BigEndian.Uint32(sum[18:])%100000),
			"agent_email":     fmt.Sprintf("agent%d@example.com", n%50),
			"waba_number":     fmt.Sprintf("+91 22 4000 %04d", n%3),
		},
		Owner: "proc_bench", LeaseUntil: now.Add(30 * time.Second), CreatedAt: now,
	}
}

// benchFinishedRun is benchRun as it is saved once finished.
func benchFinishedRun(n int) *runs.Run {
	r := benchRun(n)
	at := r.CreatedAt
	step := func(id, typ, port string, out string) runs.Step {
		return runs.Step{NodeID: id, Type: typ, Status: runs.StepSucceeded, Port: port, Output: runs.Trigger(out), Attempts: 1, StartedAt: at, DurationMs: 0.01}
	}
	r.Status, r.Owner, r.LeaseUntil = runs.StatusSucceeded, "", time.Time{}
	r.Steps = []runs.Step{
		step("trigger", "webhook", "out", ""),
		step("vip", "condition", "true", `{"result":true}`),
		step("set", "set", "out", `{"customer":"+91 98765-43210","agent":"agent@example.com"}`),
		step("respond", "respond", "out", `{"status":200}`),
	}
	r.Steps[0].Output = r.Trigger
	r.Steps[0].Vars = runs.Trigger(`{"customer_number":"+91 98765-43210"}`)
	r.StartedAt, r.FinishedAt, r.DurationMs = at, at, 0.05
	return r
}
