package crm

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/hookflow/hookflow/credentials"
)

// SalesforceVersion is the Salesforce REST API version used throughout.
const SalesforceVersion = "v62.0"

// salesforceNoCompany fills the Company a new lead must have when the
// flow gives none, as Salesforce's own web-to-lead does.
const salesforceNoCompany = "[not provided]"

// salesforce works with the Salesforce REST API of the credential's
// instance, with a token from its refresh token. A note is a completed
// Task on the record.
type salesforce struct{ api *api }

func newSalesforce(a *api, base string) *salesforce {
	a.name, a.scheme, a.explain = "Salesforce", "Bearer", explainSalesforce
	instance := strings.TrimRight(a.cred.Field(credentials.FieldInstanceURL), "/")
	a.base = cmp.Or(base, instance) + "/services/data/" + SalesforceVersion
	return &salesforce{api: a}
}

func sobject(q *query) string {
	if q.object == ObjectLead {
		return "Lead"
	}
	return "Contact"
}

// soqlString quotes s as a SOQL string literal.
func soqlString(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\\', '\'', '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// queryID runs a SOQL query and returns the first record's Id, "" when
// there is none.
func (s *salesforce) queryID(ctx context.Context, soql string) (string, error) {
	var ans struct {
		Records []struct {
			ID string `json:"Id"`
		} `json:"records"`
	}
	if _, err := s.api.call(ctx, http.MethodGet, "/query?"+url.Values{"q": {soql}}.Encode(), nil, &ans); err != nil {
		return "", err
	}
	if len(ans.Records) == 0 {
		return "", nil
	}
	return ans.Records[0].ID, nil
}

// find returns the id of the oldest record with q's phone or email.
func (s *salesforce) find(ctx context.Context, q *query) (string, error) {
	var or []string
	if q.phone != "" {
		or = append(or, "Phone = "+soqlString(q.phone))
	}
	if q.email != "" {
		or = append(or, "Email = "+soqlString(q.email))
	}
	where := "(" + strings.Join(or, " OR ") + ")"
	if q.object == ObjectLead {
		where += " AND IsConverted = false" // a converted lead cannot change
	}
	return s.queryID(ctx, "SELECT Id FROM "+sobject(q)+" WHERE "+where+" ORDER BY CreatedDate ASC LIMIT 1")
}

// upsert updates the record q finds with q's properties and extra, or
// creates it, with the last name (and a lead's company) Salesforce needs.
func (s *salesforce) upsert(ctx context.Context, q *query, extra map[string]string) (*outcome, error) {
	id, err := s.find(ctx, q)
	if err != nil {
		return nil, err
	}
	fields := q.record("Phone", "Email", extra)
	base := "/sobjects/" + sobject(q)
	if id != "" {
		if _, err := s.api.call(ctx, http.MethodPatch, base+"/"+url.PathEscape(id), fields, nil); err != nil {
			return nil, err
		}
		return &outcome{ID: id}, nil
	}
	fields["LastName"] = cmp.Or(fields["LastName"], q.phone, q.email)
	if q.object == ObjectLead {
		fields["Company"] = cmp.Or(fields["Company"], salesforceNoCompany)
	}
	var created struct {
		ID string `json:"id"`
	}
	if _, err := s.api.call(ctx, http.MethodPost, base, fields, &created); err != nil {
		return nil, err
	}
	return &outcome{ID: created.ID, Created: true}, nil
}

func (s *salesforce) upsertContact(ctx context.Context, q *query) (*outcome, error) {
	return s.upsert(ctx, q, nil)
}

func (s *salesforce) setOwner(ctx context.Context, q *query) (*outcome, error) {
	owner, err := s.queryID(ctx, "SELECT Id FROM User WHERE Email = "+soqlString(q.ownerEmail)+" AND IsActive = true LIMIT 1")
	if err != nil {
		return nil, err
	}
	if owner == "" {
		return nil, errNoUser("Salesforce user", q.ownerEmail)
	}
	o, err := s.upsert(ctx, q, map[string]string{"OwnerId": owner})
	if err != nil {
		return nil, err
	}
	o.OwnerID = owner
	return o, nil
}

func (s *salesforce) addNote(ctx context.Context, q *query) (*outcome, error) {
	id, err := s.find(ctx, q)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, notFound("Salesforce", strings.ToLower(sobject(q)), q)
	}
	task := map[string]string{"WhoId": id, "Subject": firstLine(q.note, 80), "Description": q.note,
		"Status": "Completed", "ActivityDate": q.now.UTC().Format("2006-01-02")}
	var created struct {
		ID string `json:"id"`
	}
	if _, err := s.api.call(ctx, http.MethodPost, "/sobjects/Task", task, &created); err != nil {
		return nil, err
	}
	return &outcome{ID: id, NoteID: created.ID}, nil
}

// explainSalesforce says what a Salesforce error answer means.
func explainSalesforce(status int, body []byte) string {
	var errs []struct {
		Message   string   `json:"message"`
		ErrorCode string   `json:"errorCode"`
		Fields    []string `json:"fields"`
	}
	_ = json.Unmarshal(body, &errs)
	code, msg := "", ""
	if len(errs) > 0 {
		code, msg = errs[0].ErrorCode, errs[0].Message
		if len(errs[0].Fields) > 0 {
			msg += " (" + strings.Join(errs[0].Fields, ", ") + ")"
		}
	}
	switch {
	case status == http.StatusUnauthorized:
		return "the session is invalid or expired (" + cmp.Or(code, "INVALID_SESSION_ID") +
			"); check the credential's instance URL and refresh token"
	case code == "REQUEST_LIMIT_EXCEEDED":
		return "the org's API request limit is reached; retry later"
	case code != "":
		return code + ": " + msg
	}
	return cmp.Or(explainCommon(status), http.StatusText(status))
}
