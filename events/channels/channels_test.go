package channels

import (
	"errors"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/store"
)

func TestNewChannel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		in           Input
		number, kind string
		field        string // named in the error; "" for success
	}{
		{"waba digits", Input{Number: "+91 98765-43210", Name: "Sales"}, "919876543210", store.ChannelWABA, ""},
		{"chat source", Input{Number: " web-widget ", Kind: "chat_source"}, "web-widget", store.ChannelChatSource, ""},
		{"no number", Input{Name: "x"}, "", "", "number"},
		{"letters in a waba number", Input{Number: "sales-line"}, "", "", "number"},
		{"too short", Input{Number: "123"}, "", "", "number"},
		{"bad kind", Input{Number: "919876543210", Kind: "sms"}, "", "", "kind"},
		{"long name", Input{Number: "919876543210", Name: strings.Repeat("n", 101)}, "", "", "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := (&Service{}).newChannel(tt.in)
			if tt.field != "" {
				if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.field) {
					t.Fatalf("error %v, want one naming %s", err, tt.field)
				}
				return
			}
			if err != nil || c.Number != tt.number || c.Kind != tt.kind || c.Name == "" {
				t.Fatalf("channel %+v, %v; want number %s kind %s", c, err, tt.number, tt.kind)
			}
		})
	}
}
