package app_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/internal/app"
)

const (
	waToken  = "verify-me"
	waSecret = "app-secret"
	waNumber = "15550783881"
)

// waText is a Cloud API webhook with one text message.
func waText(messageID, customer string) string {
	return fmt.Sprintf(`{"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
	 "value": {"messaging_product": "whatsapp", "metadata": {"display_phone_number": "+1 555-078-3881", "phone_number_id": "106540352242922"},
	  "contacts": [{"profile": {"name": "Sheena"}, "wa_id": %q}],
	  "messages": [{"from": %q, "id": %q, "timestamp": "1749416383", "type": "text", "text": {"body": "hello"}}]}}]}]}`,
		customer, customer, messageID)
}

func sign(body, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func TestWhatsApp_Handshake(t *testing.T) {
	t.Parallel()
	p := startProcWith(t, openSQLite(t, dbPath(t)), app.Options{WhatsAppVerifyToken: waToken, WhatsAppAppSecret: waSecret})
	tests := []struct {
		name, query string
		status      int
	}{
		{"good", "hub.mode=subscribe&hub.verify_token=" + waToken + "&hub.challenge=1158201444", 200},
		{"bad token", "hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", 403},
		{"bad mode", "hub.mode=unsubscribe&hub.verify_token=" + waToken + "&hub.challenge=1", 403},
	}
	for _, tt := range tests {
		a := p.send("GET", "/whatsapp/webhook?"+tt.query, "", nil)
		if a.status != tt.status {
			t.Errorf("%s: %d %s", tt.name, a.status, a.body)
		}
		if tt.status == 200 && (string(a.body) != "1158201444" || !strings.HasPrefix(a.header.Get("Content-Type"), "text/plain")) {
			t.Errorf("%s: answered %q as %s", tt.name, a.body, a.header.Get("Content-Type"))
		}
	}
}

func TestWhatsApp_NotConfigured(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	a := p.send("GET", "/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1", "", nil)
	if msg, _ := a.json(t)["message"].(string); a.status != 404 || !strings.Contains(msg, "HOOKFLOW_WHATSAPP_VERIFY_TOKEN") {
		t.Errorf("handshake: %d %s", a.status, a.body)
	}
	a = p.send("POST", "/whatsapp/webhook", "application/json", []byte(`{}`), "X-Hub-Signature-256", sign(`{}`, ""))
	if msg, _ := a.json(t)["message"].(string); a.status != 404 || !strings.Contains(msg, "HOOKFLOW_WHATSAPP_APP_SECRET") {
		t.Errorf("webhook: %d %s", a.status, a.body)
	}
}

// TestWhatsApp_Messages: a signed text message starts MESSAGE_RECEIVED,
// FIRST_TIME_MESSAGE_FROM_CUSTOMER (the first time only) and
// RAW_CLOUD_API_WEBHOOK runs in the flows that take them; a bad signature
// gets 401 and stores no event; Meta's retry of a webhook starts nothing.
func TestWhatsApp_Messages(t *testing.T) {
	t.Parallel()
	p := startProcWith(t, openSQLite(t, dbPath(t)), app.Options{WhatsAppVerifyToken: waToken, WhatsAppAppSecret: waSecret})
	msg, _ := p.flow(eventFlow(`["MESSAGE_RECEIVED"]`, `["`+waNumber+`"]`, `[{"name": "customer", "path": "event.data.customer.phoneNumber"}]`))
	first, _ := p.flow(eventFlow(`["FIRST_TIME_MESSAGE_FROM_CUSTOMER"]`, `[]`, `[]`))
	raw, _ := p.flow(eventFlow(`["RAW_CLOUD_API_WEBHOOK"]`, `[]`, `[]`))
	other, _ := p.flow(eventFlow(`["MESSAGE_RECEIVED"]`, `["999999999"]`, `[]`))
	post := func(body, sig string) answer {
		return p.send("POST", "/whatsapp/webhook", "application/json", []byte(body), "X-Hub-Signature-256", sig)
	}
	counts := func() [4]int {
		return [4]int{len(p.runsOf(msg)), len(p.runsOf(first)), len(p.runsOf(raw)), len(p.runsOf(other))}
	}
	one := waText("wamid.ONE", "16505551234")
	if a := post(one, sign(one, "wrong")); a.status != 401 {
		t.Fatalf("bad signature: %d %s", a.status, a.body)
	}
	if a := post(one, ""); a.status != 401 {
		t.Fatalf("no signature: %d %s", a.status, a.body)
	}
	if n := len(p.inbox(raw, "trigger")); n != 0 || counts() != [4]int{} {
		t.Fatalf("refused webhooks left %d events and runs %v", n, counts())
	}
	if a := post(one, sign(one, waSecret)); a.status != 200 || a.json(t)["events"] != 3.0 {
		t.Fatalf("first message: %d %s", a.status, a.body)
	}
	if got := counts(); got != [4]int{1, 1, 1, 0} {
		t.Fatalf("runs after the first message (message, first, raw, other): %v", got)
	}
	if a := post(one, sign(one, waSecret)); a.status != 200 || counts() != [4]int{1, 1, 1, 0} {
		t.Fatalf("Meta's retry: %d %s, runs %v", a.status, a.body, counts())
	}
	two := waText("wamid.TWO", "16505551234")
	post(two, sign(two, waSecret))
	if got := counts(); got != [4]int{2, 1, 2, 0} {
		t.Fatalf("runs after a second message of the customer: %v", got)
	}
	run := p.waitRun(p.runsOf(msg)[0])
	if f := run["fields"].(map[string]any); f["channel"] != waNumber || f["customer"] != "16505551234" {
		t.Fatalf("fields of a message run: %v", f)
	}
}
