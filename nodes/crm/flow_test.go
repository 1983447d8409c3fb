package crm_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/nodes/crm/crmtest"
	"github.com/hookflow/hookflow/nodes/sheets/sheetstest"
	"github.com/hookflow/hookflow/runs"
)

// assignedFlow is the flow of the "chat assigned to agent" guide: the
// webhook maps customer, agent and business number; the CRM gives the
// contact to the agent; a sheet logs the assignment. When the CRM step
// fails, "crmFailed" notes why and the sheet logs that instead.
func assignedFlow(hubspotURL, crmCred, sheetsURL, sheetCred string) string {
	return `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1, "config": {"mappings": ` + mappings + `}},
	  {"id": "crm", "type": "crm", "typeVersion": 1, "config": {"provider": "hubspot", "credential": "` + crmCred + `",
	    "operation": "setOwner", "baseUrl": "` + hubspotURL + `",
	    "match": {"phone": "{{ vars.customer_number }}"}, "properties": {"firstname": "{{ vars.customer_name }}"},
	    "ownerEmail": "{{ vars.agent_email }}"}},
	  {"id": "crmFailed", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "crm_error", "value": "{{ nodes.crm.error }}"}]}},
	  {"id": "log", "type": "sheets", "typeVersion": 1, "config": {"credential": "` + sheetCred + `", "baseUrl": "` + sheetsURL + `",
	    "spreadsheetId": "sheet-1", "sheet": "Assignments", "operation": "append",
	    "values": {"Customer": "{{ vars.customer_name }}", "Phone": "{{ vars.customer_number }}", "Agent": "{{ vars.agent_email }}",
	               "WABA": "{{ vars.waba_number }}", "CRM": "{{ nodes.crm.id }}{{ vars.crm_error }}"}}}],
	 "edges": [{"from": "trigger", "to": "crm"}, {"from": "crm", "to": "log"},
	           {"from": "crm", "port": "error", "to": "crmFailed"}, {"from": "crmFailed", "to": "log"}]}`
}

type assignedEnv struct {
	h       *enginetest.Harness
	hubspot *crmtest.HubSpot
	google  *sheetstest.Google
	flow    string
}

func newAssignedEnv(t *testing.T, token string) *assignedEnv {
	t.Helper()
	google := sheetstest.New(t)
	h, env := setup(t, credentials.Endpoints{GoogleToken: google.TokenURL()})
	hub := crmtest.NewHubSpot(t, hubspotToken)
	hub.AddOwner(crmtest.HubSpotOwner{ID: "70001", Email: "rahul.mehta@example.com"})
	google.AddSpreadsheet("sheet-1", map[string][][]string{"Assignments": {{"Customer", "Phone", "Agent", "WABA", "CRM"}}},
		sheetstest.ServiceAccountEmail)
	crmCred := env.Create(t, credentials.TypeHubSpot, "HubSpot", map[string]string{"token": token})
	sheetCred := env.Create(t, credentials.TypeGoogle, "Sheets", map[string]string{"serviceAccountJson": google.ServiceAccountJSON()})
	return &assignedEnv{h: h, hubspot: hub, google: google, flow: assignedFlow(hub.URL, crmCred, google.URL, sheetCred)}
}

func TestFlow_ChatAssignedSetsOwnerAndLogs(t *testing.T) {
	t.Parallel()
	e := newAssignedEnv(t, hubspotToken)
	contact := e.hubspot.AddContact(map[string]string{"phone": "+919876543210"})
	run := e.h.Run(t, e.flow, enginetest.Webhook(chatAssigned))
	run.RequireSucceeded(t)
	if c := e.hubspot.Contact(contact); c["hubspot_owner_id"] != "70001" || c["firstname"] != "Asha Verma" {
		t.Errorf("contact %v", c)
	}
	rows := e.google.Rows("sheet-1", "Assignments")
	want := "Asha Verma|+919876543210|rahul.mehta@example.com|919800000000|" + contact
	if len(rows) != 2 || strings.Join(rows[1], "|") != want {
		t.Errorf("sheet rows %q, want %s", rows, want)
	}
	for _, id := range []string{"crm", "log"} {
		if st := run.Step(t, id); st.Status != runs.StepSucceeded || len(st.Input) == 0 || len(st.Output) == 0 {
			t.Errorf("step %s: %s, input %s, output %s", id, st.Status, st.Input, st.Output)
		}
	}
	if st := run.Step(t, "crmFailed"); st.Status != runs.StepSkipped {
		t.Errorf("crmFailed %s", st.Status)
	}
	requireNoSecrets(t, run, e)
}

func TestFlow_CRMRefusalTakesTheErrorPort(t *testing.T) {
	t.Parallel()
	e := newAssignedEnv(t, "pat-na1-revoked-secret-token")
	run := e.h.Run(t, e.flow, enginetest.Webhook(chatAssigned))
	run.RequireSucceeded(t)
	const refusal = "HubSpot answered 401: the private app token is invalid or lacks crm.objects.contacts.write"
	if st := run.Step(t, "crm"); st.Status != runs.StepFailed || st.Port != "error" || st.Error != refusal {
		t.Fatalf("crm step %s %s %q", st.Status, st.Port, st.Error)
	}
	rows := e.google.Rows("sheet-1", "Assignments")
	if len(rows) != 2 || rows[1][4] != refusal {
		t.Errorf("sheet rows %q", rows)
	}
	requireNoSecrets(t, run, e)
}

// requireNoSecrets fails t when a secret of the run's credentials, or an
// access token the fakes saw, is anywhere in the run record.
func requireNoSecrets(t *testing.T, run *enginetest.Run, e *assignedEnv) {
	t.Helper()
	record, err := json.Marshal(run.Run)
	if err != nil {
		t.Fatal(err)
	}
	var key struct {
		PrivateKey string `json:"private_key"`
	}
	json.Unmarshal([]byte(e.google.ServiceAccountJSON()), &key)
	secrets := []string{hubspotToken, "pat-na1-revoked-secret-token", strings.Split(key.PrivateKey, "\n")[1]}
	if len(e.google.AccessTokens()) == 0 {
		t.Error("no Google access token was handed out")
	}
	secrets = append(secrets, e.google.AccessTokens()...)
	for _, r := range e.hubspot.Requests() {
		secrets = append(secrets, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(string(record), s) {
			t.Errorf("the run record holds the secret %q", s)
		}
	}
}
