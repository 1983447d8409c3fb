package app_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookflow/hookflow/internal/app"
)

// countingReader serves n bytes of 'a' and counts what was read of them.
type countingReader struct {
	left int64
	read atomic.Int64
}

func (r *countingReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), r.left)
	for i := range p[:n] {
		p[i] = 'a'
	}
	r.left -= n
	r.read.Add(n)
	return int(n), nil
}

// refusal checks an answer's status and that its JSON message says what
// the caller must know.
func refusal(t *testing.T, name string, a answer, status int, words string) {
	t.Helper()
	if a.status != status {
		t.Errorf("%s: %d %s; want %d", name, a.status, a.body, status)
		return
	}
	msg, _ := a.json(t)["message"].(string)
	if !strings.Contains(msg, words) {
		t.Errorf("%s: message %q does not say %q", name, msg, words)
	}
}

// TestBadInput_Bodies: malformed, truncated, deeply nested and mistyped
// bodies are refused with a 4xx that says why; none starts a run.
func TestBadInput_Bodies(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	flowID, hook := p.flow(webhookFlow(`{}`, "", ""))
	tests := []struct {
		name, ctype, body string
		status            int
		words             string
	}{
		{"malformed JSON", "application/json", `{"a": 1,}`, 400, "not valid JSON"},
		{"truncated JSON", "application/json", `{"customer": {"phone": "+9198`, 400, "not valid JSON"},
		{"two documents", "application/json", `{} {}`, 400, "not valid JSON"},
		{"nested 100,000 levels", "application/json", strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000), 400, "nested more than 1000 levels"},
		{"nested objects unclosed", "application/json", strings.Repeat(`{"a":`, 100_000), 400, "nested more than 1000 levels"},
		{"binary", "application/octet-stream", "\x00\x01", 415, "not accepted"},
		{"image", "image/png", "\x89PNG", 415, "not accepted"},
		{"unparsable content type", "application/json; =", `{}`, 415, "cannot be parsed"},
		{"multipart without boundary", "multipart/form-data", "--x\r\n", 400, "no boundary"},
		{"broken multipart", "multipart/form-data; boundary=zz", "--zz\r\nno headers end", 400, "multipart"},
	}
	for _, tt := range tests {
		refusal(t, tt.name, p.send("POST", hook, tt.ctype, []byte(tt.body)), tt.status, tt.words)
	}
	if items := p.api("GET", "/api/runs?flowId="+flowID, "", 200)["items"].([]any); len(items) != 0 {
		t.Errorf("refused bodies started %d runs", len(items))
	}
	refusal(t, "API: truncated JSON", p.send("POST", "/api/flows", "application/json", []byte(`{"name": "x", "nodes": [`),
		"Authorization", "Bearer "+key), 400, "not valid JSON")
	refusal(t, "API: nested JSON", p.send("POST", "/api/flows", "application/json",
		[]byte(strings.Repeat("[", 100_000)), "Authorization", "Bearer "+key), 400, "not valid JSON")
}

// TestBadInput_InvalidUTF8: a JSON body whose strings hold invalid UTF-8
// is accepted, and each run of invalid bytes is stored as one U+FFFD, so that every
// store and reader gets valid text; the run reads the rest as sent.
func TestBadInput_InvalidUTF8(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	_, hook := p.flow(webhookFlow(`{}`, "", ""))
	a := p.hook(hook, "{\"name\": \"Asha \xff\xfe\", \"ok\": \"fine\"}")
	if a.status != 202 {
		t.Fatalf("invalid UTF-8 in a string: %d %s", a.status, a.body)
	}
	run := p.waitRun(a.json(t)["runId"].(string))
	body := run["trigger"].(map[string]any)["body"].(map[string]any)
	if body["name"] != "Asha \uFFFD" || body["ok"] != "fine" {
		t.Fatalf("stored body %v", body)
	}
}

