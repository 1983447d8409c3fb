package crmtest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Zoho fakes a Zoho data centre: the accounts server's token endpoint
// (/oauth/v2/token, refresh_token grant) and the CRM API v6 (upsert,
// search, users, notes of a record). CRM requests need
// "Authorization: Zoho-oauthtoken <token from the endpoint>".
type Zoho struct {
	fake
	ClientID, ClientSecret, RefreshToken string
	tokens                               map[string]bool                      // access tokens handed out and valid
	records                              map[string]map[string]map[string]any // module → id → record
	users                                []ZohoUser
	notes                                []ZohoNote
}

// ZohoUser is a CRM user.
type ZohoUser struct {
	ID, Email, FullName string
	Active              bool
}

// ZohoNote is a note added to a record.
type ZohoNote struct {
	ID, Module, ParentID, Title, Content string
}

// NewZoho starts a fake that accepts one OAuth client and refresh token.
func NewZoho(t testing.TB, clientID, clientSecret, refreshToken string) *Zoho {
	z := &Zoho{ClientID: clientID, ClientSecret: clientSecret, RefreshToken: refreshToken, tokens: map[string]bool{},
		records: map[string]map[string]map[string]any{"Leads": {}, "Contacts": {}}}
	z.start(t, z.handle)
	return z
}

// AddUser adds a CRM user.
func (z *Zoho) AddUser(u ZohoUser) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.users = append(z.users, u)
}

// AddRecord stores a record in module ("Leads", "Contacts") and returns
// its id.
func (z *Zoho) AddRecord(module string, rec map[string]any) string {
	z.mu.Lock()
	defer z.mu.Unlock()
	id := z.nextID("5843", 19)
	z.records[module][id] = rec
	return id
}

// Record returns record id of module, nil if none.
func (z *Zoho) Record(module, id string) map[string]any {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.records[module][id]
}

// Notes returns the notes added so far.
func (z *Zoho) Notes() []ZohoNote {
	z.mu.Lock()
	defer z.mu.Unlock()
	return append([]ZohoNote(nil), z.notes...)
}

// RevokeTokens makes every access token handed out invalid, as their
// expiry does.
func (z *Zoho) RevokeTokens() {
	z.mu.Lock()
	defer z.mu.Unlock()
	clear(z.tokens)
}

// RateLimit makes the next n CRM requests answer 429.
func (z *Zoho) RateLimit(n int) {
	z.fail("/crm/", n, http.StatusTooManyRequests,
		`{"code":"TOO_MANY_REQUESTS","details":{},"message":"too many requests","status":"error"}`, nil)
}

func zohoError(w http.ResponseWriter, status int, code, message string, details map[string]any) {
	if details == nil {
		details = map[string]any{}
	}
	writeJSON(w, status, map[string]any{"code": code, "details": details, "message": message, "status": "error"})
}

func (z *Zoho) handle(w http.ResponseWriter, r *http.Request, body []byte) {
	if r.URL.Path == "/oauth/v2/token" {
		z.token(w, r)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/crm/v6/")
	if !ok {
		zohoError(w, http.StatusBadRequest, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one", nil)
		return
	}
	if tok := bearer(r, "Zoho-oauthtoken"); !z.tokens[tok] {
		code, msg := "INVALID_TOKEN", "invalid oauth token"
		if tok == "" {
			code, msg = "AUTHENTICATION_FAILURE", "Authentication failed"
		}
		zohoError(w, http.StatusUnauthorized, code, msg, nil)
		return
	}
	parts := strings.Split(rest, "/")
	switch {
	case r.Method == http.MethodGet && rest == "users":
		z.listUsers(w, r)
	case r.Method == http.MethodPost && len(parts) == 2 && parts[1] == "upsert" && z.records[parts[0]] != nil:
		z.upsert(w, r, body, parts[0])
	case r.Method == http.MethodGet && len(parts) == 2 && parts[1] == "search" && z.records[parts[0]] != nil:
		z.search(w, r, parts[0])
	case r.Method == http.MethodPost && len(parts) == 3 && parts[2] == "Notes" && z.records[parts[0]] != nil:
		z.addNote(w, r, body, parts[0], parts[1])
	default:
		zohoError(w, http.StatusBadRequest, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one", nil)
	}
}

// token answers the refresh_token grant. Like Zoho's, its refusals are
// 200 answers with an "error" field.
func (z *Zoho) token(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method != http.MethodPost || r.FormValue("grant_type") != "refresh_token":
		writeJSON(w, http.StatusOK, map[string]string{"error": "unsupported_grant_type"})
	case r.FormValue("client_id") != z.ClientID || r.FormValue("client_secret") != z.ClientSecret:
		writeJSON(w, http.StatusOK, map[string]string{"error": "invalid_client"})
	case r.FormValue("refresh_token") != z.RefreshToken:
		writeJSON(w, http.StatusOK, map[string]string{"error": "invalid_code"})
	default:
		tok := z.nextID("1000.a7f3c9", 40)
		z.tokens[tok] = true
		writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "scope": "ZohoCRM.modules.ALL ZohoCRM.users.READ",
			"api_domain": z.URL, "token_type": "Bearer", "expires_in": 3600})
	}
}

