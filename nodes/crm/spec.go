// Package crm registers the CRM action: with a stored HubSpot, Zoho CRM or
// Salesforce credential it creates or updates a contact or lead found by
// phone or email, sets a record's owner to the user with an agent's email,
// or adds a note to a record.
package crm

import "github.com/hookflow/hookflow/nodes"

// Type and Version identify this node type in a flow.
const (
	Type    = "crm"
	Version = 1
)

// Field names of the crm config.
const (
	FieldProvider   = "provider"
	FieldCredential = "credential"
	FieldOperation  = "operation"
	FieldObject     = "object"
	FieldMatch      = "match"
	FieldProperties = "properties"
	FieldOwnerEmail = "ownerEmail"
	FieldNote       = "note"
	FieldBaseURL    = "baseUrl"
)

// Values of the provider field; each is also the credential type it takes.
const (
	ProviderHubSpot    = "hubspot"
	ProviderZoho       = "zoho"
	ProviderSalesforce = "salesforce"
)

// Values of the operation field.
const (
	OpUpsertContact = "upsertContact"
	OpSetOwner      = "setOwner"
	OpAddNote       = "addNote"
)

// Values of the object field.
const (
	ObjectContact = "contact"
	ObjectLead    = "lead"
)

// Keys of the match field.
const (
	MatchPhone = "phone"
	MatchEmail = "email"
)

// Config is the decoded config of a crm node.
type Config struct {
	Provider   string            `json:"provider"`
	Credential string            `json:"credential"`
	Operation  string            `json:"operation"`
	Object     string            `json:"object"`
	Match      map[string]string `json:"match"`
	Properties map[string]string `json:"properties"`
	OwnerEmail string            `json:"ownerEmail"`
	Note       string            `json:"note"`
	BaseURL    string            `json:"baseUrl"`
}

func init() {
	nodes.Register(Spec())
	nodes.RegisterRuntime(Type, Version, Build)
}

// Spec returns the spec of the crm action.
func Spec() nodes.Spec {
	return nodes.Spec{
		Type:    Type,
		Version: Version,
		Kind:    nodes.KindAction,
		Label:   "CRM",
		Description: "Keeps HubSpot, Zoho CRM or Salesforce in step with your chats: creates " +
			"or updates a contact or lead, gives a record to the agent handling the chat, " +
			"or adds a note.",
		Ports:  []nodes.Port{nodes.OutPort(), nodes.ErrorPort()},
		Fields: fields(),
		Outputs: "{\"provider\": \"hubspot\", \"operation\": \"setOwner\", \"object\": \"contact\", " +
			"\"id\": \"<record id>\", \"created\": false, \"ownerId\": \"<setOwner>\", \"noteId\": \"<addNote>\"}",
	}
}

func fields() []nodes.Field {
	return []nodes.Field{
		{
			Name: FieldProvider, Label: "CRM", Kind: nodes.FieldSelect, Required: true,
			Help: "The CRM to work with.",
			Options: []nodes.Option{
				{Value: ProviderHubSpot, Label: "HubSpot"},
				{Value: ProviderZoho, Label: "Zoho CRM"},
				{Value: ProviderSalesforce, Label: "Salesforce"},
			},
		},
		{
			Name: FieldCredential, Label: "Credential", Kind: nodes.FieldCredential, Required: true,
			Help:            "The stored connection to the chosen CRM.",
			CredentialTypes: []string{ProviderHubSpot, ProviderZoho, ProviderSalesforce},
		},
		{
			Name: FieldOperation, Label: "Operation", Kind: nodes.FieldSelect, Required: true,
			Help: "What to do in the CRM. Each operation first finds the record as set below; " +
				"creating or updating and setting the owner create it when none is found, adding " +
				"a note needs it to exist.",
			Options: []nodes.Option{
				{Value: OpUpsertContact, Label: "Create or update contact/lead"},
				{Value: OpSetOwner, Label: "Set owner by agent email"},
				{Value: OpAddNote, Label: "Add note"},
			},
		},
		{
			Name: FieldObject, Label: "Record type", Kind: nodes.FieldSelect, Default: ObjectContact,
			Help: "Whether the customer is kept as a contact or as a lead. HubSpot keeps leads as " +
				"contacts whose lifecycle stage is \"lead\".",
			Options: []nodes.Option{
				{Value: ObjectContact, Label: "Contact"},
				{Value: ObjectLead, Label: "Lead"},
			},
		},
		{
			Name: FieldMatch, Label: "Find the record by", Kind: nodes.FieldKeyValue, Templates: true,
			Help: "How the record is found: a phone key, an email key, or both, with the " +
				"values to look for, such as phone = {{ vars.customer_number }}.",
		},
		{
			Name: FieldProperties, Label: "Fields to write", Kind: nodes.FieldKeyValue, Templates: true,
			Help: "CRM field names and the values to write into them, such as " +
				"firstname = {{ vars.first_name }}. Use the CRM's internal field names. Values " +
				"that come out empty are not written. A record that does not exist yet is " +
				"created; Zoho and Salesforce then need a last name (Last_Name, LastName), " +
				"and the phone or email stands in when none is given.",
			When: &nodes.Condition{Field: FieldOperation, Equals: []string{OpUpsertContact, OpSetOwner}},
		},
		{
			Name: FieldOwnerEmail, Label: "Agent email", Kind: nodes.FieldString, Required: true, Templates: true,
			Help:        "The record gets as owner the CRM user with this email.",
			Placeholder: "{{ vars.agent_email }}",
			When:        &nodes.Condition{Field: FieldOperation, Equals: []string{OpSetOwner}},
		},
		{
			Name: FieldNote, Label: "Note", Kind: nodes.FieldText, Required: true, Templates: true,
			Help: "The text of the note.",
			When: &nodes.Condition{Field: FieldOperation, Equals: []string{OpAddNote}},
		},
		{
			Name: FieldBaseURL, Label: "API base URL", Kind: nodes.FieldString,
			Help: "Leave empty for the provider's usual address. Set it for another data " +
				"centre (such as Zoho's EU or India servers) or a test server.",
			Placeholder: "https://www.zohoapis.eu",
		},
	}
}
