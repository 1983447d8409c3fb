package crmtest

import (
	"net/http"
	"strings"
	"testing"
)

// SalesforceVersion is the REST API version the fake serves.
const SalesforceVersion = "v62.0"

// Salesforce fakes a Salesforce org: the token endpoint
// (/services/oauth2/token, refresh_token grant) and the REST API: SOQL
// queries, and creating and updating Contact, Lead and Task records. REST
// requests need "Authorization: Bearer <token from the endpoint>".
type Salesforce struct {
	fake
	ClientID, ClientSecret, RefreshToken string
	tokens                               map[string]bool
	records                              map[string]map[string]map[string]any // sobject → id → fields
}

// sobject id prefixes, as Salesforce's key prefixes.
var sfPrefixes = map[string]string{"Contact": "003", "Lead": "00Q", "Task": "00T", "User": "005"}

// NewSalesforce starts a fake org that accepts one connected app and
// refresh token.
func NewSalesforce(t testing.TB, clientID, clientSecret, refreshToken string) *Salesforce {
	s := &Salesforce{ClientID: clientID, ClientSecret: clientSecret, RefreshToken: refreshToken,
		tokens: map[string]bool{}, records: map[string]map[string]map[string]any{}}
	for obj := range sfPrefixes {
		s.records[obj] = map[string]map[string]any{}
	}
	s.start(t, s.handle)
	return s
}

// Add stores a record of sobject (Contact, Lead, Task, User) and returns
// its id.
func (s *Salesforce) Add(sobject string, fields map[string]any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextID(sfPrefixes[sobject]+"8d000", 18)
	s.records[sobject][id] = fields
	return id
}

// Record returns record id of sobject, nil if none.
func (s *Salesforce) Record(sobject, id string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.records[sobject][id]
}

// Records returns the records of sobject by id.
func (s *Salesforce) Records(sobject string) map[string]map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]map[string]any{}
	for id, r := range s.records[sobject] {
		out[id] = r
	}
	return out
}

// ExpireSessions makes every access token handed out invalid.
func (s *Salesforce) ExpireSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
}

func sfError(w http.ResponseWriter, status int, code, message string, fields ...string) {
	e := map[string]any{"message": message, "errorCode": code}
	if len(fields) > 0 {
		e["fields"] = fields
	}
	writeJSON(w, status, []any{e})
}

func (s *Salesforce) handle(w http.ResponseWriter, r *http.Request, body []byte) {
	if r.URL.Path == "/services/oauth2/token" {
		s.token(w, r)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/services/data/"+SalesforceVersion+"/")
	if !ok {
		sfError(w, http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	if !s.tokens[bearer(r, "Bearer")] {
		sfError(w, http.StatusUnauthorized, "INVALID_SESSION_ID", "Session expired or invalid")
		return
	}
	parts := strings.Split(rest, "/")
	switch {
	case r.Method == http.MethodGet && rest == "query":
		s.query(w, r)
	case len(parts) < 2 || parts[0] != "sobjects" || s.records[parts[1]] == nil || parts[1] == "User":
		sfError(w, http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
	case r.Method == http.MethodPost && len(parts) == 2:
		s.create(w, r, body, parts[1])
	case r.Method == http.MethodPatch && len(parts) == 3:
		s.update(w, r, body, parts[1], parts[2])
	default:
		sfError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "HTTP Method '"+r.Method+"' not allowed")
	}
}

func (s *Salesforce) token(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method != http.MethodPost || r.FormValue("grant_type") != "refresh_token":
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type", "error_description": "grant type not supported"})
	case r.FormValue("client_id") != s.ClientID:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_client_id", "error_description": "client identifier invalid"})
	case r.FormValue("client_secret") != s.ClientSecret:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_client", "error_description": "invalid client credentials"})
	case r.FormValue("refresh_token") != s.RefreshToken:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "expired access/refresh token"})
	default:
		tok := s.nextID("00D8d000!AQ", 40)
		s.tokens[tok] = true
		writeJSON(w, http.StatusOK, map[string]string{"access_token": tok, "signature": "c2ln", "scope": "refresh_token api",
			"instance_url": s.URL, "id": s.URL + "/id/00D8d0000000001/0058d0000000001", "token_type": "Bearer",
			"issued_at": "1738314000000"})
	}
}