func (z *Zoho) listUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	perPage, _ := strconv.Atoi(q.Get("per_page"))
	page, perPage = max(page, 1), min(max(perPage, 1), 200)
	var users []map[string]any
	for _, u := range z.users {
		if q.Get("type") != "ActiveUsers" || u.Active {
			users = append(users, map[string]any{"id": u.ID, "email": u.Email, "full_name": u.FullName,
				"status": map[bool]string{true: "active", false: "disabled"}[u.Active]})
		}
	}
	from, to := min((page-1)*perPage, len(users)), min(page*perPage, len(users))
	writeJSON(w, http.StatusOK, map[string]any{"users": users[from:to], "info": map[string]any{
		"per_page": perPage, "count": to - from, "page": page, "more_records": to < len(users)}})
}

// find returns the id of the first record of module whose field equals v.
func (z *Zoho) find(module, field, v string) string {
	for _, id := range sortedIDs(z.records[module]) {
		if s, _ := z.records[module][id][field].(string); v != "" && strings.EqualFold(s, v) {
			return id
		}
	}
	return ""
}

func (z *Zoho) upsert(w http.ResponseWriter, r *http.Request, body []byte, module string) {
	var req struct {
		Data []map[string]any `json:"data"`
		Dup  []string         `json:"duplicate_check_fields"`
	}
	if !decode(r, body, &req) || len(req.Data) == 0 || len(req.Data) > 100 {
		zohoError(w, http.StatusBadRequest, "INVALID_DATA", "invalid data", map[string]any{"api_name": "data"})
		return
	}
	results, failed := make([]map[string]any, len(req.Data)), 0
	for i, rec := range req.Data {
		if results[i] = z.upsertOne(module, rec, req.Dup); results[i]["status"] != "success" {
			failed++
		}
	}
	status := http.StatusOK
	if failed == len(results) {
		status = http.StatusBadRequest
	}
	writeJSON(w, status, map[string]any{"data": results})
}

func (z *Zoho) upsertOne(module string, rec map[string]any, dup []string) map[string]any {
	if owner, ok := rec["Owner"].(map[string]any); ok && !z.activeUser(owner["id"]) {
		return zohoResult("INVALID_DATA", "invalid data", map[string]any{"api_name": "Owner", "expected_data_type": "lookup"})
	}
	id, field := "", ""
	for _, f := range dup {
		if f != "Phone" && f != "Email" {
			return zohoResult("INVALID_DATA", "the field is not a unique field", map[string]any{"api_name": f})
		}
		if s, _ := rec[f].(string); id == "" {
			id, field = z.find(module, f, s), f
		}
	}
	if id != "" {
		for k, v := range rec {
			z.records[module][id][k] = v
		}
		res := zohoResult("SUCCESS", "record updated", map[string]any{"id": id})
		res["action"], res["duplicate_field"], res["status"] = "update", field, "success"
		return res
	}
	if s, _ := rec["Last_Name"].(string); s == "" {
		return zohoResult("MANDATORY_NOT_FOUND", "required field not found",
			map[string]any{"api_name": "Last_Name", "json_path": "$.data[0].Last_Name"})
	}
	id = z.nextID("5843", 19)
	z.records[module][id] = rec
	res := zohoResult("SUCCESS", "record added", map[string]any{"id": id})
	res["action"], res["duplicate_field"], res["status"] = "insert", nil, "success"
	return res
}

func zohoResult(code, message string, details map[string]any) map[string]any {
	return map[string]any{"code": code, "details": details, "message": message, "status": "error"}
}

func (z *Zoho) activeUser(id any) bool {
	for _, u := range z.users {
		if u.ID == id && u.Active {
			return true
		}
	}
	return false
}

func (z *Zoho) search(w http.ResponseWriter, r *http.Request, module string) {
	q := r.URL.Query()
	id := ""
	switch {
	case q.Get("phone") != "":
		id = z.find(module, "Phone", q.Get("phone"))
	case q.Get("email") != "":
		id = z.find(module, "Email", q.Get("email"))
	default:
		zohoError(w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing",
			map[string]any{"param": "criteria"})
		return
	}
	if id == "" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	rec := map[string]any{"id": id}
	for k, v := range z.records[module][id] {
		rec[k] = v
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{rec},
		"info": map[string]any{"per_page": 200, "count": 1, "page": 1, "more_records": false}})
}

func (z *Zoho) addNote(w http.ResponseWriter, r *http.Request, body []byte, module, parent string) {
	var req struct {
		Data []map[string]string `json:"data"`
	}
	switch {
	case z.records[module][parent] == nil:
		zohoError(w, http.StatusBadRequest, "INVALID_DATA", "the related id given seems to be invalid", map[string]any{"api_name": "id"})
	case !decode(r, body, &req) || len(req.Data) != 1 || req.Data[0]["Note_Content"] == "":
		zohoError(w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", map[string]any{"api_name": "Note_Content"})
	default:
		id := z.nextID("5843", 19)
		z.notes = append(z.notes, ZohoNote{ID: id, Module: module, ParentID: parent,
			Title: req.Data[0]["Note_Title"], Content: req.Data[0]["Note_Content"]})
		res := zohoResult("SUCCESS", "record added", map[string]any{"id": id})
		res["status"] = "success"
		writeJSON(w, http.StatusCreated, map[string]any{"data": []any{res}})
	}
}
