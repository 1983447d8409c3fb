// Package runs holds the run record: what started a flow, what each step
// did, and where the run stands. Stores persist it as it is; the engine
// fills it. It has no behaviour beyond small helpers on the record.
package runs

import (
	"encoding/json"
	"time"
)

// Status is where a run stands.
type Status string

// Run statuses. Queued, running and waiting runs are not finished; a
// process that finds one whose lease expired takes it over.
const (
	StatusQueued    Status = "queued"
	StatusRunning   Status = "running"
	StatusWaiting   Status = "waiting" // in a durable delay until WakeAt
	StatusSucceeded Status = "succeeded"
	StatusFailed    Status = "failed"
	StatusCanceled  Status = "canceled"
)

// Finished reports whether s is terminal.
func (s Status) Finished() bool {
	return s == StatusSucceeded || s == StatusFailed || s == StatusCanceled
}

// StepStatus is how a node ended.
type StepStatus string

// Step statuses; every node of a finished run ends in one of them.
const (
	StepSucceeded StepStatus = "succeeded"
	StepFailed    StepStatus = "failed"
	StepSkipped   StepStatus = "skipped"
	// StepWaiting marks a delay node whose time has not come.
	StepWaiting StepStatus = "waiting"
)

// Step is what one node did in a run.
type Step struct {
	NodeID string     `json:"nodeId"`
	Type   string     `json:"type"`
	Status StepStatus `json:"status"`
	// Port is the output the node continued by ("out", "true", a case name).
	Port   string          `json:"port,omitempty"`
	Input  json.RawMessage `json:"input,omitempty"`
	Output json.RawMessage `json:"output,omitempty"`
	Error  string          `json:"error,omitempty"`
	// Vars is a JSON object of the variables the node set (trigger
	// mappings, set nodes), so that a continued run restores them.
	Vars json.RawMessage `json:"vars,omitempty"`
	// Missing lists the paths the node's templates named that held
	// nothing and were taken as empty.
	Missing []string `json:"missing,omitempty"`
	// Reason says why a node was skipped.
	Reason     string    `json:"reason,omitempty"`
	Attempts   int       `json:"attempts"`
	StartedAt  time.Time `json:"startedAt"`
	DurationMs float64   `json:"durationMs"`
}

// Trigger is what started a run: a webhook request or a platform event.
// It is stored as JSON and read with gjson paths under "trigger.".
type Trigger = json.RawMessage

// Run is one execution of a flow version.
type Run struct {
	ID      string `json:"id"`
	FlowID  string `json:"flowId"`
	Version int    `json:"version"`
	Status  Status `json:"status"`
	// Trigger is the request or event, as the run context's "trigger".
	Trigger Trigger `json:"trigger"`
	Steps   []Step  `json:"steps"`
	// Fields are the named business fields mapped by the trigger
	// (customer_number, agent_email, waba_number...), searchable with q.
	Fields map[string]string `json:"fields,omitempty"`
	Error  string            `json:"error,omitempty"`
	// Attempt counts how often the run was started; more than 1 means it
	// was taken over after a crash or resumed.
	Attempt int `json:"attempt"`
	// Owner and LeaseUntil say which process runs it and until when; an
	// expired lease lets another process take the run over.
	Owner      string    `json:"owner,omitempty"`
	LeaseUntil time.Time `json:"leaseUntil,omitzero"`
	// WakeAt is when a waiting run continues.
	WakeAt time.Time `json:"wakeAt,omitzero"`
	// ReplayOf names the run this one replays; ResumeFrom the node a
	// resumed run starts at.
	ReplayOf   string `json:"replayOf,omitempty"`
	ResumeFrom string `json:"resumeFrom,omitempty"`
	// Response is the answer given to a synchronous webhook caller.
	Response   json.RawMessage `json:"response,omitempty"`
	CreatedAt  time.Time       `json:"createdAt"`
	StartedAt  time.Time       `json:"startedAt,omitzero"`
	FinishedAt time.Time       `json:"finishedAt,omitzero"`
	DurationMs float64         `json:"durationMs"`
}

// Step returns the recorded step of nodeID.
func (r *Run) Step(nodeID string) (*Step, bool) {
	for i := range r.Steps {
		if r.Steps[i].NodeID == nodeID {
			return &r.Steps[i], true
		}
	}
	return nil, false
}

// Filter selects runs for listing, newest first.
type Filter struct {
	FlowID string
	Status Status
	From   time.Time // inclusive, zero means no bound
	To     time.Time // exclusive, zero means no bound
	// Q matches a business field value exactly (a customer number, an
	// agent's email, a business number), through an index.
	Q string
	// Cursor continues a previous listing; Limit bounds the page (default 50).
	Cursor string
	Limit  int
}
