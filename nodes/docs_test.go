package nodes

import (
	"strings"
	"testing"
)

func TestMarkdown_Sections(t *testing.T) {
	t.Parallel()
	r := NewRegistry()
	action := validSpec("call", 1, KindAction)
	action.Ports = []Port{OutPort(), ErrorPort()}
	r.Register(action)
	trigger := validSpec("start", 1, KindTrigger)
	trigger.Fields = append(trigger.Fields, MappingsField())
	r.Register(trigger)
	md := string(Markdown(r))

	tests := []struct {
		name string
		want string
	}{
		{"intro explains templates", "`{{ vars.customer_number }}`"},
		{"type and version", "Type `call`, version 1."},
		{"error port", "**Ports:** `out`, `error` (taken when the step fails)."},
		{"table header", "| Field | Kind | Required | Default | Help | Options |"},
		{"condition in help", "| `value` | string | no |  | Only when `mode` is `a`. |  |"},
		{"list items", "| `mappings[].path` | path | yes |"},
		{"options", "| `a` A |"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !strings.Contains(md, tt.want) {
				t.Errorf("reference lacks %q:\n%s", tt.want, md)
			}
		})
	}
	if strings.Contains(md, "## Logic") {
		t.Error("an empty section is rendered")
	}
	if strings.Index(md, "## Triggers") > strings.Index(md, "## Actions") {
		t.Error("triggers do not come before actions")
	}
}

func TestMarkdown_Cells(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"pipe escaped", tableCell("a || b"), `a \|\| b`},
		{"newline joined", tableCell("a\nb"), "a b"},
		{"angle brackets escaped", prose("Bearer <token>"), "Bearer &lt;token&gt;"},
		{"no default", defaultText(nil), ""},
		{"string default", defaultText("10s"), "`10s`"},
		{"empty string default", defaultText(""), "`\"\"`"},
		{"list default", defaultText([]string{"POST"}), "`[\"POST\"]`"},
		{"bool default", defaultText(false), "`false`"},
		{"one value", orList([]string{"a"}), "`a`"},
		{"several values", orList([]string{"a", "b", "c"}), "`a`, `b` or `c`"},
		{"number range", rangeText(Field{Kind: FieldInteger, Min: Float(1), Max: Float(10)}), "From 1 to 10."},
		{"list minimum", rangeText(Field{Kind: FieldList, Min: Float(1)}), "At least 1 item."},
		{"list maximum", rangeText(Field{Kind: FieldList, Max: Float(5)}), "At most 5 items."},
		{"kind notes", kindText(Field{Kind: FieldString, Templates: true, Secret: true}), "string (templates; secret)"},
		{"credential types", kindText(Field{Kind: FieldCredential, CredentialTypes: []string{"basic", "bearer"}}), "credential (basic, bearer)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestMarkdown_Ports(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		ports   []Port
		dynamic *DynamicPorts
		want    string
	}{
		{"none", nil, nil, "none; the branch ends here."},
		{"fixed", []Port{{Name: "true", Label: "True"}, {Name: "false", Label: "False"}}, nil, "`true`, `false`."},
		{"dynamic and fixed", []Port{{Name: "default", Label: "Default"}}, &DynamicPorts{ListField: "cases", NameField: "name"},
			"one per item of `cases`, named by its `name`; then `default`."},
		{"dynamic only", nil, &DynamicPorts{ListField: "cases", NameField: "name"}, "one per item of `cases`, named by its `name`."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := portsText(&Spec{Ports: tt.ports, Dynamic: tt.dynamic}); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
