// Package fuzzcheck holds the checks hookflow's fuzz targets share: what an
// error message a person reads must look like whatever the input was.
package fuzzcheck

import (
	"strconv"
	"strings"
	"testing"
)

// crashMarks are signs of a Go crash report or internal detail leaking
// into a message meant for a person.
var crashMarks = []string{"panic:", "runtime error:", "goroutine ", "nil pointer dereference", ".go:"}

// Message fails t unless msg is a plain message: not empty and free of
// crash-report text. inputs are the values the message may quote, which
// are taken out first so that quoting "panic:" is not held against it.
func Message(t testing.TB, msg string, inputs ...string) {
	t.Helper()
	for _, in := range inputs {
		if in == "" {
			continue
		}
		msg = strings.ReplaceAll(msg, strconv.Quote(in), "")
		msg = strings.ReplaceAll(msg, in, "")
		for _, line := range strings.Split(in, "\n") {
			if len(line) > 3 {
				msg = strings.ReplaceAll(msg, line, "")
			}
		}
	}
	if strings.TrimSpace(msg) == "" && len(inputs) == 0 {
		t.Fatal("empty error message")
	}
	for _, mark := range crashMarks {
		if strings.Contains(msg, mark) {
			t.Fatalf("error message looks like a crash report (%q): %q", mark, msg)
		}
	}
}

// NonEmpty fails t when msg is blank.
func NonEmpty(t testing.TB, msg string) {
	t.Helper()
	if strings.TrimSpace(msg) == "" {
		t.Fatal("empty error message")
	}
}
