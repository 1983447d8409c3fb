package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/hookflow/hookflow/internal/fleet"
)

// sample is one row of the CSV.
type sample struct {
	elapsed                          time.Duration
	rss                              float64
	goroutines                       int
	runsHeld, deliveriesHeld, queued float64
	delivered, failed, retried       float64
	requests, answered               int
	sent                             int64
	refused                          int
	mode                             string
}

// recorder samples the process and keeps what the summary needs.
type recorder struct {
	w      *csv.Writer
	proc   *fleet.Proc
	client *fleet.Client
	pprof  string
	recv   *fleet.Receiver
	rows   []sample
	// scrapeErrors counts samples whose metrics or profile could not be read.
	scrapeErrors int
}

var columns = []string{"elapsed_s", "rss_mib", "goroutines", "runs_held", "deliveries_held", "deliveries_queued",
	"delivered_total", "delivery_failed_total", "delivery_retried_total", "requests", "answered_2xx", "sends",
	"refused", "receiver_answers"}

func (r *recorder) header() error { return r.w.Write(columns) }

func (r *recorder) sample(start time.Time, l *fleet.Ledger) sample {
	s := sample{elapsed: time.Since(start), rss: rssMiB(r.proc.PID())}
	var err error
	if s.goroutines, err = goroutines(r.pprof); err != nil {
		r.scrapeErrors++
	}
	if m, err := r.client.Metrics(); err == nil {
		s.runsHeld, s.deliveriesHeld, s.queued = m["hookflow_runs_held"], m["hookflow_deliveries_held"], m["hookflow_deliveries_queued"]
		s.delivered, s.failed, s.retried = m["hookflow_deliveries_delivered_total"], m["hookflow_deliveries_failed_total"], m["hookflow_deliveries_retried_total"]
	} else {
		r.scrapeErrors++
	}
	var refused map[int]int
	s.requests, s.answered, s.sent, refused = l.Summary()
	for _, n := range refused {
		s.refused += n
	}
	s.mode = r.mode()
	r.rows = append(r.rows, s)
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	_ = r.w.Write([]string{f(s.elapsed.Round(time.Second).Seconds()), strconv.FormatFloat(s.rss, 'f', 1, 64), strconv.Itoa(s.goroutines),
		f(s.runsHeld), f(s.deliveriesHeld), f(s.queued), f(s.delivered), f(s.failed), f(s.retried),
		strconv.Itoa(s.requests), strconv.Itoa(s.answered), strconv.FormatInt(s.sent, 10), strconv.Itoa(s.refused), s.mode})
	r.w.Flush()
	return s
}

// mode sums up the receiver's answers to deliveries so far.
func (r *recorder) mode() string {
	a := r.recv.Answered()
	return fmt.Sprintf("ok=%d fail=%d hang=%d", a[fleet.OK], a[fleet.Fail], a[fleet.Hang])
}

func (r *recorder) summary(out io.Writer, l *fleet.Ledger, rep *fleet.Report) {
	first, last := r.rows[0], r.rows[len(r.rows)-1]
	var maxRSS, maxRuns, maxDeliveries, maxQueued float64
	maxG := 0
	for _, s := range r.rows {
		maxRSS, maxG = max(maxRSS, s.rss), max(maxG, s.goroutines)
		maxRuns, maxDeliveries, maxQueued = max(maxRuns, s.runsHeld), max(maxDeliveries, s.deliveriesHeld), max(maxQueued, s.queued)
	}
	keys, answered, sent, refused := l.Summary()
	fmt.Fprintf(out, "\nsoak summary (%d samples over %s)\n", len(r.rows), last.elapsed.Round(time.Second))
	fmt.Fprintf(out, "| measure | start | end | max |\n|---|---|---|---|\n")
	fmt.Fprintf(out, "| RSS MiB | %.1f | %.1f | %.1f |\n", first.rss, last.rss, maxRSS)
	fmt.Fprintf(out, "| goroutines | %d | %d | %d |\n", first.goroutines, last.goroutines, maxG)
	fmt.Fprintf(out, "| runs held | %.0f | %.0f | %.0f |\n", first.runsHeld, last.runsHeld, maxRuns)
	fmt.Fprintf(out, "| deliveries held | %.0f | %.0f | %.0f |\n", first.deliveriesHeld, last.deliveriesHeld, maxDeliveries)
	fmt.Fprintf(out, "| deliveries queued | %.0f | %.0f | %.0f |\n", first.queued, last.queued, maxQueued)
	fmt.Fprintf(out, "\nrequests %d (%d sends), answered 2xx %d, refused %v, samples that could not be read %d\n",
		keys, sent, answered, refused, r.scrapeErrors)
	fmt.Fprintf(out, "deliveries: delivered %.0f, failed %.0f, retried %.0f; receiver answered %s\n",
		last.delivered, last.failed, last.retried, r.mode())
	fmt.Fprintf(out, "check: %d runs, %d unfinished, %d accepted events not delivered yet (waiting for a later retry), %d delivered more than once, %d problems\n",
		rep.Runs, rep.Unfinished, rep.Undelivered, rep.Redelivered, len(rep.Problems))
	for i, p := range rep.Problems {
		if i == 20 {
			fmt.Fprintf(out, "  ... and %d more\n", len(rep.Problems)-20)
			break
		}
		fmt.Fprintf(out, "  problem: %s\n", p)
	}
}
