package crmtest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// HubSpot fakes HubSpot's CRM v3 API: contact search, create and update,
// owners, and notes associated to contacts. Requests need
// "Authorization: Bearer <Token>".
type HubSpot struct {
	fake
	// Token is the private app token the fake accepts.
	Token    string
	contacts map[string]map[string]string // id → properties
	owners   []HubSpotOwner
	notes    []HubSpotNote
}

// HubSpotOwner is a HubSpot user who can own records.
type HubSpotOwner struct {
	ID, Email, FirstName, LastName string
}

// HubSpotNote is a note written to a contact.
type HubSpotNote struct {
	ID, ContactID, Body, Timestamp string
}

// NewHubSpot starts a fake that accepts token.
func NewHubSpot(t testing.TB, token string) *HubSpot {
	h := &HubSpot{Token: token, contacts: map[string]map[string]string{}}
	h.start(t, h.handle)
	return h
}

// AddOwner adds a user who can own records.
func (h *HubSpot) AddOwner(o HubSpotOwner) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.owners = append(h.owners, o)
}

// AddContact stores a contact and returns its id.
func (h *HubSpot) AddContact(props map[string]string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := h.nextID("5", 11)
	h.contacts[id] = props
	return id
}

// Contact returns a copy of contact id's properties, nil if none.
func (h *HubSpot) Contact(id string) map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	c, ok := h.contacts[id]
	if !ok {
		return nil
	}
	out := map[string]string{}
	for k, v := range c {
		out[k] = v
	}
	return out
}

// Notes returns the notes written so far.
func (h *HubSpot) Notes() []HubSpotNote {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]HubSpotNote(nil), h.notes...)
}

// RateLimit makes the next n requests answer 429 with HubSpot's body and
// a Retry-After of retryAfter seconds (none when negative).
func (h *HubSpot) RateLimit(n, retryAfter int) {
	header := http.Header{}
	if retryAfter >= 0 {
		header.Set("Retry-After", strconv.Itoa(retryAfter))
	}
	h.fail("", n, http.StatusTooManyRequests, `{"status":"error","message":"You have reached your secondly limit.",`+
		`"errorType":"RATE_LIMIT","correlationId":"c0ffee","policyName":"SECONDLY"}`, header)
}

func hubspotError(w http.ResponseWriter, status int, category, message string) {
	writeJSON(w, status, map[string]string{"status": "error", "message": message, "correlationId": "c0ffee", "category": category})
}

func (h *HubSpot) handle(w http.ResponseWriter, r *http.Request, body []byte) {
	if bearer(r, "Bearer") != h.Token {
		hubspotError(w, http.StatusUnauthorized, "INVALID_AUTHENTICATION", "Authentication credentials not found. "+
			"This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview")
		return
	}
	const contacts = "/crm/v3/objects/contacts"
	switch {
	case r.Method == http.MethodPost && r.URL.Path == contacts+"/search":
		h.search(w, r, body)
	case r.Method == http.MethodPost && r.URL.Path == contacts:
		h.create(w, r, body)
	case r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, contacts+"/"):
		h.update(w, r, body, strings.TrimPrefix(r.URL.Path, contacts+"/"))
	case r.Method == http.MethodGet && r.URL.Path == "/crm/v3/owners":
		h.listOwners(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/crm/v3/objects/notes":
		h.createNote(w, r, body)
	default:
		hubspotError(w, http.StatusNotFound, "OBJECT_NOT_FOUND", "resource not found: "+r.Method+" "+r.URL.Path)
	}
}

type hubspotFilter struct {
	PropertyName string `json:"propertyName"`
	Operator     string `json:"operator"`
	Value        string `json:"value"`
}

type hubspotGroup struct {
	Filters []hubspotFilter `json:"filters"`
}

