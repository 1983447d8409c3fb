package catalog

import (
	"errors"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
	"github.com/tidwall/sjson"
)

// edit is one change to an example: set path to the raw JSON value, or
// delete path when value is empty.
type edit struct{ path, value string }

func brokenExample(t *testing.T, name string, edits ...edit) []byte {
	t.Helper()
	typ, ok := Lookup(name)
	if !ok {
		t.Fatalf("no event type %s", name)
	}
	data := append([]byte(nil), typ.Example...)
	for _, e := range edits {
		var err error
		if e.value == "" {
			data, err = sjson.DeleteBytes(data, e.path)
		} else {
			data, err = sjson.SetRawBytes(data, e.path, []byte(e.value))
		}
		if err != nil {
			t.Fatalf("edit %s: %v", e.path, err)
		}
	}
	return data
}

func TestValidate_ReportsPathAndProblem(t *testing.T) {
	t.Parallel()
	const assigned = "CHAT_ASSIGNED_TO_AGENT"
	tests := []struct {
		name  string
		event string
		edits []edit
		want  []Problem
	}{
		{"wrong type", assigned, []edit{{"customer.phoneNumber", "919812345678"}},
			[]Problem{{"data.customer.phoneNumber", "must be a string"}}},
		{"missing", assigned, []edit{{"assignedAt", ""}},
			[]Problem{{"data.assignedAt", "is required"}}},
		{"missing in a nested object", assigned, []edit{{"assignedAgent.wabaRole", ""}},
			[]Problem{{"data.assignedAgent.wabaRole", "is required"}}},
		{"not in the enum", assigned, []edit{{"assignedBy", `"robot"`}},
			[]Problem{{"data.assignedBy", `must be one of "manual", "bot", "ai_bot"`}}},
		{"not a date-time", assigned, []edit{{"assignedAt", `"yesterday"`}},
			[]Problem{{"data.assignedAt", `must be a date-time such as "2025-01-31T09:00:00Z"`}}},
		{"list item", assigned, []edit{{"customer.tags.1", "7"}},
			[]Problem{{"data.customer.tags.1", "must be a string"}}},
		{"null is not an object", assigned, []edit{{"previousAgent", "null"}},
			[]Problem{{"data.previousAgent", "must be an object"}}},
		{"every problem at once", assigned, []edit{{"wabaNumber", ""}, {"customer.name", "false"}, {"lastMessage.timestamp", "1741945267"}},
			[]Problem{
				{"data.wabaNumber", "is required"},
				{"data.customer.name", "must be a string"},
				{"data.lastMessage.timestamp", "must be a string"},
			}},
		{"boolean", "AGENT_STATUS_CHANGED", []edit{{"channels.chat", `"yes"`}},
			[]Problem{{"data.channels.chat", "must be true or false"}}},
		{"whole number", "MESSAGE_STATUS_UPDATE", []edit{{"errors.0.code", "131047.5"}},
			[]Problem{{"data.errors.0.code", "must be a whole number"}}},
		{"list", "MESSAGE_STATUS_UPDATE", []edit{{"errors", `{"code": 1}`}},
			[]Problem{{"data.errors", "must be a list"}}},
		{"number", "MESSAGE_RECEIVED", []edit{{"message.location", `{"latitude": "19.07", "longitude": 72.87}`}},
			[]Problem{{"data.message.location.latitude", "must be a number"}}},
		{"alias", "COVERSATION_OPENED", []edit{{"initiatedBy", `"agent"`}},
			[]Problem{{"data.initiatedBy", `must be one of "customer", "business"`}}},
		{"raw webhook", "RAW_CLOUD_API_WEBHOOK", []edit{{"object", `"page"`}, {"entry.0.changes.0.field", ""}},
			[]Problem{
				{"data.entry.0.changes.0.field", "is required"},
				{"data.object", `must be one of "whatsapp_business_account"`},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Validate(tt.event, brokenExample(t, tt.event, tt.edits...))
			var verr *ValidationError
			if !errors.As(err, &verr) || !errors.Is(err, ErrInvalidData) {
				t.Fatalf("Validate = %v, want a *ValidationError", err)
			}
			if !equalProblems(verr.Problems, tt.want) {
				t.Errorf("problems = %v, want %v", verr.Problems, tt.want)
			}
		})
	}
}

func equalProblems(a, b []Problem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestValidate_Errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, event, data, want string
	}{
		{"message", "CHAT_ASSIGNED_TO_AGENT", `{"customer": {"phoneNumber": 1}}`,
			"invalid CHAT_ASSIGNED_TO_AGENT event: data.wabaNumber: is required; data.conversationId: is required; " +
				"data.assignedAgent: is required; data.assignedAt: is required; data.assignedBy: is required; " +
				"data.customer.phoneNumber: must be a string"},
		{"not JSON", "ADD_TAG", `{"tag": `, "invalid ADD_TAG event: data: is not valid JSON"},
		{"empty", "ADD_TAG", ``, "invalid ADD_TAG event: data: is not valid JSON"},
		{"not an object", "ADD_TAG", `["vip"]`, "invalid ADD_TAG event: data: must be an object"},
		{"canonical name", "COVERSATION_OPENED", `{}`, "invalid CONVERSATION_OPENED event: data.wabaNumber: is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Validate(tt.event, []byte(tt.data))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Validate = %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestValidate_UnknownType(t *testing.T) {
	t.Parallel()
	err := Validate("NO_SUCH_EVENT", []byte(`{}`))
	if !errors.Is(err, ErrUnknownType) || !strings.Contains(err.Error(), `"NO_SUCH_EVENT"`) {
		t.Errorf("Validate = %v, want ErrUnknownType naming the type", err)
	}
}

func TestValidationError_ShowsTenProblems(t *testing.T) {
	t.Parallel()
	err := Validate("CHAT_ASSIGNED_TO_AGENT", []byte(`{"customer": {"tags": [1,2,3,4,5,6,7,8,9,10,11,12]}}`))
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Validate = %v", err)
	}
	if n := len(verr.Problems); n != 18 {
		t.Errorf("%d problems, want 18 (5 required + 1 phone number + 12 tags)", n)
	}
	if !strings.HasSuffix(err.Error(), "; and 8 more") {
		t.Errorf("error = %s, want it to end with the count of the rest", err)
	}
}

func TestCheck_RefusesExtraPropertiesWhenTold(t *testing.T) {
	t.Parallel()
	closed := false
	s := &schema{Type: typeObject, Properties: props{"a": str("")}, AdditionalProperties: &closed}
	var probs []Problem
	s.check(gjson.Parse(`{"a": "x", "b.c": 1}`), "data", &probs)
	want := []Problem{{`data.b\.c`, "is not allowed"}}
	if !equalProblems(probs, want) {
		t.Errorf("problems = %v, want %v", probs, want)
	}
}
