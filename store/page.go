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
