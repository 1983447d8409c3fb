package fleet

import (
	"fmt"

	"github.com/hookflow/hookflow/events/catalog"
)

// Channel is the WABA number the workload's events happen on.
const Channel = "919800000001"

// Kinds of request of the workload.
const (
	// KindInMemory is a webhook of a flow that runs inside the request.
	KindInMemory = "in-memory"
	// KindQueued is a webhook of a flow that calls the receiver and
	// waits in a durable delay, so it goes through the queue and leases.
	KindQueued = "queued"
	// KindEvent is a platform event (POST /api/events) that starts a run
	// of the event flow and makes one outbound delivery.
	KindEvent = "event"
)

// Kinds lists the kinds of request.
var Kinds = []string{KindInMemory, KindQueued, KindEvent}

// Flow is a flow of the workload.
type Flow struct{ ID, Token string }

// Workload is what Setup created: a flow per kind (by kind) and the
// outbound webhook's id.
type Workload struct {
	Flows   map[string]Flow
	Webhook string
}

func flowDocs(receiver string) map[string]string {
	return map[string]string{
		KindInMemory: `{"name": "in memory", "nodes": [
  {"id": "trigger", "type": "webhook", "config": {"responseMode": "immediate", "dedupHeader": "Idempotency-Key",
    "mappings": [{"name": "n", "path": "body.n"}]}},
  {"id": "check", "type": "condition", "config": {"expression": "trigger.body.n >= 0"}},
  {"id": "keep", "type": "set", "config": {"values": [{"name": "double", "mode": "expression", "value": "trigger.body.n * 2"}]}}
 ], "edges": [{"from": "trigger", "to": "check"}, {"from": "check", "port": "true", "to": "keep"}]}`,
		KindQueued: fmt.Sprintf(`{"name": "queued", "nodes": [
  {"id": "trigger", "type": "webhook", "config": {"responseMode": "immediate", "dedupHeader": "Idempotency-Key"}},
  {"id": "call", "type": "http", "config": {"method": "POST", "url": %q, "body": "{\"n\": \"{{ trigger.body.n }}\"}"}},
  {"id": "pause", "type": "delay", "config": {"mode": "duration", "duration": "20ms"}},
  {"id": "keep", "type": "set", "config": {"values": [{"name": "n", "mode": "path", "value": "trigger.body.n"}]}}
 ], "edges": [{"from": "trigger", "to": "call"}, {"from": "call", "to": "pause"}, {"from": "pause", "to": "keep"}]}`, receiver+"/flow"),
		KindEvent: fmt.Sprintf(`{"name": "events", "nodes": [
  {"id": "trigger", "type": "event", "config": {"eventTypes": ["ADD_TAG"], "channels": [%q]}},
  {"id": "note", "type": "set", "config": {"values": [{"name": "seen", "value": "{{ trigger.event.type }}"}]}}
 ], "edges": [{"from": "trigger", "to": "note"}]}`, Channel),
	}
}

// Setup creates, through c, the channel, the three flows (published and
// active) and an outbound webhook for ADD_TAG on the channel that sends
// to the receiver at receiver.
func Setup(c *Client, receiver string) (*Workload, error) {
	if _, err := c.API("POST", "/api/channels", `{"number": "`+Channel+`", "name": "fleet"}`); err != nil {
		return nil, err
	}
	w := &Workload{Flows: map[string]Flow{}}
	for kind, doc := range flowDocs(receiver) {
		f, err := c.API("POST", "/api/flows", doc)
		if err != nil {
			return nil, err
		}
		id, _ := f["id"].(string)
		token, _ := f["hookToken"].(string)
		for _, step := range []string{"publish", "activate"} {
			if _, err := c.API("POST", "/api/flows/"+id+"/"+step, ""); err != nil {
				return nil, err
			}
		}
		w.Flows[kind] = Flow{ID: id, Token: token}
	}
	sub, err := c.API("POST", "/v2/webhook/register", fmt.Sprintf(`{"method": "POST", "authorization": {},
	 "url": %q, "bodyFormat": "JSON", "webhookEvents": ["ADD_TAG"], "retryOnTimeout": true,
	 "name": "fleet receiver", "wabaNumbers": [%q]}`, receiver+"/delivery", Channel))
	if err != nil {
		return nil, err
	}
	w.Webhook, _ = sub["id"].(string)
	return w, nil
}

// eventData is the data of every ADD_TAG event sent.
var eventData = func() string {
	t, ok := catalog.Lookup("ADD_TAG")
	if !ok {
		panic("fleet: ADD_TAG is not in the catalog")
	}
	return string(t.Example)
}()
