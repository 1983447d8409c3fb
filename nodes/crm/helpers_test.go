package crm_test

import (
	"encoding/json"
	"testing"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/credentials/credtest"
	"github.com/hookflow/hookflow/engine/enginetest"
)

// chatAssigned is a CHAT_ASSIGNED_TO_AGENT webhook body: the customer, the
// agent the chat went to, and the business number.
const chatAssigned = `{"event": "CHAT_ASSIGNED_TO_AGENT", "wabaNumber": "919800000000",
 "data": {"customer": {"name": "Asha Verma", "phoneNumber": "+919876543210", "email": "asha@example.in"},
          "assignedAgent": {"name": "Rahul Mehta", "email": "rahul.mehta@example.com", "phone": "+919811111111",
                            "orgRole": "AGENT", "wabaRole": "AGENT"}}}`

// mappings are the trigger's mappings of chatAssigned.
const mappings = `[{"name": "customer_number", "path": "body.data.customer.phoneNumber"},
  {"name": "customer_name", "path": "body.data.customer.name"},
  {"name": "agent_email", "path": "body.data.assignedAgent.email"},
  {"name": "waba_number", "path": "body.wabaNumber"}]`

// crmFlow is webhook → crm node "crm" with config → set node "after"; the
// crm's error port leads to set node "failed".
func crmFlow(config map[string]any) string {
	cfg, _ := json.Marshal(config)
	return `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1, "config": {"mappings": ` + mappings + `}},
	  {"id": "crm", "type": "crm", "typeVersion": 1, "config": ` + string(cfg) + `},
	  {"id": "after", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "recordId", "value": "{{ nodes.crm.id }}"}]}},
	  {"id": "failed", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "why", "value": "{{ nodes.crm.error }}"}]}}],
	 "edges": [{"from": "trigger", "to": "crm"}, {"from": "crm", "to": "after"}, {"from": "crm", "port": "error", "to": "failed"}]}`
}

// setup returns a harness whose nodes reach loopback, with credentials
// whose token endpoints are endpoints.
func setup(t *testing.T, endpoints credentials.Endpoints) (*enginetest.Harness, *credtest.Env) {
	t.Helper()
	env := credtest.New(t, endpoints)
	h := enginetest.New(t)
	h.UseDeps(env.Deps())
	return h, env
}

// requireError fails t unless node crm failed, took the error port, and
// said want.
func requireError(t *testing.T, run *enginetest.Run, want string) {
	t.Helper()
	run.RequireSucceeded(t)
	st := run.Step(t, "crm")
	if st.Status != "failed" || st.Port != "error" || st.Error != want {
		t.Fatalf("crm step %s port %q error\n %q\nwant\n %q", st.Status, st.Port, st.Error, want)
	}
	if got := run.Var(t, "why").String(); got != want {
		t.Errorf("the error branch saw %q", got)
	}
}
