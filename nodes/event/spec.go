// Package event registers the platform-event trigger: a flow that starts
// when the platform reports one of the chosen events (a tag added, a
// message received, a chat assigned, a ticket closed, ...), optionally only
// for some channels, and maps fields of the event to run variables.
package event

import "github.com/hookflow/hookflow/nodes"

// Type and Version identify this node type in a flow.
const (
	Type    = "event"
	Version = 1
)

// Field names of the event config.
const (
	FieldEventTypes = "eventTypes"
	FieldChannels   = "channels"
	FieldMappings   = nodes.MappingsFieldName
)

// Config is the decoded config of an event node.
type Config struct {
	EventTypes []string        `json:"eventTypes"`
	Channels   []string        `json:"channels"`
	Mappings   []nodes.Mapping `json:"mappings"`
}

func init() {
	nodes.Register(Spec())
	nodes.RegisterRuntime(Type, Version, Build)
}

// Spec returns the spec of the platform-event trigger.
func Spec() nodes.Spec {
	return nodes.Spec{
		Type:     Type,
		Version:  Version,
		Kind:     nodes.KindTrigger,
		InMemory: true,
		Label:    "On Platform Event",
		Description: "Starts the flow when the platform reports one of the chosen events, " +
			"such as a message received or a chat assigned to an agent. Each event type " +
			"comes with an example payload, so its fields can be mapped without capturing one.",
		Ports: []nodes.Port{nodes.OutPort()},
		Fields: []nodes.Field{
			{
				Name:     FieldEventTypes,
				Label:    "Events",
				Kind:     nodes.FieldMultiSelect,
				Required: true,
				Help:     "The events that start the flow. Pick at least one.",
				// The alias is listed so that flows written with the
				// registration API's spelling validate; it matches as
				// CONVERSATION_OPENED.
				Options: append(append([]nodes.Option{}, EventTypes...),
					nodes.Option{Value: AliasConversationOpened, Label: "Conversation opened (legacy spelling)"}),
			},
			{
				Name:        FieldChannels,
				Label:       "Channels",
				Kind:        nodes.FieldMultiSelect,
				OpenOptions: true,
				Help: "Only start for events of these business numbers (WABA numbers) or " +
					"chat sources. Leave empty to start for all of them.",
				Placeholder: "919876543210",
			},
			nodes.MappingsField(),
		},
		Outputs: "trigger.event.type, trigger.event.channel, trigger.event.data.*",
	}
}
