package whatsapp

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/events/catalog"
	"github.com/tidwall/gjson"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

// returning is the customer the golden tests treat as known on the test
// business number; every other number writes for the first time.
const returning = "16505551234"

func knownCustomers() func(channel, customer string) bool {
	known := map[string]bool{"15550783881/" + returning: true}
	return func(channel, customer string) bool {
		key := channel + "/" + customer
		was := known[key]
		known[key] = true
		return was
	}
}

// TestEvents_Golden turns each webhook in testdata into events, checks
// that every event validates against the catalog and compares them with
// testdata/golden.
func TestEvents_Golden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test payloads: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := eventsOf(t, file, knownCustomers())
			for _, e := range got {
				if err := catalog.Validate(e.Type, e.Data); err != nil {
					t.Errorf("event %s: %v", e.ID, err)
				}
			}
			compareGolden(t, filepath.Join("testdata", "golden", name+".json"), got)
		})
	}
}

func eventsOf(t *testing.T, file string, seen func(channel, customer string) bool) []Event {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return Events(p, raw, seen)
}

func compareGolden(t *testing.T, path string, events []Event) {
	t.Helper()
	// The raw event repeats the input; the golden file keeps its type,
	// channel and id.
	shown := append([]Event(nil), events...)
	last := &shown[len(shown)-1]
	last.Data = json.RawMessage(`"(the payload)"`)
	got, err := json.MarshalIndent(shown, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("events differ from %s (go test -update rewrites it); got:\n%s", path, got)
	}
}

func TestEvents_Fields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, typ, path, want string
	}{
		{"text", TypeMessageReceived, "message.text", "Does it come in another color?"},
		{"text", TypeMessageReceived, "customer.name", "Sheena Nelson"},
		{"text", TypeMessageReceived, "message.timestamp", "2025-06-08T20:59:43Z"},
		{"image", TypeMessageReceived, "message.media.mimeType", "image/jpeg"},
		{"image", TypeMessageReceived, "message.text", "This is how the box arrived"},
		{"interactive_button_reply", TypeMessageReceived, "message.interactive.id", "change-button"},
		{"interactive_list_reply", TypeMessageReceived, "message.interactive.title", "Priority Mail Express"},
		{"status_sent", TypeStatusUpdate, "conversation.category", "marketing"},
		{"status_read", TypeStatusUpdate, "status", "read"},
		{"status_failed", TypeStatusUpdate, "errors.0.code", "131047"},
		{"status_failed", TypeStatusUpdate, "errors.0.details", "Message failed to send because more than " +
			"24 hours have passed since the customer last replied to this number."},
		{"mixed", TypeMessageReceived, "wabaNumber", "15550783881"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.path, func(t *testing.T) {
			t.Parallel()
			for _, e := range eventsOf(t, filepath.Join("testdata", tt.file+".json"), nil) {
				if e.Type == tt.typ {
					if got := gjson.GetBytes(e.Data, tt.path).String(); got != tt.want {
						t.Errorf("%s = %q, want %q", tt.path, got, tt.want)
					}
					return
				}
			}
			t.Errorf("no %s event", tt.typ)
		})
	}
}

func TestEvents_FirstMessage(t *testing.T) {
	t.Parallel()
	asked := 0
	countNew := func(seen func(channel, customer string) bool) int {
		n := 0
		for _, e := range eventsOf(t, "testdata/mixed.json", seen) {
			if e.Type == TypeFirstMessage {
				n++
			}
		}
		return n
	}
	neverSeen := func(channel, customer string) bool { asked++; return false }
	if n := countNew(neverSeen); n != 2 || asked != 2 {
		t.Errorf("never seen: %d first messages, %d questions; want 2 and 2 (one per customer)", n, asked)
	}
	if n := countNew(func(string, string) bool { return true }); n != 0 {
		t.Errorf("all seen: %d first messages, want 0", n)
	}
	if n := countNew(nil); n != 0 {
		t.Errorf("nil seen: %d first messages, want 0", n)
	}
}

func TestEvents_RawEvent(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/mixed.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	evs := Events(p, raw, nil)
	last := evs[len(evs)-1]
	sum := sha256.Sum256(raw)
	if last.Type != TypeRawWebhook || last.ID != "raw:"+hex.EncodeToString(sum[:]) || last.Channel != "15550783881" {
		t.Errorf("raw event = %s %s %s", last.Type, last.ID, last.Channel)
	}
	want := string(raw)
	raw[0] = 'X' // the caller reuses its buffer
	if string(last.Data) != want {
		t.Error("raw event data shares the caller's buffer")
	}
}
