package engine_test

import (
	"context"
	"testing"

	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/runs"
)

// benchFlow is the four-node flow of the benchmark: a webhook that maps the
// customer and agent, a condition, a set node and a respond node.
const benchFlow = `{"nodes": [
 {"id": "trigger", "type": "webhook", "typeVersion": 1,
  "config": {"responseMode": "respondNode",
             "mappings": [{"name": "customer_number", "path": "body.data.customer.phoneNumber"},
                          {"name": "agent_email", "path": "body.data.assignedAgent.email"},
                          {"name": "waba_number", "path": "body.wabaNumber"}]}},
 {"id": "vip", "type": "condition", "typeVersion": 1,
  "config": {"expression": "vars.agent_email != \"\" && \"vip\" in trigger.body.data.customer.tags"}},
 {"id": "note", "type": "set", "typeVersion": 1,
  "config": {"values": [
    {"name": "summary", "value": "{{ trigger.body.data.customer.name }} was assigned to {{ trigger.body.data.assignedAgent.name }}"},
    {"name": "owner", "mode": "path", "value": "trigger.body.data.assignedAgent.email"}]}},
 {"id": "answer", "type": "respond", "typeVersion": 1,
  "config": {"status": 200, "body": {"ok": true, "runId": "{{ run.id }}", "customer": "{{ vars.customer_number }}", "summary": "{{ vars.summary }}"}}}
],
"edges": [{"from": "trigger", "to": "vip"}, {"from": "vip", "port": "true", "to": "note"}, {"from": "note", "to": "answer"}]}`

// chatAssigned is a CHAT_ASSIGNED_TO_AGENT event of about 1 KB.
const chatAssigned = `{"event": "CHAT_ASSIGNED_TO_AGENT", "eventId": "evt_01HQ8Z6V1X9K2M3N4P5Q6R7S8T",
 "timestamp": "2025-01-31T09:00:00.000Z", "wabaNumber": "919876543210",
 "data": {
  "chatId": "chat_6f1d2c3b4a5e", "conversationId": "conv_9a8b7c6d5e4f", "channel": "whatsapp",
  "customer": {"id": "cus_12ab34cd", "name": "Asha Verma", "phoneNumber": "+91 98765 43210",
               "email": "asha.verma@example.com", "language": "en", "optedIn": true,
               "tags": ["returning", "vip", "mumbai"],
               "customFields": {"city": "Mumbai", "plan": "gold", "lifetimeValue": 48250.75, "lastOrderId": "ORD-20250128-7781"}},
  "assignedAgent": {"id": "agt_77ef", "name": "Rahul Mehta", "email": "rahul.mehta@example.com",
                    "roles": ["agent", "sales"], "teamId": "team_sales_west"},
  "previousAgent": null,
  "assignedBy": {"type": "rule", "ruleId": "rule_vip_routing", "name": "VIP routing"},
  "lastMessage": {"id": "wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhggQ0Y", "type": "text",
                  "text": "Hi, I want to upgrade my plan", "timestamp": "2025-01-31T08:59:58.000Z"},
  "unreadCount": 2, "priority": "high", "source": "click_to_whatsapp_ad"
 }}`

func BenchmarkExecute_FourNodes(b *testing.B) {
	h := enginetest.New(b)
	h.Executor.Now = nil // the real clock, as in production
	p := h.Plan(b, benchFlow)
	trigger := enginetest.Webhook(chatAssigned)
	b.SetBytes(int64(len(trigger)))
	b.ReportAllocs()
	ctx := context.Background()
	for b.Loop() {
		r := &runs.Run{ID: "run_bench", FlowID: enginetest.FlowID, Version: enginetest.Version, Trigger: trigger}
		if err := h.Executor.Execute(ctx, p, r); err != nil || r.Status != runs.StatusSucceeded {
			b.Fatalf("run %s: %v %s", r.Status, err, r.Error)
		}
	}
}
