package crm_test

import (
	"strings"
	"testing"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/nodes/crm/crmtest"
)

const (
	zohoClientID = "1000.ZOHOCLIENT0001"
	zohoSecret   = "zoho-client-secret-5f1e"
	zohoRefresh  = "1000.refresh.8d1b3c-secret"
)

// zohoSetup returns a harness, a Zoho fake with agent Rahul, and a crm
// config for operation on leads.
func zohoSetup(t *testing.T, op string) (*enginetest.Harness, *crmtest.Zoho, map[string]any) {
	t.Helper()
	fake := crmtest.NewZoho(t, zohoClientID, zohoSecret, zohoRefresh)
	fake.AddUser(crmtest.ZohoUser{ID: "584300000000123", Email: "rahul.mehta@example.com", FullName: "Rahul Mehta", Active: true})
	fake.AddUser(crmtest.ZohoUser{ID: "584300000000999", Email: "gone@example.com", Active: false})
	h, env := setup(t, credentials.Endpoints{ZohoAccounts: fake.URL})
	crd := env.Create(t, credentials.TypeZoho, "Zoho EU", map[string]string{"dataCenter": "eu",
		"clientId": zohoClientID, "clientSecret": zohoSecret, "refreshToken": zohoRefresh})
	cfg := map[string]any{"provider": "zoho", "credential": crd, "operation": op, "object": "lead", "baseUrl": fake.URL,
		"match": map[string]string{"phone": "{{ vars.customer_number }}"}}
	return h, fake, cfg
}

func TestZoho_SetOwnerInsertsThenUpdatesLead(t *testing.T) {
	t.Parallel()
	h, fake, cfg := zohoSetup(t, "setOwner")
	cfg["ownerEmail"] = "{{ vars.agent_email }}"
	first := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	first.RequireSucceeded(t)
	id := first.Output(t, "crm", "id").String()
	if !first.Output(t, "crm", "created").Bool() || first.Output(t, "crm", "ownerId").String() != "584300000000123" {
		t.Fatalf("output %s", first.NodeOutput(t, "crm"))
	}
	lead := fake.Record("Leads", id)
	if lead["Last_Name"] != "+919876543210" || lead["Phone"] != "+919876543210" {
		t.Errorf("lead %v", lead)
	}
	fake.AddRecord("Leads", map[string]any{"Last_Name": "Other", "Phone": "+1"})
	lead["Last_Name"] = "Verma" // renamed in the CRM meanwhile
	second := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	second.RequireSucceeded(t)
	if second.Output(t, "crm", "id").String() != id || second.Output(t, "crm", "created").Bool() {
		t.Errorf("second run %s", second.NodeOutput(t, "crm"))
	}
	if lead := fake.Record("Leads", id); lead["Last_Name"] != "Verma" {
		t.Errorf("an update overwrote the last name: %v", lead)
	}
	if n := fake.Count("POST", "/oauth/v2/token"); n != 1 {
		t.Errorf("%d token requests, want 1: the token is cached", n)
	}
	for _, r := range fake.Requests() {
		if strings.HasPrefix(r.Path, "/crm/") && !strings.HasPrefix(r.Header.Get("Authorization"), "Zoho-oauthtoken 1000.") {
			t.Errorf("%s %s: Authorization %q", r.Method, r.Path, r.Header.Get("Authorization"))
		}
	}
}

func TestZoho_AddNote(t *testing.T) {
	t.Parallel()
	h, fake, cfg := zohoSetup(t, "addNote")
	cfg["object"], cfg["note"] = "contact", "Assigned to {{ trigger.body.data.assignedAgent.name }}\nvia WhatsApp"
	id := fake.AddRecord("Contacts", map[string]any{"Last_Name": "Verma", "Phone": "+919876543210"})
	run := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	run.RequireSucceeded(t)
	notes := fake.Notes()
	if len(notes) != 1 || notes[0].ParentID != id || notes[0].Module != "Contacts" || notes[0].Title != "Assigned to Rahul Mehta" ||
		notes[0].Content != "Assigned to Rahul Mehta\nvia WhatsApp" {
		t.Fatalf("notes %+v", notes)
	}
	cfg["match"] = map[string]string{"phone": "+10000"}
	requireError(t, h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned)),
		`no Zoho contact with phone +10000; add a "Create or update contact/lead" step before this one`)
}

func TestZoho_Errors(t *testing.T) {
	t.Parallel()
	h, fake, cfg := zohoSetup(t, "setOwner")
	cfg["ownerEmail"] = "gone@example.com"
	requireError(t, h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned)),
		"no active Zoho user with email gone@example.com; the agent needs a user with the same email in the CRM")

	cfg["ownerEmail"] = "{{ vars.agent_email }}"
	fake.RateLimit(2)
	run := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	if st := run.Step(t, "crm"); st.Status != "succeeded" || st.Attempts != 3 {
		t.Errorf("after two 429s: %s (%s), %d attempts", st.Status, st.Error, st.Attempts)
	}
	fake.RateLimit(4)
	requireError(t, h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned)), "Zoho answered 429: too many requests; retry later")

	// An access token that expired is refreshed once, and the call made again.
	fake.RevokeTokens()
	h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned)).RequireSucceeded(t)
	if n := fake.Count("POST", "/oauth/v2/token"); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

func TestZoho_BadRefreshToken(t *testing.T) {
	t.Parallel()
	fake := crmtest.NewZoho(t, zohoClientID, zohoSecret, zohoRefresh)
	h, env := setup(t, credentials.Endpoints{ZohoAccounts: fake.URL})
	crd := env.Create(t, credentials.TypeZoho, "Zoho", map[string]string{
		"clientId": zohoClientID, "clientSecret": zohoSecret, "refreshToken": "1000.revoked"})
	cfg := map[string]any{"provider": "zoho", "credential": crd, "operation": "upsertContact", "baseUrl": fake.URL,
		"match": map[string]string{"email": "{{ trigger.body.data.customer.email }}"}}
	requireError(t, h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned)),
		"the Zoho token endpoint refused the refresh token, answering 200 invalid_code: the refresh token is invalid, "+
			"expired or revoked; authorize again and save the new one")
}

func TestZoho_DataCentres(t *testing.T) {
	t.Parallel()
	for dc, want := range map[string]string{"com": "https://accounts.zoho.com", "eu": "https://accounts.zoho.eu",
		"com.au": "https://accounts.zoho.com.au", "ca": "https://accounts.zohocloud.ca", "com.cn": "https://accounts.zoho.com.cn"} {
		if got := credentials.ZohoAccountsURL(dc); got != want {
			t.Errorf("accounts of %s: %s, want %s", dc, got, want)
		}
	}
	if got := credentials.ZohoAPIURL("in"); got != "https://www.zohoapis.in" {
		t.Errorf("API of in: %s", got)
	}
}
