package catalog

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/nodes/event"
)

func TestAll_CoversEventTypesInOrder(t *testing.T) {
	t.Parallel()
	all := All()
	if len(all) != len(event.EventTypes) {
		t.Errorf("catalog has %d types, event.EventTypes %d", len(all), len(event.EventTypes))
	}
	defined := map[string]bool{}
	for _, d := range allDefs() {
		defined[d.name] = true
	}
	for i, o := range event.EventTypes {
		if !defined[o.Value] {
			t.Errorf("event type %s has no catalog entry", o.Value)
		}
		if i < len(all) && (all[i].Name != o.Value || all[i].Label != o.Label) {
			t.Errorf("catalog[%d] = %s %q, want %s %q", i, all[i].Name, all[i].Label, o.Value, o.Label)
		}
		delete(defined, o.Value)
	}
	for name := range defined {
		t.Errorf("catalog defines %s, which event.EventTypes does not list", name)
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		want   string
		wantOK bool
	}{
		{"CHAT_ASSIGNED_TO_AGENT", "CHAT_ASSIGNED_TO_AGENT", true},
		{"CONVERSATION_OPENED", "CONVERSATION_OPENED", true},
		{event.AliasConversationOpened, "CONVERSATION_OPENED", true},
		{"chat_assigned_to_agent", "", false},
		{"NO_SUCH_EVENT", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Lookup(tt.name)
			if got.Name != tt.want || ok != tt.wantOK {
				t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.name, got.Name, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestAll_ExamplesValidate(t *testing.T) {
	t.Parallel()
	groups := map[string]bool{GroupChat: true, GroupTicket: true, GroupLiveChat: true, GroupAgent: true, GroupCase: true}
	for _, typ := range All() {
		t.Run(typ.Name, func(t *testing.T) {
			t.Parallel()
			if err := Validate(typ.Name, typ.Example); err != nil {
				t.Errorf("example: %v", err)
			}
			if !groups[typ.Group] {
				t.Errorf("group %q is not one of the Group constants", typ.Group)
			}
			if len(typ.Description) < 30 || !strings.HasSuffix(typ.Description, ".") {
				t.Errorf("description %q: want a sentence", typ.Description)
			}
		})
	}
}

// TestAll_SchemasUseTheSubset reads each published schema back, refusing
// any keyword the validator does not know, and checks that every required
// name is a listed property.
func TestAll_SchemasUseTheSubset(t *testing.T) {
	t.Parallel()
	for _, typ := range All() {
		t.Run(typ.Name, func(t *testing.T) {
			t.Parallel()
			var s schema
			dec := json.NewDecoder(bytes.NewReader(typ.Schema))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&s); err != nil {
				t.Fatalf("schema: %v", err)
			}
			if s.Schema != draft || s.Title != typ.Name || s.Type != typeObject {
				t.Errorf("root: $schema %q, title %q, type %q", s.Schema, s.Title, s.Type)
			}
			checkSubset(t, &s, "data")
		})
	}
}

func checkSubset(t *testing.T, s *schema, path string) {
	t.Helper()
	if _, ok := typeWords[s.Type]; s.Type != "" && !ok {
		t.Errorf("%s: type %q is outside the subset", path, s.Type)
	}
	if s.Format != "" && s.Format != formatDateTime {
		t.Errorf("%s: format %q is outside the subset", path, s.Format)
	}
	if s.Type == typeObject && (s.AdditionalProperties == nil || !*s.AdditionalProperties) {
		t.Errorf("%s: objects must allow additional properties", path)
	}
	for _, name := range s.Required {
		if _, ok := s.Properties[name]; !ok {
			t.Errorf("%s: required %q is not a property", path, name)
		}
	}
	for name, p := range s.Properties {
		checkSubset(t, p, path+"."+name)
	}
	if s.Items != nil {
		checkSubset(t, s.Items, path+".#")
	}
}

func TestAll_ChatAssignedCarriesTheSeedFields(t *testing.T) {
	t.Parallel()
	typ, _ := Lookup("CHAT_ASSIGNED_TO_AGENT")
	var ex map[string]any
	if err := json.Unmarshal(typ.Example, &ex); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"customer.name", "customer.phoneNumber", "customer.tags", "customer.customFields",
		"assignedAgent.name", "assignedAgent.phoneNumber", "assignedAgent.email",
		"assignedAgent.orgRole", "assignedAgent.wabaRole", "wabaNumber", "conversationId",
		"lastMessage.text", "assignedAt", "assignedBy", "previousAgent.name",
	} {
		var v any = ex
		for _, k := range strings.Split(path, ".") {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		if v == nil {
			t.Errorf("example lacks %s", path)
		}
	}
}
