package crm_test

import (
	"strings"
	"testing"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/nodes/crm/crmtest"
)

const (
	sfClientID = "3MVG9consumer.key"
	sfSecret   = "sf-consumer-secret-77aa"
	sfRefresh  = "5Aep861refresh-secret"
)

// salesforceSetup returns a harness, a fake org with user Rahul, and a
// crm config for operation; the credential's login and instance URLs are
// the fake.
func salesforceSetup(t *testing.T, op string) (*enginetest.Harness, *crmtest.Salesforce, map[string]any) {
	t.Helper()
	fake := crmtest.NewSalesforce(t, sfClientID, sfSecret, sfRefresh)
	fake.Add("User", map[string]any{"Email": "rahul.mehta@example.com", "IsActive": true})
	fake.Add("User", map[string]any{"Email": "left@example.com", "IsActive": false})
	h, env := setup(t, credentials.Endpoints{})
	crd := env.Create(t, credentials.TypeSalesforce, "Salesforce", map[string]string{"clientId": sfClientID,
		"clientSecret": sfSecret, "refreshToken": sfRefresh, "instanceUrl": fake.URL, "loginUrl": fake.URL})
	cfg := map[string]any{"provider": "salesforce", "credential": crd, "operation": op,
		"match": map[string]string{"phone": "{{ vars.customer_number }}"}}
	return h, fake, cfg
}

func TestSalesforce_SetOwnerOfExistingContact(t *testing.T) {
	t.Parallel()
	h, fake, cfg := salesforceSetup(t, "setOwner")
	cfg["ownerEmail"] = "{{ vars.agent_email }}"
	id := fake.Add("Contact", map[string]any{"LastName": "Verma", "Phone": "+919876543210"})
	run := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	run.RequireSucceeded(t)
	owner := run.Output(t, "crm", "ownerId").String()
	if run.Output(t, "crm", "id").String() != id || !strings.HasPrefix(owner, "005") {
		t.Fatalf("output %s", run.NodeOutput(t, "crm"))
	}
	if c := fake.Record("Contact", id); c["OwnerId"] != owner || c["LastName"] != "Verma" {
		t.Errorf("contact %v", c)
	}
}

func TestSalesforce_UpsertLeadQuotesValues(t *testing.T) {
	t.Parallel()
	h, fake, cfg := salesforceSetup(t, "upsertContact")
	cfg["object"] = "lead"
	cfg["match"] = map[string]string{"email": "o'brien\\x\"@example.com"}
	cfg["properties"] = map[string]string{"FirstName": "{{ vars.customer_name }}"}
	run := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	run.RequireSucceeded(t)
	id := run.Output(t, "crm", "id").String()
	lead := fake.Record("Lead", id)
	if lead["Company"] != "[not provided]" || lead["LastName"] != `o'brien\x"@example.com` || lead["FirstName"] != "Asha Verma" {
		t.Fatalf("lead %v", lead)
	}
	// The second run finds it: the quoted email matched in SOQL.
	again := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	if again.Output(t, "crm", "id").String() != id || again.Output(t, "crm", "created").Bool() {
		t.Errorf("second run %s (%s)", again.NodeOutput(t, "crm"), again.Step(t, "crm").Error)
	}
}

func TestSalesforce_AddNoteIsATask(t *testing.T) {
	t.Parallel()
	h, fake, cfg := salesforceSetup(t, "addNote")
	cfg["note"] = "Chat assigned to {{ trigger.body.data.assignedAgent.name }}"
	id := fake.Add("Contact", map[string]any{"LastName": "Verma", "Phone": "+919876543210"})
	run := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	run.RequireSucceeded(t)
	task := fake.Record("Task", run.Output(t, "crm", "noteId").String())
	if task["WhoId"] != id || task["Description"] != "Chat assigned to Rahul Mehta" || task["Status"] != "Completed" ||
		task["ActivityDate"] != "2025-01-31" {
		t.Errorf("task %v", task)
	}
}

func TestSalesforce_Errors(t *testing.T) {
	t.Parallel()
	h, fake, cfg := salesforceSetup(t, "setOwner")
	cfg["ownerEmail"] = "left@example.com"
	requireError(t, h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned)),
		"no Salesforce user with email left@example.com; the agent needs a user with the same email in the CRM")

	// An expired session is refreshed once and the call made again.
	cfg["ownerEmail"] = "{{ vars.agent_email }}"
	h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned)).RequireSucceeded(t)
	fake.ExpireSessions()
	h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned)).RequireSucceeded(t)
	if n := fake.Count("POST", "/services/oauth2/token"); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

func TestSalesforce_RevokedRefreshToken(t *testing.T) {
	t.Parallel()
	fake := crmtest.NewSalesforce(t, sfClientID, sfSecret, "another")
	h, env := setup(t, credentials.Endpoints{})
	crd := env.Create(t, credentials.TypeSalesforce, "Salesforce", map[string]string{"clientId": sfClientID,
		"clientSecret": sfSecret, "refreshToken": sfRefresh, "instanceUrl": fake.URL, "loginUrl": fake.URL})
	cfg := map[string]any{"provider": "salesforce", "credential": crd, "operation": "upsertContact",
		"match": map[string]string{"phone": "{{ vars.customer_number }}"}}
	requireError(t, h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned)),
		"the Salesforce token endpoint refused the refresh token, answering 400 invalid_grant (expired access/refresh token): "+
			"the refresh token is invalid, expired or revoked; authorize again and save the new one")
}