func (s *Salesforce) query(w http.ResponseWriter, r *http.Request) {
	q, err := parseSOQL(r.URL.Query().Get("q"))
	if err != nil {
		sfError(w, http.StatusBadRequest, "MALFORMED_QUERY", err.Error())
		return
	}
	recs, ok := s.records[q.object]
	if !ok {
		sfError(w, http.StatusBadRequest, "INVALID_TYPE", "sObject type '"+q.object+"' is not supported.")
		return
	}
	var out []any
	for _, id := range sortedIDs(recs) {
		rec := recs[id]
		if (q.where != nil && !q.where(rec)) || (q.limit > 0 && len(out) == q.limit) {
			continue
		}
		row := map[string]any{"attributes": map[string]string{"type": q.object,
			"url": "/services/data/" + SalesforceVersion + "/sobjects/" + q.object + "/" + id}}
		for _, f := range q.fields {
			row[f] = rec[f]
		}
		row["Id"] = id
		out = append(out, row)
	}
	writeJSON(w, http.StatusOK, map[string]any{"totalSize": len(out), "done": true, "records": out})
}

// required lists the fields a new record of each sobject must have.
var required = map[string][]string{"Contact": {"LastName"}, "Lead": {"LastName", "Company"}, "Task": {}}

func (s *Salesforce) create(w http.ResponseWriter, r *http.Request, body []byte, obj string) {
	var fields map[string]any
	if !decode(r, body, &fields) {
		sfError(w, http.StatusBadRequest, "JSON_PARSER_ERROR", "Unexpected character: the body is not a JSON object")
		return
	}
	var missing []string
	for _, f := range required[obj] {
		if v, _ := fields[f].(string); v == "" {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		sfError(w, http.StatusBadRequest, "REQUIRED_FIELD_MISSING", "Required fields are missing: ["+strings.Join(missing, ", ")+"]", missing...)
		return
	}
	if !s.checkRefs(w, fields) {
		return
	}
	if obj == "Lead" {
		fields["IsConverted"] = false
	}
	id := s.nextID(sfPrefixes[obj]+"8d000", 18)
	s.records[obj][id] = fields
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "success": true, "errors": []any{}})
}

// checkRefs refuses an OwnerId that is no active user and a WhoId that
// is no contact or lead.
func (s *Salesforce) checkRefs(w http.ResponseWriter, fields map[string]any) bool {
	if owner, ok := fields["OwnerId"].(string); ok {
		if u := s.records["User"][owner]; u == nil || u["IsActive"] != true {
			sfError(w, http.StatusBadRequest, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", "OwnerId")
			return false
		}
	}
	if who, ok := fields["WhoId"].(string); ok && s.records["Contact"][who] == nil && s.records["Lead"][who] == nil {
		sfError(w, http.StatusBadRequest, "FIELD_INTEGRITY_EXCEPTION", "Name ID: id value of incorrect type: "+who, "WhoId")
		return false
	}
	return true
}

func (s *Salesforce) update(w http.ResponseWriter, r *http.Request, body []byte, obj, id string) {
	var fields map[string]any
	rec := s.records[obj][id]
	switch {
	case rec == nil:
		sfError(w, http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
	case !decode(r, body, &fields):
		sfError(w, http.StatusBadRequest, "JSON_PARSER_ERROR", "Unexpected character: the body is not a JSON object")
	case rec["IsConverted"] == true:
		sfError(w, http.StatusBadRequest, "CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead")
	case s.checkRefs(w, fields):
		for k, v := range fields {
			rec[k] = v
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
