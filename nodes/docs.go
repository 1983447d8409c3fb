package nodes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// referenceIntro opens the generated node reference.
const referenceIntro = `# Node reference

<!-- Code generated from the node specs by "go test ./nodes/all -run TestNodeReference -update". DO NOT EDIT. -->

Every step of a flow is a node of one of the types below. A flow starts with one trigger, then runs
logic and action nodes in the order its edges give; a node continues by one of its ports.

Fields marked *templates* may hold templates such as ` + "`{{ vars.customer_number }}`" + ` or
` + "`{{ nodes.lookup.body.agentId }}`" + `: each is replaced by the value at that path of the run's data
(` + "`trigger.*`" + ` for what started the run, ` + "`vars.<name>`" + ` for variables from mappings and Set
Variables steps, ` + "`nodes.<nodeId>.*`" + ` for the output of earlier steps, ` + "`run.id`" + `). A field that is one
template alone keeps the type of what it names, a number stays a number. Expression fields hold an
expression over the same names, such as ` + "`trigger.body.amount > 100 && vars.agent_email != \"\"`" + `. Path
fields hold a path into the data, such as ` + "`body.customer.phoneNumber`" + `; click a field of a sample to
fill one in. Durations are written like ` + "`30s`, `15m` or `1h30m`" + `.
`

// kindTitles orders and names the reference's sections.
var kindTitles = []struct {
	kind  Kind
	title string
}{
	{KindTrigger, "Triggers"},
	{KindLogic, "Logic"},
	{KindAction, "Actions"},
}

// Markdown renders the node reference of every spec in r, grouped into
// triggers, logic and actions. The output depends only on the specs, so a
// test can compare it with the committed docs/nodes.md.
func Markdown(r *Registry) []byte {
	var b bytes.Buffer
	b.WriteString(referenceIntro)
	specs := r.All()
	for _, g := range kindTitles {
		var group []*Spec
		for _, s := range specs {
			if s.Kind == g.kind {
				group = append(group, s)
			}
		}
		if len(group) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n", g.title)
		for _, s := range group {
			writeSpec(&b, s)
		}
	}
	return b.Bytes()
}

func writeSpec(b *bytes.Buffer, s *Spec) {
	fmt.Fprintf(b, "\n### %s\n\n", prose(s.Label))
	fmt.Fprintf(b, "Type `%s`, version %d.\n\n", s.Type, s.Version)
	fmt.Fprintf(b, "%s\n\n", prose(s.Description))
	fmt.Fprintf(b, "**Ports:** %s\n", portsText(s))
	if s.Outputs != "" {
		fmt.Fprintf(b, "\n**Output:** `%s`\n", s.Outputs)
	}
	if len(s.Fields) == 0 {
		return
	}
	b.WriteString("\n| Field | Kind | Required | Default | Help | Options |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	writeFields(b, "", s.Fields)
}

func portsText(s *Spec) string {
	var parts []string
	for _, p := range s.Ports {
		text := fmt.Sprintf("`%s`", p.Name)
		if p.Error {
			text += " (taken when the step fails)"
		}
		parts = append(parts, text)
	}
	fixed := strings.Join(parts, ", ")
	if d := s.Dynamic; d != nil {
		dynamic := fmt.Sprintf("one per item of `%s`, named by its `%s`", d.ListField, d.NameField)
		if fixed == "" {
			return dynamic + "."
		}
		return dynamic + "; then " + fixed + "."
	}
	if fixed == "" {
		return "none; the branch ends here."
	}
	return fixed + "."
}

func writeFields(b *bytes.Buffer, prefix string, fields []Field) {
	for _, f := range fields {
		required := "no"
		if f.Required {
			required = "yes"
		}
		cells := []string{
			"`" + prefix + f.Name + "`",
			kindText(f),
			required,
			defaultText(f.Default),
			helpText(f),
			optionsText(f.Options),
		}
		for i, c := range cells {
			cells[i] = tableCell(c)
		}
		fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
		if f.Kind == FieldList {
			writeFields(b, prefix+f.Name+"[].", f.Fields)
		}
	}
}

func kindText(f Field) string {
	var notes []string
	if f.Kind == FieldCredential {
		notes = append(notes, strings.Join(f.CredentialTypes, ", "))
	}
	if f.Boolean {
		notes = append(notes, "true or false")
	}
	if f.Templates {
		notes = append(notes, "templates")
	}
	if f.Secret {
		notes = append(notes, "secret")
	}
	if f.OpenOptions {
		notes = append(notes, "any value")
	}
	if len(notes) == 0 {
		return string(f.Kind)
	}
	return fmt.Sprintf("%s (%s)", f.Kind, strings.Join(notes, "; "))
}

func defaultText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		if v == "" {
			return "`\"\"`"
		}
		return "`" + v + "`"
	}
	j, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("`%v`", v)
	}
	return "`" + string(j) + "`"
}

func helpText(f Field) string {
	var parts []string
	if w := f.When; w != nil {
		parts = append(parts, fmt.Sprintf("Only when `%s` is %s.", w.Field, orList(w.Equals)))
	}
	if f.Help != "" {
		parts = append(parts, prose(f.Help))
	}
	if r := rangeText(f); r != "" {
		parts = append(parts, r)
	}
	if f.Placeholder != "" {
		parts = append(parts, "Example: `"+f.Placeholder+"`.")
	}
	return strings.Join(parts, " ")
}

func orList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

func rangeText(f Field) string {
	num := func(p *float64) string {
		n := strconv.FormatFloat(*p, 'f', -1, 64)
		switch {
		case f.Kind != FieldList:
			return n
		case *p == 1:
			return n + " item"
		}
		return n + " items"
	}
	switch {
	case f.Min != nil && f.Max != nil:
		return fmt.Sprintf("From %s to %s.", num(f.Min), num(f.Max))
	case f.Min != nil:
		return fmt.Sprintf("At least %s.", num(f.Min))
	case f.Max != nil:
		return fmt.Sprintf("At most %s.", num(f.Max))
	}
	return ""
}

func optionsText(options []Option) string {
	parts := make([]string, len(options))
	for i, o := range options {
		parts[i] = "`" + o.Value + "`"
		if o.Label != o.Value {
			parts[i] += " " + prose(o.Label)
		}
	}
	return strings.Join(parts, "<br>")
}

// prose escapes the angle brackets of spec text, written for the UI's plain
// text, so that "<token>" is shown rather than read as HTML.
func prose(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(s)
}

// tableCell keeps text inside one cell of a Markdown table.
func tableCell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}
