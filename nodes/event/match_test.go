package event

import (
	"testing"
	"time"
)

func TestConfig_Matches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		cfg          Config
		typ, channel string
		want         bool
	}{
		{"type", Config{EventTypes: []string{"ADD_TAG"}}, "ADD_TAG", "1", true},
		{"other type", Config{EventTypes: []string{"ADD_TAG"}}, "REMOVE_TAG", "1", false},
		{"alias in config", Config{EventTypes: []string{AliasConversationOpened}}, "CONVERSATION_OPENED", "1", true},
		{"alias in event", Config{EventTypes: []string{"CONVERSATION_OPENED"}}, AliasConversationOpened, "1", true},
		{"unknown type", Config{EventTypes: []string{"NOPE"}}, "NOPE", "1", false},
		{"channel listed", Config{EventTypes: []string{"ADD_TAG"}, Channels: []string{"+91 98765-43210"}}, "ADD_TAG", "919876543210", true},
		{"channel not listed", Config{EventTypes: []string{"ADD_TAG"}, Channels: []string{"111"}}, "ADD_TAG", "222", false},
		{"chat source", Config{EventTypes: []string{"CHAT_CREATED"}, Channels: []string{" web-widget "}}, "CHAT_CREATED", "web-widget", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.cfg.Matches(tt.typ, tt.channel); got != tt.want {
				t.Fatalf("Matches(%q, %q) = %v, want %v", tt.typ, tt.channel, got, tt.want)
			}
		})
	}
}

func TestNormalizeChannel(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"+91 98765-43210": "919876543210",
		"(555) 078.3881":  "5550783881",
		" web-widget ":    "web-widget",
		"shop-2":          "shop-2",
		"":                "",
	} {
		if got := NormalizeChannel(in); got != want {
			t.Errorf("NormalizeChannel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTriggerData(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 1, 2, 3, 4, 5, 6000, time.FixedZone("X", 3600))
	got := string(TriggerData("evt_1", "ADD_TAG", "91\"1", []byte(`{"tag":"vip"}`), at))
	want := `{"event":{"id":"evt_1","type":"ADD_TAG","channel":"91\"1","data":{"tag":"vip"},"receivedAt":"2025-01-02T02:04:05.000006Z"}}`
	if got != want {
		t.Fatalf("TriggerData = %s\nwant %s", got, want)
	}
	if got := string(ExampleData("ADD_TAG", "", nil)); got != `{"event":{"type":"ADD_TAG","channel":"","data":null}}` {
		t.Fatalf("ExampleData = %s", got)
	}
}
