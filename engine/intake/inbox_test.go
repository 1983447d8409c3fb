package intake

import (
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/nodes/webhook"
)

// TestNewInboxEntry_Bounds: the raw body is cut at MaxInboxRawBody and
// kept as valid text; trigger data past MaxInboxData loses its body.
func TestNewInboxEntry_Bounds(t *testing.T) {
	t.Parallel()
	now := time.Unix(1700000000, 123456789)
	req := webhook.Request{Method: "POST", ContentType: "text/plain", Body: []byte("ok\xff")}
	trigger, err := buildTrigger(req, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := newInboxEntry("flw_1", "trigger", req, nil, trigger, now)
	if e.RawBody != "ok\uFFFD" || e.Truncated || string(e.Data) != string(trigger) || !e.ReceivedAt.Equal(now) {
		t.Fatalf("small request: %+v", e)
	}

	big := strings.Repeat("x", MaxInboxData+10)
	req = webhook.Request{Method: "POST", ContentType: "application/json", Body: []byte(`{"big": "` + big + `"}`),
		Headers: [][2]string{{"Authorization", "Bearer s"}}}
	trigger, err = buildTrigger(req, nil)
	if err != nil {
		t.Fatal(err)
	}
	e = newInboxEntry("flw_1", "trigger", req, nil, trigger, now)
	if len(e.RawBody) != MaxInboxRawBody || !e.Truncated {
		t.Fatalf("raw body of %d bytes kept as %d, truncated %v", len(req.Body), len(e.RawBody), e.Truncated)
	}
	data := gjson.ParseBytes(e.Data)
	if data.Get("body").Type != gjson.Null || data.Get("headers.authorization").String() != webhook.Redacted {
		t.Fatalf("trigger data past the bound: %.200s", e.Data)
	}
}
