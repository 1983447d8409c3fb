package app_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/internal/app"
)

// BenchmarkHook_TokenTiming measures the median answer time of a wrong
// token that differs from a valid one in its last character and of an
// unrelated one. The two medians should match within noise: the lookup
// is by hash, so how much of a token is right does not show. Run with
// go test -run '^$' -bench TokenTiming ./internal/app/; nothing is
// asserted about time.
func BenchmarkHook_TokenTiming(b *testing.B) {
	p := startProcWith(b, openSQLite(b, b.TempDir()+"/hookflow.db"), app.Options{})
	_, hook := p.flow(webhookFlow(`{}`, "", ""))
	near := hook[:len(hook)-1] + string(hook[len(hook)-1]^1)
	far := "/hook/whk_" + strings.Repeat("z", len(hook)-len("/hook/whk_"))
	var nearTimes, farTimes []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range []struct {
			path  string
			times *[]time.Duration
		}{{near, &nearTimes}, {far, &farTimes}} {
			start := time.Now()
			resp, err := http.Post(p.url+c.path, "application/json", strings.NewReader(`{}`))
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
			*c.times = append(*c.times, time.Since(start))
			if resp.StatusCode != 404 {
				b.Fatalf("%s: %d", c.path, resp.StatusCode)
			}
		}
	}
	b.StopTimer()
	median := func(d []time.Duration) float64 { slices.Sort(d); return float64(d[len(d)/2].Nanoseconds()) }
	b.ReportMetric(median(nearTimes), "near-median-ns")
	b.ReportMetric(median(farTimes), "unrelated-median-ns")
}
