package flowsvc

import (
	"encoding/json"
	"testing"

	"github.com/hookflow/hookflow/nodes"
)

func TestNamesCredential(t *testing.T) {
	fields := []nodes.Field{
		{Name: "credential", Kind: nodes.FieldCredential},
		{Name: "note", Kind: nodes.FieldString},
		{Name: "targets", Kind: nodes.FieldList, Fields: []nodes.Field{
			{Name: "url", Kind: nodes.FieldString},
			{Name: "credential", Kind: nodes.FieldCredential},
		}},
	}
	tests := []struct {
		name, config string
		want         bool
	}{
		{"top-level field", `{"credential": "crd_1"}`, true},
		{"another credential", `{"credential": "crd_2"}`, false},
		{"inside a list item", `{"targets": [{"url": "x"}, {"url": "y", "credential": "crd_1"}]}`, true},
		{"the id in a field that is not a credential", `{"note": "crd_1", "targets": [{"url": "crd_1"}]}`, false},
		{"a list that is not a list", `{"targets": {"credential": "crd_1"}}`, false},
		{"not JSON", `{"credential": `, false},
		{"empty", `{}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := namesCredential(fields, json.RawMessage(tc.config), "crd_1"); got != tc.want {
				t.Fatalf("namesCredential(%s) = %v, want %v", tc.config, got, tc.want)
			}
		})
	}
}
