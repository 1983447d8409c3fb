package sheets_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/credentials/credtest"
	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/nodes/sheets/sheetstest"
)

const chat = `{"wabaNumber": "919800000000", "data": {"customer": {"name": "Asha Verma", "phoneNumber": "+919876543210"},
  "assignedAgent": {"name": "Rahul Mehta", "email": "rahul.mehta@example.com"}}}`

const sheetID = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"

// env is a harness, the Google fake and a service-account credential.
type env struct {
	h      *enginetest.Harness
	google *sheetstest.Google
	creds  *credtest.Env
	crd    string
}

func setup(t *testing.T) *env {
	t.Helper()
	g := sheetstest.New(t)
	creds := credtest.New(t, credentials.Endpoints{GoogleToken: g.TokenURL()})
	h := enginetest.New(t)
	h.UseDeps(creds.Deps())
	crd := creds.Create(t, credentials.TypeGoogle, "Sheets robot", map[string]string{
		"authType": "serviceAccount", "serviceAccountJson": g.ServiceAccountJSON()})
	g.AddSpreadsheet(sheetID, map[string][][]string{
		"Assigned chats": {{"Time", "Customer", "Phone", "Agent", "WABA"}, {"", "Old", "+91000", "Priya", ""}},
		"Empty":          nil,
	}, sheetstest.ServiceAccountEmail)
	return &env{h: h, google: g, creds: creds, crd: crd}
}

// flow is webhook → sheets node "sheet" with config; the error port
// leads to set node "failed".
func (e *env) flow(config map[string]any) string {
	cfg := map[string]any{"credential": e.crd, "spreadsheetId": sheetID, "sheet": "Assigned chats", "baseUrl": e.google.URL}
	for k, v := range config {
		cfg[k] = v
	}
	b, _ := json.Marshal(cfg)
	return `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1,
	   "config": {"mappings": [{"name": "customer_number", "path": "body.data.customer.phoneNumber"}]}},
	  {"id": "sheet", "type": "sheets", "typeVersion": 1, "config": ` + string(b) + `},
	  {"id": "failed", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "why", "value": "{{ nodes.sheet.error }}"}]}}],
	 "edges": [{"from": "trigger", "to": "sheet"}, {"from": "sheet", "port": "error", "to": "failed"}]}`
}

var appendValues = map[string]string{"Customer": "{{ trigger.body.data.customer.name }}", "phone": "{{ vars.customer_number }}",
	"Agent": "{{ trigger.body.data.assignedAgent.email }}", "WABA": "{{ trigger.body.wabaNumber }}"}

func TestSheets_AppendByHeader(t *testing.T) {
	t.Parallel()
	e := setup(t)
	run := e.h.Run(t, e.flow(map[string]any{"operation": "append", "values": appendValues}), enginetest.Webhook(chat))
	run.RequireSucceeded(t)
	rows := e.google.Rows(sheetID, "Assigned chats")
	want := []string{"", "Asha Verma", "+919876543210", "rahul.mehta@example.com", "919800000000"}
	if len(rows) != 3 || !reflect.DeepEqual(rows[2], want) {
		t.Fatalf("rows %q", rows)
	}
	wantOut := `{"spreadsheetId":"` + sheetID + `","sheet":"Assigned chats","operation":"append","updatedRange":"Assigned chats!A3:E3",` +
		`"rowNumber":3,"row":{"Time":"","Customer":"Asha Verma","Phone":"+919876543210","Agent":"rahul.mehta@example.com","WABA":"919800000000"}}`
	if got := run.NodeOutput(t, "sheet"); got != wantOut {
		t.Errorf("output %s\nwant   %s", got, wantOut)
	}
	calls := e.google.Calls()
	if len(calls) != 2 || !strings.HasPrefix(calls[0], "GET /v4/spreadsheets/"+sheetID+"/values/") ||
		!strings.Contains(calls[1], ":append?") || !strings.Contains(calls[1], "valueInputOption=USER_ENTERED") {
		t.Errorf("calls %q", calls)
	}
}

func TestSheets_UpdateMatchingRow(t *testing.T) {
	t.Parallel()
	e := setup(t)
	run := e.h.Run(t, e.flow(map[string]any{"operation": "update", "matchColumn": "Phone", "matchValue": "+91000",
		"values": map[string]string{"Agent": "{{ trigger.body.data.assignedAgent.name }}"}}), enginetest.Webhook(chat))
	run.RequireSucceeded(t)
	rows := e.google.Rows(sheetID, "Assigned chats")
	if want := []string{"", "Old", "+91000", "Rahul Mehta", ""}; !reflect.DeepEqual(rows[1], want) {
		t.Errorf("row %q, want %q", rows[1], want)
	}
	if run.Output(t, "sheet", "rowNumber").Int() != 2 || run.Output(t, "sheet", "row.Customer").String() != "Old" {
		t.Errorf("output %s", run.NodeOutput(t, "sheet"))
	}
	run = e.h.Run(t, e.flow(map[string]any{"operation": "update", "matchColumn": "Phone", "matchValue": "{{ vars.customer_number }}",
		"values": map[string]string{"Agent": "x"}}), enginetest.Webhook(chat))
	requireError(t, run, `no row of sheet "Assigned chats" has Phone = "+919876543210"`)
}