func (h *HubSpot) search(w http.ResponseWriter, r *http.Request, body []byte) {
	var req struct {
		FilterGroups []hubspotGroup `json:"filterGroups"`
		Limit        int            `json:"limit"`
	}
	if !decode(r, body, &req) || len(req.FilterGroups) == 0 || len(req.FilterGroups) > 5 {
		hubspotError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: filterGroups must hold 1 to 5 groups")
		return
	}
	var results []any
	for _, id := range sortedIDs(h.contacts) {
		if matchesAny(h.contacts[id], req.FilterGroups) && (req.Limit == 0 || len(results) < req.Limit) {
			results = append(results, h.object(id))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": len(results), "results": results})
}

func matchesAny(props map[string]string, groups []hubspotGroup) bool {
	for _, g := range groups {
		all := len(g.Filters) > 0
		for _, f := range g.Filters {
			all = all && f.Operator == "EQ" && strings.EqualFold(props[f.PropertyName], f.Value)
		}
		if all {
			return true
		}
	}
	return false
}

func (h *HubSpot) object(id string) map[string]any {
	return map[string]any{"id": id, "properties": h.contacts[id], "createdAt": "2025-01-30T10:00:00.000Z",
		"updatedAt": time.Now().UTC().Format(time.RFC3339), "archived": false}
}

// checkProps refuses an unknown owner id, as HubSpot validates it.
func (h *HubSpot) checkProps(w http.ResponseWriter, props map[string]string) bool {
	if owner, ok := props["hubspot_owner_id"]; ok && !h.hasOwner(owner) {
		hubspotError(w, http.StatusBadRequest, "VALIDATION_ERROR", `Property values were not valid: [{"isValid":false,`+
			`"message":"`+owner+` is not a valid owner id","error":"INVALID_OWNER_ID","name":"hubspot_owner_id"}]`)
		return false
	}
	return true
}

func (h *HubSpot) hasOwner(id string) bool {
	for _, o := range h.owners {
		if o.ID == id {
			return true
		}
	}
	return false
}

func (h *HubSpot) create(w http.ResponseWriter, r *http.Request, body []byte) {
	var req struct {
		Properties map[string]string `json:"properties"`
	}
	if !decode(r, body, &req) || req.Properties == nil {
		hubspotError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: properties is required")
		return
	}
	if email := req.Properties["email"]; email != "" {
		for id, c := range h.contacts {
			if strings.EqualFold(c["email"], email) {
				hubspotError(w, http.StatusConflict, "CONFLICT", "Contact already exists. Existing ID: "+id)
				return
			}
		}
	}
	if !h.checkProps(w, req.Properties) {
		return
	}
	id := h.nextID("5", 11)
	h.contacts[id] = req.Properties
	writeJSON(w, http.StatusCreated, h.object(id))
}

func (h *HubSpot) update(w http.ResponseWriter, r *http.Request, body []byte, id string) {
	var req struct {
		Properties map[string]string `json:"properties"`
	}
	c, ok := h.contacts[id]
	switch {
	case !ok:
		hubspotError(w, http.StatusNotFound, "OBJECT_NOT_FOUND", "resource not found")
	case !decode(r, body, &req) || req.Properties == nil:
		hubspotError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: properties is required")
	case h.checkProps(w, req.Properties):
		for k, v := range req.Properties {
			c[k] = v
		}
		writeJSON(w, http.StatusOK, h.object(id))
	}
}

func (h *HubSpot) listOwners(w http.ResponseWriter, r *http.Request) {
	email := r.URL.Query().Get("email")
	var results []any
	for _, o := range h.owners {
		if email == "" || strings.EqualFold(o.Email, email) {
			results = append(results, map[string]any{"id": o.ID, "email": o.Email, "firstName": o.FirstName,
				"lastName": o.LastName, "userId": 1000, "archived": false})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": results})
}

func (h *HubSpot) createNote(w http.ResponseWriter, r *http.Request, body []byte) {
	var req struct {
		Properties   map[string]string `json:"properties"`
		Associations []struct {
			To struct {
				ID string `json:"id"`
			} `json:"to"`
			Types []struct {
				Category string `json:"associationCategory"`
				TypeID   int    `json:"associationTypeId"`
			} `json:"types"`
		} `json:"associations"`
	}
	ok := decode(r, body, &req) && req.Properties["hs_timestamp"] != "" && len(req.Associations) == 1 &&
		len(req.Associations[0].Types) == 1
	if !ok {
		hubspotError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: hs_timestamp and one association are required")
		return
	}
	a := req.Associations[0]
	if _, found := h.contacts[a.To.ID]; !found || a.Types[0].TypeID != 202 || a.Types[0].Category != "HUBSPOT_DEFINED" {
		hubspotError(w, http.StatusBadRequest, "VALIDATION_ERROR", "invalid association: note to contact is HUBSPOT_DEFINED type 202")
		return
	}
	id := h.nextID("9", 11)
	h.notes = append(h.notes, HubSpotNote{ID: id, ContactID: a.To.ID, Body: req.Properties["hs_note_body"],
		Timestamp: req.Properties["hs_timestamp"]})
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "properties": req.Properties})
}