// TestBadInput_Oversized: a body over the trigger's limit is refused
// with 413 before it is read, announced by Content-Length or chunked.
func TestBadInput_Oversized(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	_, hook := p.flow(webhookFlow(`{}`, "", ""))
	const gib = 1 << 30
	for _, tt := range []struct {
		name   string
		path   string
		length int64
	}{
		{"16 MiB to a 1 MiB webhook", hook, 16 << 20},
		{"1 GiB to a webhook", hook, gib},
		{"1 GiB to the API", "/api/flows", gib},
		{"1 GiB to an unknown webhook", "/hook/whk_unknown", gib},
	} {
		// Headers only: the answer must come without a byte of the body.
		status, msg := rawRequest(t, p.url, fmt.Sprintf("POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"+
			"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n", tt.path, key, tt.length))
		if status != 413 || !strings.Contains(msg, "larger than") {
			t.Errorf("%s, headers only: %d %s", tt.name, status, msg)
		}
	}
	// A client that sends a body a few times over the limit, as curl or an
	// HTTP library does, gets the 413 itself, not a reset: the server
	// drops the rest of the body after its answer instead of closing on it.
	for _, size := range []int64{2 << 20, 8 << 20} {
		for round := range 5 {
			req, _ := http.NewRequest("POST", p.url+hook, &countingReader{left: size})
			req.Header.Set("Content-Type", "application/json")
			req.ContentLength = size
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("%d MiB to a 1 MiB webhook, round %d: %v, want the 413", size>>20, round, err)
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 413 || !strings.Contains(string(data), "larger than") {
				t.Fatalf("%d MiB to a 1 MiB webhook: %d %s", size>>20, resp.StatusCode, data)
			}
		}
	}
	for _, chunked := range []bool{false, true} {
		body := &countingReader{left: gib}
		req, _ := http.NewRequest("POST", p.url+hook, body)
		req.Header.Set("Content-Type", "application/json")
		req.ContentLength = gib
		if chunked {
			req.ContentLength = -1
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			// The 413 is written, then the connection closed with the
			// body unread; a client still sending may see the reset
			// before the answer (the headers-only case above shows the
			// answer itself). What counts is that the body was not read.
			t.Logf("1 GiB, chunked %v: %v", chunked, err)
		} else {
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 413 || !strings.Contains(string(data), "larger than") {
				t.Errorf("1 GiB, chunked %v: %d %s", chunked, resp.StatusCode, data)
			}
		}
		if n := body.read.Load(); n > 64<<20 {
			t.Errorf("1 GiB, chunked %v: %d bytes were read before the answer", chunked, n)
		}
	}
}

