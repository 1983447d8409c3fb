package crm

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hookflow/hookflow/credentials"
)

// zohoVersion is the Zoho CRM API version used throughout.
const zohoVersion = "/crm/v6"

// zohoMaxUserPages bounds the pages of users read to find an owner.
const zohoMaxUserPages = 10

// zoho works with the Zoho CRM API (v6) and an OAuth refresh token of
// the credential's data centre.
type zoho struct{ api *api }

func newZoho(a *api, base string) *zoho {
	a.name, a.scheme, a.explain = "Zoho", "Zoho-oauthtoken", explainZoho
	a.base = cmp.Or(base, credentials.ZohoAPIURL(a.cred.Field(credentials.FieldDataCenter))) + zohoVersion
	return &zoho{api: a}
}

func zohoModule(q *query) string {
	if q.object == ObjectLead {
		return "Leads"
	}
	return "Contacts"
}

// zohoResult is one record's result in Zoho's {"data": [...]} answers.
type zohoResult struct {
	Code    string `json:"code"`
	Action  string `json:"action"`
	Status  string `json:"status"`
	Message string `json:"message"`
	Details struct {
		ID      string `json:"id"`
		APIName string `json:"api_name"`
	} `json:"details"`
}

type zohoAnswer struct {
	Data []zohoResult `json:"data"`
}

func (r *zohoResult) describe() string {
	msg := r.Code + ": " + r.Message
	if r.Details.APIName != "" {
		msg += " (" + r.Details.APIName + ")"
	}
	return msg
}

// write sends records to path and returns the first record's result,
// an error when Zoho refused it.
func (z *zoho) write(ctx context.Context, path string, body any) (*zohoResult, error) {
	var ans zohoAnswer
	status, err := z.api.call(ctx, http.MethodPost, path, body, &ans)
	if err != nil {
		return nil, err
	}
	if len(ans.Data) == 0 {
		return nil, &apiError{provider: "Zoho", status: status, message: "the answer holds no record"}
	}
	if r := &ans.Data[0]; !strings.EqualFold(r.Status, "success") {
		return nil, &apiError{provider: "Zoho", status: status, message: r.describe()}
	}
	return &ans.Data[0], nil
}

// upsert inserts or updates the record with q's phone or email. A new
// record needs a last name: when none is given, the phone or email
// stands in for it, and only on insert, so that an existing name stays.
func (z *zoho) upsert(ctx context.Context, q *query, extra map[string]any) (*outcome, error) {
	record := map[string]any{}
	for k, v := range q.record("Phone", "Email", nil) {
		record[k] = v
	}
	maps.Copy(record, extra)
	var dup []string
	if q.phone != "" {
		dup = append(dup, "Phone")
	}
	if q.email != "" {
		dup = append(dup, "Email")
	}
	path := "/" + zohoModule(q) + "/upsert"
	res, err := z.write(ctx, path, map[string]any{"data": []any{record}, "duplicate_check_fields": dup})
	if record["Last_Name"] == nil && missingLastName(err) {
		record["Last_Name"] = cmp.Or(q.phone, q.email)
		res, err = z.write(ctx, path, map[string]any{"data": []any{record}, "duplicate_check_fields": dup})
	}
	if err != nil {
		return nil, err
	}
	return &outcome{ID: res.Details.ID, Created: res.Action == "insert"}, nil
}

// missingLastName reports whether err is Zoho asking for Last_Name,
// which it does only when the upsert would insert.
func missingLastName(err error) bool {
	var ae *apiError
	if !errors.As(err, &ae) {
		return false
	}
	if strings.Contains(ae.message, "MANDATORY_NOT_FOUND") && strings.Contains(ae.message, "Last_Name") {
		return true
	}
	var ans zohoAnswer
	return json.Unmarshal(ae.body, &ans) == nil && len(ans.Data) > 0 &&
		ans.Data[0].Code == "MANDATORY_NOT_FOUND" && ans.Data[0].Details.APIName == "Last_Name"
}

func (z *zoho) upsertContact(ctx context.Context, q *query) (*outcome, error) {
	return z.upsert(ctx, q, nil)
}

func (z *zoho) setOwner(ctx context.Context, q *query) (*outcome, error) {
	owner, err := z.user(ctx, q.ownerEmail)
	if err != nil {
		return nil, err
	}
	o, err := z.upsert(ctx, q, map[string]any{"Owner": map[string]string{"id": owner}})
	if err != nil {
		return nil, err
	}
	o.OwnerID = owner
	return o, nil
}

// user returns the id of the active Zoho CRM user with email.
func (z *zoho) user(ctx context.Context, email string) (string, error) {
	for page := 1; page <= zohoMaxUserPages; page++ {
		var ans struct {
			Users []struct {
				ID    string `json:"id"`
				Email string `json:"email"`
			} `json:"users"`
			Info struct {
				MoreRecords bool `json:"more_records"`
			} `json:"info"`
		}
		q := url.Values{"type": {"ActiveUsers"}, "page": {strconv.Itoa(page)}, "per_page": {"200"}}
		if _, err := z.api.call(ctx, http.MethodGet, "/users?"+q.Encode(), nil, &ans); err != nil {
			return "", err
		}
		for _, u := range ans.Users {
			if strings.EqualFold(u.Email, email) {
				return u.ID, nil
			}
		}
		if !ans.Info.MoreRecords {
			break
		}
	}
	return "", errNoUser("active Zoho user", email)
}

// find returns the id of the record with q's phone, else its email; ""
// when there is none (Zoho answers 204).
func (z *zoho) find(ctx context.Context, q *query) (string, error) {
	for _, by := range [][2]string{{"phone", q.phone}, {"email", q.email}} {
		if by[1] == "" {
			continue
		}
		var ans struct {
			Data []struct {
				ID string `json:"id"`
			} `json:"data"`
		}
		path := "/" + zohoModule(q) + "/search?" + url.Values{by[0]: {by[1]}}.Encode()
		if _, err := z.api.call(ctx, http.MethodGet, path, nil, &ans); err != nil {
			return "", err
		}
		if len(ans.Data) > 0 {
			return ans.Data[0].ID, nil
		}
	}
	return "", nil
}

func (z *zoho) addNote(ctx context.Context, q *query) (*outcome, error) {
	id, err := z.find(ctx, q)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, notFound("Zoho", strings.ToLower(strings.TrimSuffix(zohoModule(q), "s")), q)
	}
	note := map[string]any{"data": []any{map[string]string{"Note_Title": firstLine(q.note, 120), "Note_Content": q.note}}}
	res, err := z.write(ctx, "/"+zohoModule(q)+"/"+url.PathEscape(id)+"/Notes", note)
	if err != nil {
		return nil, err
	}
	return &outcome{ID: id, NoteID: res.Details.ID}, nil
}

// explainZoho says what a Zoho error answer means.
func explainZoho(status int, body []byte) string {
	var e struct {
		zohoResult
		Data []zohoResult `json:"data"`
	}
	_ = json.Unmarshal(body, &e)
	if e.Code == "" && len(e.Data) > 0 {
		e.zohoResult = e.Data[0]
	}
	switch {
	case status == http.StatusUnauthorized:
		return "the access token was refused (" + cmp.Or(e.Code, "INVALID_TOKEN") + "); check the credential's " +
			"data centre and that its scopes include ZohoCRM.modules.ALL and ZohoCRM.users.READ"
	case explainCommon(status) != "" && status != http.StatusNotFound:
		return explainCommon(status)
	case e.Code != "":
		return e.describe()
	}
	return cmp.Or(explainCommon(status), http.StatusText(status))
}
