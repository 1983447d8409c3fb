package app_test

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestShutdown_EndsStreams: shutting down ends an open run stream and a
// waiting capture at once, telling the capture why, instead of waiting for
// them until the shutdown's time is up.
func TestShutdown_EndsStreams(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	_, hook := p.flow(delayFlow("1h"))
	id := p.hook(hook, `{"phone": "+1 555 0100"}`).json(t)["runId"].(string)

	req, _ := http.NewRequest("GET", p.url+"/api/runs/"+id+"/stream", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	stream := bufio.NewReader(resp.Body)
	for line := ""; !strings.HasPrefix(line, "event: run"); {
		if line, err = stream.ReadString('\n'); err != nil {
			t.Fatalf("run stream before its first event: %v", err)
		}
	}
	draft, _ := p.draft(webhookFlow(`{}`, "", ""))
	capture := p.captureSSE(draft, "trigger", "?wait=120s")

	if err := p.app.Shutdown(30 * time.Second); err != nil {
		t.Fatalf("shutdown with a stream and a capture open: %v", err)
	}
	rest, err := io.ReadAll(stream)
	if err != nil {
		t.Fatalf("the run stream broke instead of ending: %v", err)
	}
	if strings.Contains(string(rest), "event: end") {
		t.Fatalf("the run stream said the run ended: %s", rest)
	}
	name, data := capture.event()
	if msg, _ := data["message"].(string); name != "error" || !strings.Contains(msg, "restarting") {
		t.Fatalf("the capture ended with %q %v, want an error that says hookflow is restarting", name, data)
	}
}
