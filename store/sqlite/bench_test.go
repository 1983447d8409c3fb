package sqlite

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hookflow/hookflow/runs"
)

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
			"text": "` + strings.Repeat("Hello, I need help with my last invoice. ", 12) + `"}}`
	return runs.Trigger(`{"method": "POST", "path": "/hook/whk_bench", "headers": {` + headers + `},
		"query": {"source": "provider"}, "body": ` + body + `}`)
}()

// BenchmarkSaveRuns writes new runs as webhook intake does, in batches of
// 1, 64 and 256, and reports runs written per second.
func BenchmarkSaveRuns(b *testing.B) {
	for _, size := range []int{1, 64, 256} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			s, _ := openTemp(b)
			defer s.Close()
			if n := benchPrefill(); n > 0 {
				for i := 0; i < n; i += 500 {
					batch := make([]*runs.Run, 500)
					for j := range batch {
						batch[j] = benchRun(-1 - i - j)
					}
					if err := s.SaveRuns(b.Context(), batch); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.SetBytes(int64(size * len(benchTrigger)))
			saved := 0
			var ru0, ru1 syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
			for b.Loop() {
				batch := make([]*runs.Run, size)
				for i := range batch {
					batch[i] = benchRun(saved + i)
				}
				if err := s.SaveRuns(b.Context(), batch); err != nil {
					b.Fatalf("SaveRuns: %v", err)
				}
				saved += size
			}
			b.ReportMetric(float64(saved)/b.Elapsed().Seconds(), "runs/s")
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
			cpu := time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano())
			b.ReportMetric(float64(cpu.Microseconds())/float64(saved), "cpu-us/run")
		})
	}
}

// benchRun returns the nth run as intake saves it: queued, leased, with
// its trigger and business fields.
func benchRun(n int) *runs.Run {
	now := time.Now()
	return &runs.Run{
		ID: benchID(n), FlowID: fmt.Sprintf("flw_%d", n%8), Version: 3,
		Status: runs.StatusQueued, Trigger: benchTrigger,
		Fields: map[string]string{
			"customer_number": fmt.Sprintf("+91 9%04d-%05d", uint(n*7919)%10000, uint(n*104729)%100000),
			"agent_email":     fmt.Sprintf("agent%d@example.com", uint(n)%50),
			"waba_number":     fmt.Sprintf("+91 22 4000 %04d", uint(n)%3),
		},
		Attempt: 0, Owner: "proc_bench", LeaseUntil: now.Add(30 * time.Second), CreatedAt: now,
	}
}

func benchPrefill() int {
	n, _ := strconv.Atoi(os.Getenv("PREFILL"))
	return n
}

// benchID returns the nth run id: random-looking, as ids.New makes them.
func benchID(n int) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(n)))
	return "run_" + base32.StdEncoding.EncodeToString(sum[:16])[:26]
}
