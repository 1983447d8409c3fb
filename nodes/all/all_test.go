package all_test

import (
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/nodes/condition"
	"github.com/hookflow/hookflow/nodes/crm"
	"github.com/hookflow/hookflow/nodes/delay"
	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/nodes/http"
	"github.com/hookflow/hookflow/nodes/respond"
	"github.com/hookflow/hookflow/nodes/set"
	"github.com/hookflow/hookflow/nodes/sheets"
	switchnode "github.com/hookflow/hookflow/nodes/switch"
	"github.com/hookflow/hookflow/nodes/webhook"
)

const module = "github.com/hookflow/hookflow/"

// nodeType is what the tests expect of one registered node type.
type nodeType struct {
	pkg    string
	typ    string
	kind   nodes.Kind
	ports  []string
	spec   func() nodes.Spec
	config any
}

var nodeTypes = []nodeType{
	{"nodes/webhook", webhook.Type, nodes.KindTrigger, []string{"out"}, webhook.Spec, webhook.Config{}},
	{"nodes/event", event.Type, nodes.KindTrigger, []string{"out"}, event.Spec, event.Config{}},
	{"nodes/condition", condition.Type, nodes.KindLogic, []string{"true", "false"}, condition.Spec, condition.Config{}},
	{"nodes/switch", switchnode.Type, nodes.KindLogic, []string{"default"}, switchnode.Spec, switchnode.Config{}},
	{"nodes/set", set.Type, nodes.KindLogic, []string{"out"}, set.Spec, set.Config{}},
	{"nodes/delay", delay.Type, nodes.KindLogic, []string{"out"}, delay.Spec, delay.Config{}},
	{"nodes/respond", respond.Type, nodes.KindLogic, nil, respond.Spec, respond.Config{}},
	{"nodes/http", http.Type, nodes.KindAction, []string{"out", "error"}, http.Spec, http.Config{}},
	{"nodes/crm", crm.Type, nodes.KindAction, []string{"out", "error"}, crm.Spec, crm.Config{}},
	{"nodes/sheets", sheets.Type, nodes.KindAction, []string{"out", "error"}, sheets.Spec, sheets.Config{}},
}

func TestAll_RegistersEveryType(t *testing.T) {
	t.Parallel()
	for _, nt := range nodeTypes {
		t.Run(nt.typ, func(t *testing.T) {
			t.Parallel()
			s, ok := nodes.Default.Latest(nt.typ)
			if !ok {
				t.Fatalf("type %q is not registered", nt.typ)
			}
			if s.Version != 1 || s.Kind != nt.kind {
				t.Errorf("got version %d kind %q, want version 1 kind %q", s.Version, s.Kind, nt.kind)
			}
			if want := nt.spec(); !reflect.DeepEqual(*s, want) {
				t.Errorf("registered spec differs from Spec()")
			}
			var ports []string
			for _, p := range s.Ports {
				ports = append(ports, p.Name)
				if p.Error != (p.Name == nodes.PortError) {
					t.Errorf("port %q: Error is %v", p.Name, p.Error)
				}
			}
			if !slices.Equal(ports, nt.ports) {
				t.Errorf("ports = %q, want %q", ports, nt.ports)
			}
		})
	}
	if got := len(nodes.Default.All()); got != len(nodeTypes) || got != 10 {
		t.Errorf("Default.All() lists %d types, want 10", got)
	}
}

func TestAll_ImportsEveryPackage(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "all.go", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		got = append(got, path)
	}
	var want []string
	for _, nt := range nodeTypes {
		want = append(want, module+nt.pkg)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("all.go imports\n%q\nwant\n%q", got, want)
	}
}

func TestSpec_DynamicPorts(t *testing.T) {
	t.Parallel()
	s, _ := nodes.Default.Latest(switchnode.Type)
	want := &nodes.DynamicPorts{ListField: switchnode.FieldCases, NameField: switchnode.FieldCaseName}
	if !reflect.DeepEqual(s.Dynamic, want) {
		t.Errorf("switch Dynamic = %+v, want %+v", s.Dynamic, want)
	}
	for _, nt := range nodeTypes {
		if s, _ := nodes.Default.Latest(nt.typ); nt.typ != switchnode.Type && s.Dynamic != nil {
			t.Errorf("%s: unexpected dynamic ports", nt.typ)
		}
	}
}
