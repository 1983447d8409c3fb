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
	return nextPage(list, size, func(r *runs.Run) runs.Cursor { return runs.Cursor{CreatedAt: r.CreatedAt, ID: r.ID} })
}

// nextPage is NextPage for any record; at gives a record's position.
func nextPage[T any](list []T, size int, at func(T) runs.Cursor) ([]T, string) {
	if len(list) <= size {
		return list, ""
	}
	list = list[:size]
	return list, at(list[size-1]).Encode()
}

// LastOfEach returns rs without the runs whose id comes again later in rs,
// in order: a batch saves a run listed twice as its last occurrence.
func LastOfEach(rs []*runs.Run) []*runs.Run {
	return lastOfEach(rs, func(r *runs.Run) string { return r.ID })
}

// lastOfEach is LastOfEach for any record; id gives a record's id.
func lastOfEach[T any](list []T, id func(T) string) []T {
	last := make(map[string]int, len(list))
	for i, v := range list {
		last[id(v)] = i
	}
	if len(last) == len(list) {
		return list
	}
	out := make([]T, 0, len(last))
	for i, v := range list {
		if last[id(v)] == i {
			out = append(out, v)
		}
	}
	return out
}
