package whatsapp

import (
	"errors"
	"strings"
	"testing"
)

func TestParse_Refuses(t *testing.T) {
	t.Parallel()
	const value = `{"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": %s}]}]}`
	withValue := func(v string) string { return strings.Replace(value, "%s", v, 1) }
	tests := []struct {
		name, body string
		wantErr    error
		wantText   string
	}{
		{"not JSON", `{"object": `, ErrMalformed, "malformed whatsapp webhook: unexpected end of JSON input"},
		{"another product", `{"object": "page", "entry": []}`, ErrNotWhatsApp, `object "page"`},
		{"no business number", withValue(`{"metadata": {}, "statuses": [{"id": "wamid.1", "status": "sent", "timestamp": "1", "recipient_id": "1"}]}`),
			ErrMalformed, "entry 0 change 0: metadata.display_phone_number is missing"},
		{"message without id", withValue(`{"metadata": {"display_phone_number": "15550783881"}, "messages": [{"from": "1", "timestamp": "1", "type": "text"}]}`),
			ErrMalformed, "entry 0 change 0: message 0: id is missing"},
		{"bad timestamp", withValue(`{"metadata": {"display_phone_number": "15550783881"}, "messages": [{"id": "wamid.1", "from": "1", "timestamp": "yesterday", "type": "text"}]}`),
			ErrMalformed, `message 0: timestamp "yesterday" is not a unix time in seconds`},
		{"status without recipient", withValue(`{"metadata": {"display_phone_number": "15550783881"}, "statuses": [{"id": "wamid.1", "status": "read", "timestamp": "1"}]}`),
			ErrMalformed, "status 0: recipient_id is missing"},
		{"wrong type in a message", withValue(`{"metadata": {"display_phone_number": "15550783881"}, "messages": [{"id": 7}]}`),
			ErrMalformed, "malformed whatsapp webhook: json: cannot unmarshal number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse([]byte(tt.body))
			if p != nil || !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("Parse = %v, %v; want %v containing %q", p, err, tt.wantErr, tt.wantText)
			}
		})
	}
}

func TestParse_SkipsOtherFields(t *testing.T) {
	t.Parallel()
	body := `{"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
	  {"field": "message_template_status_update", "value": {"event": "APPROVED", "messages": "not a list"}}]}]}`
	p, err := Parse([]byte(body))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	evs := Events(p, []byte(body), nil)
	if len(evs) != 1 || evs[0].Type != TypeRawWebhook || evs[0].Channel != "" {
		t.Errorf("events = %+v, want only the raw event, without a channel", evs)
	}
}