// rawRequest writes head on a new connection and returns the status and
// body of the answer.
func rawRequest(t *testing.T, base, head string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// TestBadInput_ManyHeaders: 10,000 headers get 431, and the process goes
// on serving.
func TestBadInput_ManyHeaders(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	_, hook := p.flow(webhookFlow(`{}`, "", ""))
	var b strings.Builder
	fmt.Fprintf(&b, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n", hook)
	for i := range 10_000 {
		fmt.Fprintf(&b, "X-H%d: v\r\n", i)
	}
	b.WriteString("\r\n{}")
	if status, msg := rawRequest(t, p.url, b.String()); status != 431 || !strings.Contains(msg, "message") {
		t.Errorf("10,000 headers: %d %s", status, msg)
	}
	if a := p.hook(hook, `{}`); a.status != 202 {
		t.Errorf("after the headers: %d %s", a.status, a.body)
	}
}

// TestBadInput_UnknownTokens: a wrong token gets 404 with the same answer
// whether or not a valid token shares all but its last character.
func TestBadInput_UnknownTokens(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	_, hook := p.flow(webhookFlow(`{}`, "", ""))
	near := hook[:len(hook)-1] + string(hook[len(hook)-1]^1)
	far := "/hook/whk_" + strings.Repeat("z", len(hook)-len("/hook/whk_"))
	a, b := p.hook(near, `{}`), p.hook(far, `{}`)
	if a.status != 404 || b.status != 404 || a.json(t)["message"] != b.json(t)["message"] || a.json(t)["code"] != b.json(t)["code"] {
		t.Fatalf("near token: %d %s; unrelated token: %d %s", a.status, a.body, b.status, b.body)
	}
	refusal(t, "unknown token", a, 404, "no flow has this webhook URL")
}

// TestBadInput_ExpressionLimits: an expression that would build text
// without end, or loop without end, fails its step with a clear error;
// the run is recorded as failed.
func TestBadInput_ExpressionLimits(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	for _, src := range []string{
		`len(reduce(1..64, #acc + #acc + "x", ""))`,
		`len(toJSON(reduce(1..40, [#acc, #acc], 0)))`,
		`len(1..1000000000)`,
		`all(trigger.body.items, all(trigger.body.items, all(trigger.body.items, true)))`,
	} {
		_, hook := p.flow(webhookFlow(`{}`, `,
 {"id": "calc", "type": "set", "config": {"values": [{"name": "x", "mode": "expression", "value": `+mustJSON(t, src)+`}]}}`,
			`{"from": "trigger", "to": "calc"}`))
		a := p.hook(hook, `{"items": [`+strings.Repeat("1,", 4999)+`1]}`)
		run := p.waitRun(a.json(t)["runId"].(string))
		msg, _ := step(t, run, "calc")["error"].(string)
		if run["status"] != "failed" || !(strings.Contains(msg, "limits") || strings.Contains(msg, "memory budget")) {
			t.Errorf("%s: run %v, step error %q", src, run["status"], msg)
		}
	}
}

// TestBadInput_MissingFields: a template naming a field the request does
// not have fails the step that needs it with the path in the message.
func TestBadInput_MissingFields(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	_, hook := p.flow(webhookFlow(`{}`, `,
 {"id": "note", "type": "set", "config": {"values": [{"name": "phone", "value": "phone: {{ trigger.body.customer.phone }}"}]}}`,
		`{"from": "trigger", "to": "note"}`))
	run := p.waitRun(p.hook(hook, `{"customer": {}}`).json(t)["runId"].(string))
	note := step(t, run, "note")
	if msg, _ := note["error"].(string); run["status"] != "failed" || !strings.Contains(msg, "trigger.body.customer.phone is missing") {
		t.Errorf("note step: %v", note)
	}
}

// TestBadInput_SlowServer: an http step whose server never answers fails
// at its timeout, the run is recorded, and the workers go on: more such
// runs than workers still all end, and another flow still runs.
func TestBadInput_SlowServer(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	p := startProcWith(t, openSQLite(t, dbPath(t)), app.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	_, hook := p.flow(webhookFlow(`{}`, `,
 {"id": "call", "type": "http", "config": {"method": "POST", "url": "`+slow.URL+`", "timeout": "300ms", "retries": 0}}`,
		`{"from": "trigger", "to": "call"}`))
	_, quick := p.flow(webhookFlow(`{}`, `,
 {"id": "calc", "type": "set", "config": {"values": [{"name": "x", "value": "1"}]}}`, `{"from": "trigger", "to": "calc"}`))
	var ids []string
	for range 6 { // more than the 4 workers of a test process
		ids = append(ids, p.hook(hook, `{}`).json(t)["runId"].(string))
	}
	ids = append(ids, p.hook(quick, `{}`).json(t)["runId"].(string))
	for _, id := range ids[:6] {
		run := p.waitRun(id)
		msg, _ := step(t, run, "call")["error"].(string)
		if run["status"] != "failed" || !strings.Contains(msg, "no answer within 300ms") {
			t.Errorf("slow call: run %v, step error %q", run["status"], msg)
		}
	}
	if run := p.waitRun(ids[6]); run["status"] != "succeeded" {
		t.Errorf("quick flow behind slow calls: %v", run["status"])
	}
}
