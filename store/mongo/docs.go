package mongo

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/runs"
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

// runDoc is a document of the runs collection. The raw JSON of a run
// (trigger, step input and output, response) is kept as strings, like node
// config: webhook payloads carry keys that servers refuse as field names
// ("$set", "a.b") and numbers that BSON would change. Fields is a list of
// pairs for the same reason. Search holds the normalised field values, the
// keys of the multikey search index.
type runDoc struct {
	ID      string      `bson:"_id"`
	FlowID  string      `bson:"flowId"`
	Version int         `bson:"version"`
	Status  runs.Status `bson:"status"`
	Trigger string      `bson:"trigger,omitempty"`
	Steps   []stepDoc   `bson:"steps"`
	Fields  []fieldDoc  `bson:"fields,omitempty"`
	Search  []string    `bson:"search"`
	Error   string      `bson:"error,omitempty"`
	Attempt int         `bson:"attempt"`
	// Owner is kept when empty: claims match on it.
	Owner      string    `bson:"owner"`
	LeaseUntil time.Time `bson:"leaseUntil"`
	WakeAt     time.Time `bson:"wakeAt"`
	ReplayOf   string    `bson:"replayOf,omitempty"`
	ResumeFrom string    `bson:"resumeFrom,omitempty"`
	Response   string    `bson:"response,omitempty"`
	CreatedAt  time.Time `bson:"createdAt"`
	StartedAt  time.Time `bson:"startedAt"`
	FinishedAt time.Time `bson:"finishedAt"`
	DurationMs float64   `bson:"durationMs"`
}

// stepDoc is what one node did in a run.
type stepDoc struct {
	NodeID string          `bson:"nodeId"`
	Type   string          `bson:"type"`
	Status runs.StepStatus `bson:"status"`
	Port   string          `bson:"port,omitempty"`
	Input  string          `bson:"input,omitempty"`
	Output string          `bson:"output,omitempty"`
	// OutputIsTrigger stands for an output that is the run's trigger (the
	// trigger step's), kept once in the run's trigger field.
	OutputIsTrigger bool      `bson:"outputIsTrigger,omitempty"`
	Error           string    `bson:"error,omitempty"`
	Vars            string    `bson:"vars,omitempty"`
	Missing         []string  `bson:"missing,omitempty"`
	Reason          string    `bson:"reason,omitempty"`
	Attempts        int       `bson:"attempts"`
	StartedAt       time.Time `bson:"startedAt"`
	DurationMs      float64   `bson:"durationMs"`
}

// fieldDoc is one business field of a run.
type fieldDoc struct {
	Name  string `bson:"name"`
	Value string `bson:"value"`
}

// slotDoc is the part of a document that holds a unique key until it
// expires: a dedup record or a claim token. Its _id names this one holder
// of the key, so that deleting an expired holder by _id never deletes the
// one that replaced it.
type slotDoc struct {
	ID        bson.ObjectID `bson:"_id"`
	ExpiresAt time.Time     `bson:"expiresAt"`
}

// dedupDoc is a document of the run_dedup collection; a unique index holds
// (flowId, key).
type dedupDoc struct {
	Slot   slotDoc `bson:",inline"`
	FlowID string  `bson:"flowId"`
	Key    string  `bson:"key"`
	RunID  string  `bson:"runId"`
}

// claimDoc is a document of the run_claims collection: the token a
// process holds while it claims a run; a unique index holds runId.
type claimDoc struct {
	Slot   slotDoc `bson:",inline"`
	RunID  string  `bson:"runId"`
	FlowID string  `bson:"flowId"`
}

// rawJSON is the inverse of string(raw) for raw JSON kept as a string:
// absent stays absent.
func rawJSON(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
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
	return flows.Node{
		ID: d.ID, Type: d.Type, TypeVersion: d.TypeVersion, Name: d.Name,
		Position: flows.Position(d.Position), Config: rawJSON(d.Config),
	}
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

func toRunDoc(r *runs.Run) *runDoc {
	return &runDoc{
		ID: r.ID, FlowID: r.FlowID, Version: r.Version, Status: r.Status,
		Trigger: string(r.Trigger),
		Steps:   mapSlice(r.Steps, func(s runs.Step) stepDoc { return toStepDoc(s, r.Trigger) }),
		Fields:  toFieldDocs(r.Fields),
		Search:  runs.SearchTerms(r.Fields),
		Error:   r.Error, Attempt: r.Attempt,
		Owner: r.Owner, LeaseUntil: r.LeaseUntil, WakeAt: r.WakeAt,
		ReplayOf: r.ReplayOf, ResumeFrom: r.ResumeFrom,
		Response:  string(r.Response),
		CreatedAt: r.CreatedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
		DurationMs: r.DurationMs,
	}
}

func (d *runDoc) run() *runs.Run {
	trigger := rawJSON(d.Trigger)
	return &runs.Run{
		ID: d.ID, FlowID: d.FlowID, Version: d.Version, Status: d.Status,
		Trigger: trigger,
		Steps:   mapSlice(d.Steps, func(s stepDoc) runs.Step { return s.step(trigger) }),
		Fields:  fieldMap(d.Fields),
		Error:   d.Error, Attempt: d.Attempt,
		Owner: d.Owner, LeaseUntil: d.LeaseUntil, WakeAt: d.WakeAt,
		ReplayOf: d.ReplayOf, ResumeFrom: d.ResumeFrom,
		Response:  rawJSON(d.Response),
		CreatedAt: d.CreatedAt, StartedAt: d.StartedAt, FinishedAt: d.FinishedAt,
		DurationMs: d.DurationMs,
	}
}

func toStepDoc(s runs.Step, trigger runs.Trigger) stepDoc {
	d := stepDoc{
		NodeID: s.NodeID, Type: s.Type, Status: s.Status, Port: s.Port,
		Input: string(s.Input), Error: s.Error,
		Vars: string(s.Vars), Missing: s.Missing, Reason: s.Reason,
		Attempts: s.Attempts, StartedAt: s.StartedAt, DurationMs: s.DurationMs,
	}
	if runs.SharesTrigger(s.Output, trigger) {
		d.OutputIsTrigger = true
	} else {
		d.Output = string(s.Output)
	}
	return d
}

func (d stepDoc) step(trigger runs.Trigger) runs.Step {
	s := runs.Step{
		NodeID: d.NodeID, Type: d.Type, Status: d.Status, Port: d.Port,
		Input: rawJSON(d.Input), Output: rawJSON(d.Output), Error: d.Error,
		Vars: rawJSON(d.Vars), Missing: d.Missing, Reason: d.Reason,
		Attempts: d.Attempts, StartedAt: d.StartedAt, DurationMs: d.DurationMs,
	}
	if d.OutputIsTrigger {
		s.Output = trigger
	}
	return s
}

// toFieldDocs returns the fields as pairs sorted by name; nil when there
// are none.
func toFieldDocs(fields map[string]string) []fieldDoc {
	if len(fields) == 0 {
		return nil
	}
	out := make([]fieldDoc, 0, len(fields))
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		out = append(out, fieldDoc{Name: name, Value: fields[name]})
	}
	return out
}

// fieldMap is the inverse of toFieldDocs.
func fieldMap(docs []fieldDoc) map[string]string {
	if len(docs) == 0 {
		return nil
	}
	m := make(map[string]string, len(docs))
	for _, f := range docs {
		m[f.Name] = f.Value
	}
	return m
}
