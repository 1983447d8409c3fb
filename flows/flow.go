// Package flows holds the flow document as the API speaks it and as stores
// persist it: nodes with raw JSON config, edges, drafts and frozen
// versions. It never runs anything; engine builds a Plan from a Version.
package flows

import (
	"encoding/json"
	"time"
)

// Status is a flow's lifecycle state.
type Status string

// The flow statuses. Only an active flow with a published version runs.
const (
	StatusDraft  Status = "draft"
	StatusActive Status = "active"
	StatusPaused Status = "paused"
)

// Flow is the editable document: the draft nodes and edges, plus the
// number of the version that runs.
type Flow struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status Status `json:"status"`
	// Version is the published version that runs; 0 before the first publish.
	Version int    `json:"version"`
	Nodes   []Node `json:"nodes"`
	Edges   []Edge `json:"edges"`
	// HookToken is the secret part of the flow's webhook URL, /hook/{token}.
	HookToken string      `json:"hookToken"`
	Trigger   TriggerInfo `json:"trigger"`
	Settings  Settings    `json:"settings"`
	CreatedAt time.Time   `json:"createdAt"`
	UpdatedAt time.Time   `json:"updatedAt"`
}

// Settings are per-flow options outside the graph.
type Settings struct {
	// Retention overrides how long runs are kept ("720h"); empty uses the
	// installation's default.
	Retention string `json:"retention,omitempty"`
}

// TriggerInfo is derived from the trigger node, for listings and routing.
type TriggerInfo struct {
	Type       string   `json:"type,omitempty"`
	WebhookURL string   `json:"webhookUrl,omitempty"`
	EventTypes []string `json:"eventTypes"`
	Channels   []string `json:"channels"`
}

// Node is one step of a flow. Config stays raw JSON here; it is decoded
// through the node type's spec when a plan is built.
type Node struct {
	ID          string          `json:"id"`
	Type        string          `json:"type"`
	TypeVersion int             `json:"typeVersion"`
	Name        string          `json:"name,omitempty"`
	Position    Position        `json:"position"`
	Config      json.RawMessage `json:"config,omitempty"`
}

// Position is where a node stands on the canvas.
type Position struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Edge connects a port of one node to another node. An empty Port is the
// node's default output ("out").
type Edge struct {
	From string `json:"from"`
	Port string `json:"port,omitempty"`
	To   string `json:"to"`
}

// Version is an immutable published copy of a flow's graph.
type Version struct {
	FlowID      string    `json:"flowId"`
	Version     int       `json:"version"`
	Name        string    `json:"name"`
	Nodes       []Node    `json:"nodes"`
	Edges       []Edge    `json:"edges"`
	PublishedAt time.Time `json:"publishedAt"`
}

// VersionInfo is a version without its graph, for listings.
type VersionInfo struct {
	Version     int       `json:"version"`
	Name        string    `json:"name"`
	Nodes       int       `json:"nodes"`
	PublishedAt time.Time `json:"publishedAt"`
}

// Info returns v's listing entry.
func (v *Version) Info() VersionInfo {
	return VersionInfo{Version: v.Version, Name: v.Name, Nodes: len(v.Nodes), PublishedAt: v.PublishedAt}
}

// Node returns the node called id.
func (f *Flow) Node(id string) (*Node, bool) {
	for i := range f.Nodes {
		if f.Nodes[i].ID == id {
			return &f.Nodes[i], true
		}
	}
	return nil, false
}

// Problem is one thing wrong with a flow, pinned to a node and a field so
// the UI can show it in place. NodeID and Field may be empty for problems
// of the whole flow.
type Problem struct {
	NodeID  string `json:"nodeId"`
	Field   string `json:"field"`
	Message string `json:"message"`
}
