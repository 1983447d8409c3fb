// Package respond registers the respond node: it sets the HTTP answer
// (status, headers, body) that the caller of a webhook trigger gets when
// the trigger answers "With a Respond to Webhook step". It ends its branch.
package respond

import (
	"encoding/json"

	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/nodes/webhook"
)

// Type and Version identify this node type in a flow.
const (
	Type    = "respond"
	Version = 1
)

// Field names of the respond config.
const (
	FieldStatus  = "status"
	FieldHeaders = "headers"
	FieldBody    = "body"
)

// Config is the decoded config of a respond node.
type Config struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body"`
}

func init() {
	nodes.Register(Spec())
	nodes.RegisterRuntime(Type, Version, Build)
}

// Spec returns the spec of the respond node.
func Spec() nodes.Spec {
	return nodes.Spec{
		Type:     Type,
		Version:  Version,
		Kind:     nodes.KindLogic,
		InMemory: true,
		Label:    "Respond to Webhook",
		Description: "Sends the answer to whoever called the flow's webhook. Use it with the " +
			"webhook's \"With a Respond to Webhook step\" setting; the flow may go on " +
			"running after the answer is sent.",
		Ports: []nodes.Port{},
		NeedsTrigger: &nodes.TriggerNeed{
			Types:  []string{webhook.Type},
			Field:  webhook.FieldResponseMode,
			Values: []string{webhook.ResponseRespondNode, webhook.ResponseLastNode},
			WrongType: "this step answers whoever called an On Webhook trigger; a platform event has no caller " +
				"to answer: delete this step",
			WrongValue: "the trigger answers 202 at once, before this step runs, so its answer would reach no one: " +
				"set the trigger's \"Respond\" setting to \"With a Respond to Webhook step\", or delete this step",
		},
		Fields: []nodes.Field{
			{
				Name: FieldStatus, Label: "Status code", Kind: nodes.FieldInteger, Default: 200,
				Help: "The HTTP status of the answer, such as 200 for OK or 400 for a bad request.",
				Min:  nodes.Float(100), Max: nodes.Float(599),
			},
			{
				Name: FieldHeaders, Label: "Headers", Kind: nodes.FieldKeyValue, Templates: true,
				Help: "Headers of the answer. Content-Type is application/json unless set here.",
			},
			{
				Name: FieldBody, Label: "Body", Kind: nodes.FieldJSON, Templates: true,
				Help:        "The JSON to answer with; may hold {{ }} templates.",
				Placeholder: "{\"ok\": true, \"runId\": \"{{ run.id }}\"}",
			},
		},
	}
}
