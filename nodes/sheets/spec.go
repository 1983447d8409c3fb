// Package sheets registers the Google Sheets action: with a stored Google
// credential (service account or OAuth) it appends a row, updates the row
// whose match column holds a value, or looks up the rows that match.
package sheets

import "github.com/hookflow/hookflow/nodes"

// Type and Version identify this node type in a flow.
const (
	Type    = "sheets"
	Version = 1
)

// Field names of the sheets config.
const (
	FieldCredential    = "credential"
	FieldSpreadsheetID = "spreadsheetId"
	FieldSheet         = "sheet"
	FieldOperation     = "operation"
	FieldValues        = "values"
	FieldMatchColumn   = "matchColumn"
	FieldMatchValue    = "matchValue"
	FieldBaseURL       = "baseUrl"
)

// Values of the operation field.
const (
	OpAppend = "append"
	OpUpdate = "update"
	OpLookup = "lookup"
)

// CredentialType is the credential type the node takes.
const CredentialType = "google"

// Config is the decoded config of a sheets node.
type Config struct {
	Credential    string            `json:"credential"`
	SpreadsheetID string            `json:"spreadsheetId"`
	Sheet         string            `json:"sheet"`
	Operation     string            `json:"operation"`
	Values        map[string]string `json:"values"`
	MatchColumn   string            `json:"matchColumn"`
	MatchValue    string            `json:"matchValue"`
	BaseURL       string            `json:"baseUrl"`
}

func init() {
	nodes.Register(Spec())
	nodes.RegisterRuntime(Type, Version, Build)
}

// Spec returns the spec of the sheets action.
func Spec() nodes.Spec {
	return nodes.Spec{
		Type:    Type,
		Version: Version,
		Kind:    nodes.KindAction,
		Label:   "Google Sheets",
		Description: "Adds a row to a Google Sheet, updates the row that matches a value, " +
			"or looks rows up. Columns are named by the sheet's header row.",
		Ports:  []nodes.Port{nodes.OutPort(), nodes.ErrorPort()},
		Fields: fields(),
		Outputs: "append and update: {\"spreadsheetId\", \"sheet\", \"operation\", \"updatedRange\", " +
			"\"rowNumber\": 7, \"row\": {\"<header>\": \"<value>\", ...}}; lookup: {\"spreadsheetId\", " +
			"\"sheet\", \"operation\", \"count\": 1, \"rows\": [{\"<header>\": \"<value>\", ...}], \"rowNumbers\": [7]}",
	}
}

func fields() []nodes.Field {
	matching := &nodes.Condition{Field: FieldOperation, Equals: []string{OpUpdate, OpLookup}}
	return []nodes.Field{
		{
			Name: FieldCredential, Label: "Google account", Kind: nodes.FieldCredential, Required: true,
			Help: "A stored service account or OAuth connection. The sheet must be shared " +
				"with it.",
			CredentialTypes: []string{CredentialType},
		},
		{
			Name: FieldSpreadsheetID, Label: "Spreadsheet ID", Kind: nodes.FieldString,
			Required: true, Templates: true,
			Help: "The long ID in the sheet's address: " +
				"docs.google.com/spreadsheets/d/<ID>/edit.",
			Placeholder: "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms",
		},
		{
			Name: FieldSheet, Label: "Sheet (tab)", Kind: nodes.FieldString, Default: "Sheet1",
			Help: "The name of the tab inside the spreadsheet.",
		},
		{
			Name: FieldOperation, Label: "Operation", Kind: nodes.FieldSelect, Required: true,
			Help: "Add a new row at the end, change the row that matches, or read the rows that match.",
			Options: []nodes.Option{
				{Value: OpAppend, Label: "Append a row"},
				{Value: OpUpdate, Label: "Update the matching row"},
				{Value: OpLookup, Label: "Look up matching rows"},
			},
		},
		{
			Name: FieldValues, Label: "Values", Kind: nodes.FieldKeyValue, Templates: true,
			Help: "Column header to value, such as Phone = {{ vars.customer_number }}. " +
				"Columns left out are left as they are.",
			When: &nodes.Condition{Field: FieldOperation, Equals: []string{OpAppend, OpUpdate}},
		},
		{
			Name: FieldMatchColumn, Label: "Match column", Kind: nodes.FieldString, Required: true,
			Help:        "The header of the column that identifies the row.",
			Placeholder: "Phone",
			When:        matching,
		},
		{
			Name: FieldMatchValue, Label: "Match value", Kind: nodes.FieldString, Required: true,
			Templates:   true,
			Help:        "The value the match column must hold.",
			Placeholder: "{{ vars.customer_number }}",
			When:        matching,
		},
		{
			Name: FieldBaseURL, Label: "API base URL", Kind: nodes.FieldString,
			Help:        "Leave empty for Google's address. Set it only to point at a test server.",
			Placeholder: "https://sheets.googleapis.com/",
		},
	}
}
