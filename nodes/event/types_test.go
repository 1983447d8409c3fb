package event

import "testing"

func TestCanonical(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"ADD_TAG", "ADD_TAG", true},
		{"CONVERSATION_OPENED", "CONVERSATION_OPENED", true},
		{AliasConversationOpened, "CONVERSATION_OPENED", true},
		{"CASE_CREATED", "CASE_CREATED", true},
		{"add_tag", "", false},
		{"NO_SUCH_EVENT", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, ok := Canonical(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Canonical(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestEventTypes_UniqueAndLabelled(t *testing.T) {
	t.Parallel()
	if len(EventTypes) != 40 {
		t.Errorf("catalog has %d event types, want 40", len(EventTypes))
	}
	seen := map[string]bool{}
	for _, o := range EventTypes {
		if seen[o.Value] || o.Label == "" || o.Label == o.Value {
			t.Errorf("event type %q: duplicate or without a human label", o.Value)
		}
		seen[o.Value] = true
	}
	if seen[AliasConversationOpened] {
		t.Error("the alias is listed as an event type")
	}
}
