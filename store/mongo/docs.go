package mongo

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
)

// The BSON documents of the collections. They mirror the domain types field
// by field so that the domain types carry no storage tags, and they keep
// nil slices nil (BSON null) and empty ones empty, as the domain values had.

// flowDoc is a document of the flows collection.
type flowDoc struct {
	ID     string       `bson:"_id"`
	Name   string       `bson:"name"`
	Status flows.Status `bson:"status"`
	// Version is the number of the published version that runs.
	Version int       `bson:"version"`
	Nodes   []nodeDoc `bson:"nodes"`
	Edges   []edgeDoc `bson:"edges"`
	// HookToken is left out when empty, so the sparse unique index skips it.
	HookToken string      `bson:"hookToken,omitempty"`
	Trigger   triggerDoc  `bson:"trigger"`
	Settings  settingsDoc `bson:"settings"`
	CreatedAt time.Time   `bson:"createdAt"`
	UpdatedAt time.Time   `bson:"updatedAt"`
}

// versionDoc is a document of the flow_versions collection. NodeCount lets
// listings skip the graph.
type versionDoc struct {
	FlowID      string    `bson:"flowId"`
	Version     int       `bson:"version"`
	Name        string    `bson:"name"`
	NodeCount   int       `bson:"nodeCount"`
	Nodes       []nodeDoc `bson:"nodes"`
	Edges       []edgeDoc `bson:"edges"`
	PublishedAt time.Time `bson:"publishedAt"`
}

// keyDoc is a document of the api_keys collection.
type keyDoc struct {
	ID        string    `bson:"_id"`
	Name      string    `bson:"name"`
	Prefix    string    `bson:"prefix"`
	Hash      string    `bson:"hash"`
	Admin     bool      `bson:"admin"`
	CreatedAt time.Time `bson:"createdAt"`
}

// nodeDoc is a flow node. Config is the node's JSON kept as a string: as a
// BSON document it would come back with 1.50 turned into 1.5 and large
// integers into floats.
type nodeDoc struct {
	ID          string      `bson:"id"`
	Type        string      `bson:"type"`
	TypeVersion int         `bson:"typeVersion"`
	Name        string      `bson:"name,omitempty"`
	Position    positionDoc `bson:"position"`
	Config      string      `bson:"config,omitempty"`
}

// positionDoc is where a node stands on the canvas.
type positionDoc struct {
	X float64 `bson:"x"`
	Y float64 `bson:"y"`
}

// edgeDoc is a flow edge.
type edgeDoc struct {
	From string `bson:"from"`
	Port string `bson:"port,omitempty"`
	To   string `bson:"to"`
}

// triggerDoc is a flow's trigger summary.
type triggerDoc struct {
	Type       string   `bson:"type,omitempty"`
	WebhookURL string   `bson:"webhookUrl,omitempty"`
	EventTypes []string `bson:"eventTypes"`
	Channels   []string `bson:"channels"`
}

// settingsDoc holds a flow's options.
type settingsDoc struct {
	Retention string `bson:"retention,omitempty"`
}

// mapSlice returns f applied to each element of in, nil for nil.
func mapSlice[S, D any](in []S, f func(S) D) []D {
	if in == nil {
		return nil
	}
	out := make([]D, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// checkConfigs refuses a node whose config is not JSON: stored as a
// string, it would otherwise come back as something no reader can decode.
func checkConfigs(nodes []flows.Node) error {
	for _, n := range nodes {
		if len(n.Config) > 0 && !json.Valid(n.Config) {
			return fmt.Errorf("node %q: config is not valid JSON", n.ID)
		}
	}
	return nil
}

func toNodeDoc(n flows.Node) nodeDoc {
	return nodeDoc{
		ID: n.ID, Type: n.Type, TypeVersion: n.TypeVersion, Name: n.Name,
		Position: positionDoc(n.Position), Config: string(n.Config),
	}
}

func (d nodeDoc) node() flows.Node {
	n := flows.Node{
		ID: d.ID, Type: d.Type, TypeVersion: d.TypeVersion, Name: d.Name,
		Position: flows.Position(d.Position),
	}
	if d.Config != "" {
		n.Config = json.RawMessage(d.Config)
	}
	return n
}

func toEdgeDoc(e flows.Edge) edgeDoc { return edgeDoc(e) }

func (d edgeDoc) edge() flows.Edge { return flows.Edge(d) }

func toFlowDoc(f *flows.Flow) *flowDoc {
	return &flowDoc{
		ID: f.ID, Name: f.Name, Status: f.Status, Version: f.Version,
		Nodes:     mapSlice(f.Nodes, toNodeDoc),
		Edges:     mapSlice(f.Edges, toEdgeDoc),
		HookToken: f.HookToken,
		Trigger:   triggerDoc(f.Trigger),
		Settings:  settingsDoc(f.Settings),
		CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt,
	}
}

func (d *flowDoc) flow() *flows.Flow {
	return &flows.Flow{
		ID: d.ID, Name: d.Name, Status: d.Status, Version: d.Version,
		Nodes:     mapSlice(d.Nodes, nodeDoc.node),
		Edges:     mapSlice(d.Edges, edgeDoc.edge),
		HookToken: d.HookToken,
		Trigger:   flows.TriggerInfo(d.Trigger),
		Settings:  flows.Settings(d.Settings),
		CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
	}
}

func toVersionDoc(v *flows.Version) *versionDoc {
	return &versionDoc{
		FlowID: v.FlowID, Version: v.Version, Name: v.Name, NodeCount: len(v.Nodes),
		Nodes:       mapSlice(v.Nodes, toNodeDoc),
		Edges:       mapSlice(v.Edges, toEdgeDoc),
		PublishedAt: v.PublishedAt,
	}
}

func (d *versionDoc) version() *flows.Version {
	return &flows.Version{
		FlowID: d.FlowID, Version: d.Version, Name: d.Name,
		Nodes:       mapSlice(d.Nodes, nodeDoc.node),
		Edges:       mapSlice(d.Edges, edgeDoc.edge),
		PublishedAt: d.PublishedAt,
	}
}

func (d *versionDoc) info() flows.VersionInfo {
	return flows.VersionInfo{Version: d.Version, Name: d.Name, Nodes: d.NodeCount, PublishedAt: d.PublishedAt}
}

func toKeyDoc(k *store.APIKey) *keyDoc {
	return &keyDoc{ID: k.ID, Name: k.Name, Prefix: k.Prefix, Hash: k.Hash, Admin: k.Admin, CreatedAt: k.CreatedAt}
}

func (d *keyDoc) key() *store.APIKey {
	return &store.APIKey{ID: d.ID, Name: d.Name, Prefix: d.Prefix, Hash: d.Hash, Admin: d.Admin, CreatedAt: d.CreatedAt}
}
