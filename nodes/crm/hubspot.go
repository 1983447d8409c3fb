package crm

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// HubSpotBaseURL is HubSpot's API address.
const HubSpotBaseURL = "https://api.hubapi.com"

// hubSpotNoteToContact is HubSpot's association type of a note to a
// contact.
const hubSpotNoteToContact = 202

// hubspot works with HubSpot's CRM v3 API and a private app token. HubSpot
// keeps leads as contacts: a lead is a contact whose lifecycle stage is
// "lead".
type hubspot struct{ api *api }

func newHubSpot(a *api, base string) *hubspot {
	a.name, a.scheme, a.explain = "HubSpot", "Bearer", explainHubSpot
	a.base = cmp.Or(base, HubSpotBaseURL)
	return &hubspot{api: a}
}

// hubspotObject is a CRM object as HubSpot answers it.
type hubspotObject struct {
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
}

// find returns the id of the contact with q's phone or email, "" if none.
func (h *hubspot) find(ctx context.Context, q *query) (string, error) {
	var groups []any
	for _, f := range [][2]string{{"phone", q.phone}, {"email", q.email}} {
		if f[1] != "" {
			groups = append(groups, map[string]any{"filters": []any{
				map[string]string{"propertyName": f[0], "operator": "EQ", "value": f[1]}}})
		}
	}
	body := map[string]any{"filterGroups": groups, "properties": []string{"email", "phone", "hubspot_owner_id"}, "limit": 1}
	var found struct {
		Total   int             `json:"total"`
		Results []hubspotObject `json:"results"`
	}
	if _, err := h.api.call(ctx, http.MethodPost, "/crm/v3/objects/contacts/search", body, &found); err != nil {
		return "", err
	}
	if len(found.Results) == 0 {
		return "", nil
	}
	return found.Results[0].ID, nil
}

// existingID reads the id HubSpot names when a create conflicts with a
// contact that has the same email.
var existingID = regexp.MustCompile(`Existing ID: ?(\d+)`)

// upsert updates the contact q finds with q's properties and extra, or
// creates it.
func (h *hubspot) upsert(ctx context.Context, q *query, extra map[string]string) (*outcome, error) {
	id, err := h.find(ctx, q)
	if err != nil {
		return nil, err
	}
	props := q.record("phone", "email", extra)
	if id == "" {
		if q.object == ObjectLead && props["lifecyclestage"] == "" {
			props["lifecyclestage"] = "lead"
		}
		var created hubspotObject
		_, err := h.api.call(ctx, http.MethodPost, "/crm/v3/objects/contacts", map[string]any{"properties": props}, &created)
		if err == nil {
			return &outcome{ID: created.ID, Created: true}, nil
		}
		// Created meanwhile by someone else: update that one.
		m := existingID.FindStringSubmatch(err.Error())
		if statusOf(err) != http.StatusConflict || m == nil {
			return nil, err
		}
		id = m[1]
		delete(props, "lifecyclestage")
	}
	if _, err := h.api.call(ctx, http.MethodPatch, "/crm/v3/objects/contacts/"+url.PathEscape(id),
		map[string]any{"properties": props}, nil); err != nil {
		return nil, err
	}
	return &outcome{ID: id}, nil
}

func (h *hubspot) upsertContact(ctx context.Context, q *query) (*outcome, error) {
	return h.upsert(ctx, q, nil)
}

func (h *hubspot) setOwner(ctx context.Context, q *query) (*outcome, error) {
	owner, err := h.owner(ctx, q.ownerEmail)
	if err != nil {
		return nil, err
	}
	o, err := h.upsert(ctx, q, map[string]string{"hubspot_owner_id": owner})
	if err != nil {
		return nil, err
	}
	o.OwnerID = owner
	return o, nil
}

// owner returns the id of the HubSpot owner (user) with email.
func (h *hubspot) owner(ctx context.Context, email string) (string, error) {
	var owners struct {
		Results []struct {
			ID    string `json:"id"`
			Email string `json:"email"`
		} `json:"results"`
	}
	path := "/crm/v3/owners?" + url.Values{"email": {email}, "limit": {"100"}}.Encode()
	if _, err := h.api.call(ctx, http.MethodGet, path, nil, &owners); err != nil {
		return "", err
	}
	for _, o := range owners.Results {
		if strings.EqualFold(o.Email, email) {
			return o.ID, nil
		}
	}
	return "", errNoUser("HubSpot owner", email)
}

func (h *hubspot) addNote(ctx context.Context, q *query) (*outcome, error) {
	id, err := h.find(ctx, q)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, notFound("HubSpot", "contact", q)
	}
	note := map[string]any{
		"properties": map[string]string{
			"hs_timestamp": q.now.UTC().Format(time.RFC3339Nano),
			"hs_note_body": q.note,
		},
		"associations": []any{map[string]any{
			"to":    map[string]string{"id": id},
			"types": []any{map[string]any{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": hubSpotNoteToContact}},
		}},
	}
	var created hubspotObject
	if _, err := h.api.call(ctx, http.MethodPost, "/crm/v3/objects/notes", note, &created); err != nil {
		return nil, err
	}
	return &outcome{ID: id, NoteID: created.ID}, nil
}

// explainHubSpot says what a HubSpot error answer means.
func explainHubSpot(status int, body []byte) string {
	var e struct {
		Message  string `json:"message"`
		Category string `json:"category"`
	}
	_ = json.Unmarshal(body, &e)
	switch status {
	case http.StatusUnauthorized:
		return "the private app token is invalid or lacks crm.objects.contacts.write"
	case http.StatusForbidden:
		return "the private app lacks a scope this step needs (crm.objects.contacts.read, " +
			"crm.objects.contacts.write, crm.objects.owners.read): " + e.Message
	case http.StatusConflict:
		return e.Message
	}
	if s := explainCommon(status); s != "" {
		return s
	}
	return cmp.Or(e.Message, http.StatusText(status))
}
