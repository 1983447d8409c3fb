package crm_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/nodes/crm/crmtest"
)

const hubspotToken = "pat-na1-7f3e2a10-0000-4c1d-9a77-secret"

func hubspotSetup(t *testing.T) (*enginetest.Harness, *crmtest.HubSpot, string) {
	t.Helper()
	h, env := setup(t, credentials.Endpoints{})
	fake := crmtest.NewHubSpot(t, hubspotToken)
	fake.AddOwner(crmtest.HubSpotOwner{ID: "70001", Email: "Rahul.Mehta@example.com", FirstName: "Rahul", LastName: "Mehta"})
	crd := env.Create(t, credentials.TypeHubSpot, "HubSpot", map[string]string{"token": hubspotToken})
	return h, fake, crd
}

func hubspotConfig(fake *crmtest.HubSpot, crd, op string, extra map[string]any) map[string]any {
	cfg := map[string]any{"provider": "hubspot", "credential": crd, "operation": op, "baseUrl": fake.URL,
		"match": map[string]string{"phone": "{{ vars.customer_number }}"}}
	for k, v := range extra {
		cfg[k] = v
	}
	return cfg
}

func TestHubSpot_SetOwnerOfExistingContact(t *testing.T) {
	t.Parallel()
	h, fake, crd := hubspotSetup(t)
	id := fake.AddContact(map[string]string{"phone": "+919876543210", "firstname": "Asha"})
	run := h.Run(t, crmFlow(hubspotConfig(fake, crd, "setOwner", map[string]any{"ownerEmail": "{{ vars.agent_email }}"})),
		enginetest.Webhook(chatAssigned))
	run.RequireSucceeded(t)
	want := `{"provider":"hubspot","operation":"setOwner","object":"contact","id":"` + id + `","created":false,"ownerId":"70001"}`
	if got := run.NodeOutput(t, "crm"); got != want {
		t.Errorf("output %s\nwant   %s", got, want)
	}
	if c := fake.Contact(id); c["hubspot_owner_id"] != "70001" || c["firstname"] != "Asha" {
		t.Errorf("contact %v", c)
	}
	if got := string(run.Step(t, "crm").Input); !strings.Contains(got, `"ownerEmail":"rahul.mehta@example.com"`) ||
		!strings.Contains(got, `"phone":"+919876543210"`) {
		t.Errorf("the step's input does not show what was asked: %s", got)
	}
	for _, r := range fake.Requests() {
		if r.Header.Get("Idempotency-Key") != "run_1:crm" {
			t.Errorf("%s %s without the idempotency key", r.Method, r.Path)
		}
	}
}

func TestHubSpot_UpsertCreatesThenUpdates(t *testing.T) {
	t.Parallel()
	h, fake, crd := hubspotSetup(t)
	cfg := hubspotConfig(fake, crd, "upsertContact", map[string]any{"object": "lead",
		"properties": map[string]string{"firstname": "{{ vars.customer_name }}", "hs_whatsapp": "{{ vars.waba_number }}", "empty": "{{ trigger.body.data.customer.nickname }}"}})
	first := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	first.RequireSucceeded(t)
	id := first.Output(t, "crm", "id").String()
	if !first.Output(t, "crm", "created").Bool() || id == "" {
		t.Fatalf("first run: %s", first.NodeOutput(t, "crm"))
	}
	c := fake.Contact(id)
	if c["firstname"] != "Asha Verma" || c["phone"] != "+919876543210" || c["lifecyclestage"] != "lead" || c["empty"] != "" {
		t.Errorf("created %v", c)
	}
	second := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	if second.Output(t, "crm", "created").Bool() || second.Output(t, "crm", "id").String() != id {
		t.Errorf("second run: %s", second.NodeOutput(t, "crm"))
	}
}

func TestHubSpot_CreateConflictUpdatesTheExistingContact(t *testing.T) {
	t.Parallel()
	h, fake, crd := hubspotSetup(t)
	id := fake.AddContact(map[string]string{"email": "asha@example.in"}) // no phone yet: search misses it
	cfg := hubspotConfig(fake, crd, "upsertContact", map[string]any{
		"properties": map[string]string{"email": "{{ trigger.body.data.customer.email }}"}})
	run := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	run.RequireSucceeded(t)
	if got := run.Output(t, "crm", "id").String(); got != id || run.Output(t, "crm", "created").Bool() {
		t.Errorf("output %s, want an update of %s", run.NodeOutput(t, "crm"), id)
	}
	if fake.Contact(id)["phone"] != "+919876543210" {
		t.Errorf("contact %v", fake.Contact(id))
	}
}

func TestHubSpot_AddNote(t *testing.T) {
	t.Parallel()
	h, fake, crd := hubspotSetup(t)
	id := fake.AddContact(map[string]string{"phone": "+919876543210"})
	cfg := hubspotConfig(fake, crd, "addNote", map[string]any{"note": "Chat assigned to {{ trigger.body.data.assignedAgent.name }}"})
	run := h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned))
	run.RequireSucceeded(t)
	notes := fake.Notes()
	if len(notes) != 1 || notes[0].ContactID != id || notes[0].Body != "Chat assigned to Rahul Mehta" ||
		notes[0].Timestamp != enginetest.Start.Format(time.RFC3339Nano) {
		t.Fatalf("notes %+v", notes)
	}
	if run.Output(t, "crm", "noteId").String() != notes[0].ID {
		t.Errorf("output %s", run.NodeOutput(t, "crm"))
	}
	cfg["match"] = map[string]string{"email": "nobody@example.com"}
	requireError(t, h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned)),
		`no HubSpot contact with email nobody@example.com; add a "Create or update contact/lead" step before this one`)
}

func TestHubSpot_Errors(t *testing.T) {
	t.Parallel()
	h, fake, crd := hubspotSetup(t)
	setOwner := hubspotConfig(fake, crd, "setOwner", map[string]any{"ownerEmail": "{{ vars.agent_email }}"})

	fake.AddOwner(crmtest.HubSpotOwner{ID: "1", Email: "other@example.com"})
	unknown := hubspotConfig(fake, crd, "setOwner", map[string]any{"ownerEmail": "ghost@example.com"})
	requireError(t, h.Run(t, crmFlow(unknown), enginetest.Webhook(chatAssigned)),
		"no HubSpot owner with email ghost@example.com; the agent needs a user with the same email in the CRM")

	fake.RateLimit(2, 1)
	run := h.Run(t, crmFlow(setOwner), enginetest.Webhook(chatAssigned))
	run.RequireSucceeded(t)
	if st := run.Step(t, "crm"); st.Status != "succeeded" || st.Attempts != 3 {
		t.Errorf("after two 429s: %s, %d attempts", st.Status, st.Attempts)
	}

	fake.RateLimit(4, 0)
	requireError(t, h.Run(t, crmFlow(setOwner), enginetest.Webhook(chatAssigned)),
		"HubSpot answered 429: too many requests; retry later")
}

func TestHubSpot_InvalidToken(t *testing.T) {
	t.Parallel()
	h, env := setup(t, credentials.Endpoints{})
	fake := crmtest.NewHubSpot(t, hubspotToken)
	crd := env.Create(t, credentials.TypeHubSpot, "old token", map[string]string{"token": "pat-na1-revoked"})
	cfg := hubspotConfig(fake, crd, "upsertContact", nil)
	requireError(t, h.Run(t, crmFlow(cfg), enginetest.Webhook(chatAssigned)),
		"HubSpot answered 401: the private app token is invalid or lacks crm.objects.contacts.write")
}