func TestSheets_LookupRows(t *testing.T) {
	t.Parallel()
	e := setup(t)
	for range 2 {
		e.h.Run(t, e.flow(map[string]any{"operation": "append", "values": appendValues}), enginetest.Webhook(chat)).RequireSucceeded(t)
	}
	run := e.h.Run(t, e.flow(map[string]any{"operation": "lookup", "matchColumn": "phone", "matchValue": "{{ vars.customer_number }}"}),
		enginetest.Webhook(chat))
	run.RequireSucceeded(t)
	if got := run.Output(t, "sheet", "count").Int(); got != 2 {
		t.Fatalf("count %d: %s", got, run.NodeOutput(t, "sheet"))
	}
	if got := run.Output(t, "sheet", "rows.1.Agent").String(); got != "rahul.mehta@example.com" {
		t.Errorf("rows.1.Agent = %q", got)
	}
	if got := run.Output(t, "sheet", "rowNumbers").Raw; got != "[3,4]" {
		t.Errorf("rowNumbers %s", got)
	}
}

func TestSheets_OAuthClient(t *testing.T) {
	t.Parallel()
	e := setup(t)
	crd := e.creds.Create(t, credentials.TypeGoogle, "My Google", map[string]string{"authType": "oauth",
		"clientId": e.google.ClientID, "clientSecret": e.google.ClientSecret, "refreshToken": e.google.RefreshToken})
	e.google.AddSpreadsheet("own", map[string][][]string{"Sheet1": {{"Phone"}}}, e.google.ClientID)
	run := e.h.Run(t, e.flow(map[string]any{"credential": crd, "spreadsheetId": "own", "sheet": "Sheet1", "operation": "append",
		"values": map[string]string{"Phone": "{{ vars.customer_number }}"}}), enginetest.Webhook(chat))
	run.RequireSucceeded(t)
	if rows := e.google.Rows("own", "Sheet1"); len(rows) != 2 || rows[1][0] != "+919876543210" {
		t.Errorf("rows %q", rows)
	}
}

func TestSheets_Errors(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.google.AddSpreadsheet("private", map[string][][]string{"Sheet1": {{"Phone"}}})
	for _, tc := range []struct {
		config map[string]any
		want   string
	}{
		{map[string]any{"spreadsheetId": "private"}, "Google Sheets answered 403: the spreadsheet is not shared with " +
			sheetstest.ServiceAccountEmail + ", or the Sheets API is not enabled: The caller does not have permission"},
		{map[string]any{"spreadsheetId": "nope"}, "Google Sheets answered 404: no spreadsheet with id nope (or it is not shared with " +
			sheetstest.ServiceAccountEmail + ")"},
		{map[string]any{"sheet": "Missing"}, `Google Sheets answered 400: no tab named "Missing" in the spreadsheet (Unable to parse range: 'Missing'!1:1)`},
		{map[string]any{"sheet": "Empty"}, `sheet "Empty" has no header row: put the column names in row 1`},
		{map[string]any{"values": map[string]string{"Email": "x"}},
			`column "Email" is not in the header row of sheet "Assigned chats" (its columns: Time, Customer, Phone, Agent, WABA)`},
	} {
		cfg := map[string]any{"operation": "append", "values": appendValues}
		for k, v := range tc.config {
			cfg[k] = v
		}
		requireError(t, e.h.Run(t, e.flow(cfg), enginetest.Webhook(chat)), tc.want)
	}
}

func TestSheets_RetriesQuotaErrors(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.google.FailNext(429, 503)
	run := e.h.Run(t, e.flow(map[string]any{"operation": "append", "values": appendValues}), enginetest.Webhook(chat))
	run.RequireSucceeded(t)
	if st := run.Step(t, "sheet"); st.Attempts != 3 {
		t.Errorf("attempts %d, want 3", st.Attempts)
	}
	e.google.FailNext(429, 429, 429, 429)
	requireError(t, e.h.Run(t, e.flow(map[string]any{"operation": "append", "values": appendValues}), enginetest.Webhook(chat)),
		"Google Sheets answered 429: too many requests; retry later")
}

func TestSheets_ServiceAccountOfAnotherKey(t *testing.T) {
	t.Parallel()
	e := setup(t)
	other := sheetstest.New(t) // same email, another private key
	crd := e.creds.Create(t, credentials.TypeGoogle, "stale key", map[string]string{"serviceAccountJson": other.ServiceAccountJSON()})
	requireError(t, e.h.Run(t, e.flow(map[string]any{"credential": crd, "operation": "lookup", "matchColumn": "Phone", "matchValue": "1"}),
		enginetest.Webhook(chat)),
		"call Google Sheets: the Google token endpoint refused the service account key: invalid_grant (Invalid JWT Signature.)")
}

func requireError(t *testing.T, run *enginetest.Run, want string) {
	t.Helper()
	run.RequireSucceeded(t)
	st := run.Step(t, "sheet")
	if st.Status != "failed" || st.Port != "error" || st.Error != want {
		t.Errorf("sheet step %s port %q error\n %q\nwant\n %q", st.Status, st.Port, st.Error, want)
	}
}
