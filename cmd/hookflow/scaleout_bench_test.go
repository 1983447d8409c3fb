package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/internal/fleet"
	"github.com/hookflow/hookflow/store/mongo/mongotest"
)

// loadResult is what bench/load -json prints that the table needs.
type loadResult struct {
	OKRPS  float64 `json:"ok_rps"`
	P50Ms  float64 `json:"p50_ms"`
	P99Ms  float64 `json:"p99_ms"`
	Errors uint64  `json:"errors"`
}

// TestScaleOut_Throughput measures webhook intake with 1, 2 and 3 hookflow
// processes on one embedded FerretDB store, side by side: each repetition
// runs the three in turn, each on a fresh database, with bench/load
// spreading its requests round-robin over the processes (-urls), and the
// table gives the medians of the repetitions and their ratio to one
// process. It is a measurement, not a check: it runs only when
// HOOKFLOW_SCALEOUT_BENCH is set (its value is the number of
// repetitions), and prints the table.
//
//	HOOKFLOW_SCALEOUT_BENCH=3 go test ./cmd/hookflow -run ScaleOut_Throughput -v
func TestScaleOut_Throughput(t *testing.T) {
	if os.Getenv("HOOKFLOW_SCALEOUT_BENCH") == "" {
		t.Skip("a measurement: set HOOKFLOW_SCALEOUT_BENCH=<repetitions> to run it")
	}
	reps := envInt(t, "HOOKFLOW_SCALEOUT_BENCH", 3)
	seconds := envInt(t, "HOOKFLOW_SCALEOUT_SECONDS", 10)
	concurrency := envInt(t, "HOOKFLOW_SCALEOUT_CONCURRENCY", 32)
	bin := buildBinary(t)
	load := filepath.Join(t.TempDir(), "load")
	if out, err := exec.Command("go", "build", "-o", load, "github.com/hookflow/hookflow/bench/load").CombinedOutput(); err != nil {
		t.Fatalf("build bench/load: %v\n%s", err, out)
	}
	flowDoc, err := os.ReadFile("../../bench/hookflow/immediate.json")
	if err != nil {
		t.Fatal(err)
	}
	uri := mongotest.Start(t)
	results := map[int][]loadResult{}
	for rep := 1; rep <= reps; rep++ {
		for n := 1; n <= 3; n++ {
			res := measureProcesses(t, bin, load, uri, string(flowDoc), n, seconds, concurrency)
			t.Logf("repetition %d, %d processes: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors", rep, n, res.OKRPS, res.P50Ms, res.P99Ms, res.Errors)
			results[n] = append(results[n], res)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| processes | req/s (median of %d) | ratio to 1 | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n", reps)
	base := median(results[1], func(r loadResult) float64 { return r.OKRPS })
	for n := 1; n <= 3; n++ {
		rps := median(results[n], func(r loadResult) float64 { return r.OKRPS })
		var errs uint64
		for _, r := range results[n] {
			errs += r.Errors
		}
		fmt.Fprintf(&b, "| %d | %.0f | %.2f | %.2f | %.2f | %d |\n", n, rps, rps/base,
			median(results[n], func(r loadResult) float64 { return r.P50Ms }),
			median(results[n], func(r loadResult) float64 { return r.P99Ms }), errs)
	}
	t.Log(b.String())
}

// measureProcesses starts n processes on a fresh database, creates the
// bench's immediate flow and runs bench/load over the n webhook URLs.
func measureProcesses(t *testing.T, bin, load, uri, flowDoc string, n, seconds, concurrency int) loadResult {
	t.Helper()
	env := []string{"HOOKFLOW_MONGO_URI=" + uri, "HOOKFLOW_MONGO_DB=" + mongotest.DatabaseName()}
	var procs []*fleet.Proc
	for range n {
		p, err := fleet.Start(bin, append(env, "HOOKFLOW_DATA_DIR="+t.TempDir()), "--log-level", "error")
		if err != nil {
			t.Fatal(err)
		}
		procs = append(procs, p)
	}
	defer func() {
		for _, p := range procs {
			p.Stop()
		}
	}()
	c := procs[0].Client()
	f, err := c.API("POST", "/api/flows", flowDoc)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := f["id"].(string)
	for _, step := range []string{"publish", "activate"} {
		if _, err := c.API("POST", "/api/flows/"+id+"/"+step, ""); err != nil {
			t.Fatal(err)
		}
	}
	var urls []string
	for _, p := range procs {
		urls = append(urls, p.URL+"/hook/"+f["hookToken"].(string))
	}
	out, err := exec.Command(load, "-urls", strings.Join(urls, ","), "-body", "../../bench/testdata/chat_event.json",
		"-c", fmt.Sprint(concurrency), "-d", fmt.Sprintf("%ds", seconds), "-warmup", "2s", "-json").Output()
	if err != nil {
		t.Fatalf("bench/load: %v\n%s", err, out)
	}
	var res loadResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("bench/load printed %s: %v", out, err)
	}
	return res
}

func median(rs []loadResult, f func(loadResult) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
