// Package catalog describes every platform event a flow can start on or a
// subscription can receive: what it means in plain words, the JSON Schema
// of its data and an example of that data. The list of names is
// event.EventTypes; the catalog adds to it and never lists a name of its
// own.
package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/hookflow/hookflow/nodes/event"
)

// Groups of event types, by the part of the platform that reports them.
const (
	GroupChat     = "chat"
	GroupTicket   = "ticket"
	GroupLiveChat = "live_chat"
	GroupAgent    = "agent"
	GroupCase     = "case"
)

// Type is one event type of the catalog. Schema and Example are shared by
// every caller and must not be modified.
type Type struct {
	// Name is the canonical event name, such as CHAT_ASSIGNED_TO_AGENT.
	Name string `json:"name"`
	// Label is the short human name shown in the event picker.
	Label string `json:"label"`
	// Description says when the event happens, for someone who is not a
	// developer.
	Description string `json:"description"`
	// Group is one of the Group constants.
	Group string `json:"group"`
	// Schema is the JSON Schema (draft 2020-12) of the event's data.
	Schema json.RawMessage `json:"schema"`
	// Example is a realistic example of the event's data; it validates
	// against Schema.
	Example json.RawMessage `json:"example"`
}

// def is how each group's file declares an event type; the label comes
// from event.EventTypes.
type def struct {
	name        string
	group       string
	description string
	schema      *schema
	example     string
}

// entry is a catalog type together with the schema the validator walks.
type entry struct {
	typ    Type
	schema *schema
}

var (
	entries []entry
	index   map[string]int
)

func init() {
	entries, index = build(allDefs())
}

// allDefs gathers the definitions of every group.
func allDefs() []def {
	var all []def
	for _, group := range [][]def{chatMessageDefs, chatCustomerDefs, ticketDefs, liveChatDefs} {
		all = append(all, group...)
	}
	return all
}

// build orders the definitions as event.EventTypes lists them. A name in
// event.EventTypes without a definition is left out (and fails the
// catalog's tests); a malformed example or schema is a programming error
// and panics at start.
func build(defs []def) ([]entry, map[string]int) {
	byName := make(map[string]def, len(defs))
	for _, d := range defs {
		if _, dup := byName[d.name]; dup {
			panic(fmt.Sprintf("catalog: event type %s defined twice", d.name))
		}
		byName[d.name] = d
	}
	out := make([]entry, 0, len(event.EventTypes))
	idx := make(map[string]int, len(event.EventTypes))
	for _, o := range event.EventTypes {
		d, ok := byName[o.Value]
		if !ok {
			continue
		}
		idx[d.name] = len(out)
		out = append(out, newEntry(d, o.Label))
	}
	return out, idx
}

func newEntry(d def, label string) entry {
	root := *d.schema
	root.Schema = draft
	root.Title = d.name
	sch, err := json.Marshal(&root)
	if err != nil {
		panic(fmt.Sprintf("catalog: schema of %s: %v", d.name, err))
	}
	var example bytes.Buffer
	if err := json.Compact(&example, []byte(d.example)); err != nil {
		panic(fmt.Sprintf("catalog: example of %s: %v", d.name, err))
	}
	return entry{
		typ: Type{
			Name:        d.name,
			Label:       label,
			Description: d.description,
			Group:       d.group,
			Schema:      sch,
			Example:     example.Bytes(),
		},
		schema: &root,
	}
}

// All returns every event type, in the order of event.EventTypes.
func All() []Type {
	out := make([]Type, len(entries))
	for i, e := range entries {
		out[i] = e.typ
	}
	return out
}

// Lookup returns the event type called name. It accepts the aliases
// event.Canonical accepts (COVERSATION_OPENED) and returns the canonical
// type.
func Lookup(name string) (Type, bool) {
	e, ok := lookup(name)
	if !ok {
		return Type{}, false
	}
	return e.typ, true
}

func lookup(name string) (*entry, bool) {
	canonical, ok := event.Canonical(name)
	if !ok {
		return nil, false
	}
	i, ok := index[canonical]
	if !ok {
		return nil, false
	}
	return &entries[i], true
}
