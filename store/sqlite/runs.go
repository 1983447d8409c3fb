package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// lightColumns are the columns of a run that listings read. The table
// name qualifies them because a listing by q joins run_search, which has a
// created_at too.
const lightColumns = `runs.id, runs.flow_id, runs.status, runs.created_at, runs.owner,
	runs.lease_until, runs.wake_at, runs.doc`

// runColumns are read by scanRun, in its order.
const runColumns = lightColumns + `, runs.trigger, runs.steps, runs.response`

// listColumns are runColumns with the heavy parts read as NULL.
const listColumns = lightColumns + `, NULL, NULL, NULL`

// runDoc is the doc column of a run: the record less what has a column of
// its own.
type runDoc struct {
	Version    int               `json:"version"`
	Fields     map[string]string `json:"fields,omitempty"`
	Error      string            `json:"error,omitempty"`
	Attempt    int               `json:"attempt"`
	ReplayOf   string            `json:"replayOf,omitempty"`
	ResumeFrom string            `json:"resumeFrom,omitempty"`
	StartedAt  time.Time         `json:"startedAt,omitzero"`
	FinishedAt time.Time         `json:"finishedAt,omitzero"`
	DurationMs float64           `json:"durationMs"`
}

// runRow is a run as the columns of runs and run_search hold it.
type runRow struct {
	id, flowID, status, owner string
	created, lease, wake      int64
	doc                       string
	trigger, steps, response  any // a string, or nil for NULL
	terms                     []string
	termList                  string // terms as JSON
}

// newRunRow encodes r, refusing a run whose raw JSON is not valid.
func newRunRow(r *runs.Run) (*runRow, error) {
	if err := r.CheckJSON(); err != nil {
		return nil, err
	}
	doc, err := encodeDoc(&runDoc{
		Version: r.Version, Fields: r.Fields, Error: r.Error, Attempt: r.Attempt,
		ReplayOf: r.ReplayOf, ResumeFrom: r.ResumeFrom,
		StartedAt: msUTC(r.StartedAt), FinishedAt: msUTC(r.FinishedAt), DurationMs: r.DurationMs,
	})
	if err != nil {
		return nil, err
	}
	row := &runRow{
		id: r.ID, flowID: r.FlowID, status: string(r.Status), owner: r.Owner,
		created: millis(r.CreatedAt), lease: millis(r.LeaseUntil), wake: millis(r.WakeAt),
		doc: doc, trigger: rawText(r.Trigger), response: rawText(r.Response),
		terms: runs.SearchTerms(r.Fields),
	}
	if r.Steps != nil {
		row.steps = string(runs.AppendStepsJSON(make([]byte, 0, 1024), r.Steps, r.Trigger))
	}
	if row.termList, err = encodeDoc(row.terms); err != nil {
		return nil, err
	}
	return row, nil
}

// rawText is raw JSON as a TEXT value: NULL when absent.
func rawText(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// scanRun reads a row of runColumns or listColumns.
func scanRun(scan func(dest ...any) error) (*runs.Run, error) {
	r := new(runs.Run)
	var (
		status, doc           string
		created, lease, wake  int64
		trigger, steps, reply []byte
	)
	err := scan(&r.ID, &r.FlowID, &status, &created, &r.Owner, &lease, &wake, &doc, &trigger, &steps, &reply)
	if err != nil {
		return nil, err
	}
	var d runDoc
	if err := decodeDoc(doc, &d); err != nil {
		return nil, fmt.Errorf("run %q: %w", r.ID, err)
	}
	if steps != nil {
		if r.Steps, err = runs.DecodeStoredSteps(steps, trigger); err != nil {
			return nil, fmt.Errorf("run %q: steps: %w", r.ID, err)
		}
	}
	r.Status = runs.Status(status)
	r.CreatedAt, r.LeaseUntil, r.WakeAt = fromMillis(created), fromMillis(lease), fromMillis(wake)
	r.Trigger, r.Response = trigger, reply
	r.Version, r.Fields, r.Error, r.Attempt = d.Version, d.Fields, d.Error, d.Attempt
	r.ReplayOf, r.ResumeFrom = d.ReplayOf, d.ResumeFrom
	r.StartedAt, r.FinishedAt, r.DurationMs = d.StartedAt, d.FinishedAt, d.DurationMs
	return r, nil
}

// GetRun returns the run with id, with trigger and steps, or
// store.ErrNotFound.
func (s *Store) GetRun(ctx context.Context, id string) (*runs.Run, error) {
	const q = `SELECT ` + runColumns + ` FROM runs WHERE runs.id = ?`
	r, err := scanRun(s.read.QueryRowContext(ctx, q, id).Scan)
	if err != nil {
		return nil, readErr(fmt.Sprintf("get run %q", id), err)
	}
	return r, nil
}

// ListRuns returns one page of runs matching f, newest first, without
// their heavy parts, and the cursor of the next page.
func (s *Store) ListRuns(ctx context.Context, f runs.Filter) ([]*runs.Run, string, error) {
	c, err := store.DecodeCursor(f.Cursor)
	if err != nil {
		return nil, "", fmt.Errorf("list runs: %w", err)
	}
	size := store.PageSize(f.Limit)
	q, args := listQuery(f, c, size+1)
	list, err := queryAll(ctx, s.read, scanRun, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("list runs: %w", err)
	}
	list, next := store.NextPage(list, size)
	return list, next, nil
}

// listQuery returns the query of up to limit runs matching f after c. A
// search by q walks the run_search key (term, created_at, run_id), which
// is in listing order; other listings walk an index of runs that is.
func listQuery(f runs.Filter, c runs.Cursor, limit int) (string, []any) {
	from, at, id := "runs", "runs.created_at", "runs.id"
	var where []string
	var args []any
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	if f.Q != "" {
		from, at, id = "run_search JOIN runs ON runs.id = run_search.run_id", "run_search.created_at", "run_search.run_id"
		add("run_search.term = ?", runs.NormalizeTerm(f.Q))
	}
	if f.FlowID != "" {
		add("runs.flow_id = ?", f.FlowID)
	}
	if f.Status != "" {
		add("runs.status = ?", string(f.Status))
	}
	if !f.From.IsZero() {
		add(at+" >= ?", millis(f.From))
	}
	if !f.To.IsZero() {
		add(at+" < ?", millis(f.To))
	}
	if c.ID != "" {
		add("("+at+", "+id+") < (?, ?)", millis(c.CreatedAt), c.ID)
	}
	q := "SELECT " + listColumns + " FROM " + from
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY " + at + " DESC, " + id + " DESC LIMIT ?"
	return q, append(args, limit)
}
