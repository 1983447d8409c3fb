package store

import (
	"fmt"

	"github.com/hookflow/hookflow/runs"
)

// Page sizes of run listings: runs.Filter.Limit is brought within them.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// PageSize returns how many runs a page of a listing that asked for limit
// holds.
func PageSize(limit int) int {
	if limit <= 0 {
		return DefaultPageSize
	}
	return min(limit, MaxPageSize)
}

// DecodeCursor parses a listing cursor; one that no store made is an
// error wrapping ErrBadCursor.
func DecodeCursor(s string) (runs.Cursor, error) {
	c, err := runs.DecodeCursor(s)
	if err != nil {
		return runs.Cursor{}, fmt.Errorf("%w: %w", ErrBadCursor, err)
	}
	return c, nil
}

// NextPage cuts list, read with one run more than size to learn whether
// more follow, to a page of size, and returns the cursor of the next page:
// "" when list was the end.
func NextPage(list []*runs.Run, size int) ([]*runs.Run, string) {
	if len(list) <= size {
		return list, ""
	}
	list = list[:size]
	last := list[size-1]
	return list, runs.Cursor{CreatedAt: last.CreatedAt, ID: last.ID}.Encode()
}

// LastOfEach returns rs without the runs whose id comes again later in rs,
// in order: a batch saves a run listed twice as its last occurrence.
func LastOfEach(rs []*runs.Run) []*runs.Run {
	last := make(map[string]int, len(rs))
	for i, r := range rs {
		last[r.ID] = i
	}
	if len(last) == len(rs) {
		return rs
	}
	out := make([]*runs.Run, 0, len(last))
	for i, r := range rs {
		if last[r.ID] == i {
			out = append(out, r)
		}
	}
	return out
}
