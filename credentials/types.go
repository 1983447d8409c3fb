package credentials

import (
	"slices"
	"strings"
)

// Credential types.
const (
	TypeBasic      = "basic"
	TypeBearer     = "bearer"
	TypeHeader     = "header"
	TypeHubSpot    = "hubspot"
	TypeZoho       = "zoho"
	TypeSalesforce = "salesforce"
	TypeGoogle     = "google"
)

// Field names of the credential types.
const (
	FieldUsername           = "username"
	FieldPassword           = "password"
	FieldToken              = "token"
	FieldHeaderName         = "headerName"
	FieldHeaderValue        = "headerValue"
	FieldClientID           = "clientId"
	FieldClientSecret       = "clientSecret"
	FieldRefreshToken       = "refreshToken"
	FieldDataCenter         = "dataCenter"
	FieldInstanceURL        = "instanceUrl"
	FieldLoginURL           = "loginUrl"
	FieldAuthType           = "authType"
	FieldServiceAccountJSON = "serviceAccountJson"
	FieldClientEmail        = "clientEmail"
)

// Values of the google authType field.
const (
	GoogleServiceAccount = "serviceAccount"
	GoogleOAuth          = "oauth"
)

// DefaultSalesforceLogin is the login URL of production orgs; sandboxes
// use https://test.salesforce.com.
const DefaultSalesforceLogin = "https://login.salesforce.com"

// Field describes one field of a credential type, for validation and for
// the UI's form.
type Field struct {
	Name     string   `json:"name"`
	Label    string   `json:"label"`
	Help     string   `json:"help,omitempty"`
	Secret   bool     `json:"secret,omitempty"`
	Required bool     `json:"required,omitempty"`
	Default  string   `json:"default,omitempty"`
	Options  []string `json:"options,omitempty"`
	// Multiline marks a value pasted as a block (a JSON key file).
	Multiline bool `json:"multiline,omitempty"`
	// Derived marks a field filled from the others, never given.
	Derived bool `json:"derived,omitempty"`
	// When makes the field apply only when another field has one of the
	// listed values.
	When *When `json:"when,omitempty"`
	// URL marks an http(s) address, checked when the credential is saved.
	URL bool `json:"url,omitempty"`
}

// When makes a field apply for some values of another field.
type When struct {
	Field  string   `json:"field"`
	Equals []string `json:"equals"`
}

// TypeDef describes a credential type.
type TypeDef struct {
	Type   string  `json:"type"`
	Label  string  `json:"label"`
	Help   string  `json:"help"`
	Fields []Field `json:"fields"`
}

// Field returns the field called name.
func (d *TypeDef) Field(name string) (Field, bool) {
	for _, f := range d.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// applies reports whether f applies given the values of the other fields.
func (f *Field) applies(values map[string]string) bool {
	return f.When == nil || slices.Contains(f.When.Equals, values[f.When.Field])
}

// ZohoDataCenters lists Zoho's data centres by the domain suffix that
// names them.
var ZohoDataCenters = []string{"com", "eu", "in", "com.au", "jp", "ca", "com.cn", "sa"}

// ZohoAccountsURL returns the accounts server (token endpoint host) of a
// Zoho data centre.
func ZohoAccountsURL(dc string) string {
	if dc == "ca" {
		return "https://accounts.zohocloud.ca"
	}
	return "https://accounts.zoho." + dc
}

// ZohoAPIURL returns the API domain of a Zoho data centre.
func ZohoAPIURL(dc string) string { return "https://www.zohoapis." + dc }

var clientFields = []Field{
	{Name: FieldClientID, Label: "Client ID", Required: true},
	{Name: FieldClientSecret, Label: "Client secret", Secret: true, Required: true},
	{Name: FieldRefreshToken, Label: "Refresh token", Secret: true, Required: true,
		Help: "Made once when the connection is authorized; it does not expire on its own."},
}

var typeDefs = []TypeDef{
	{Type: TypeBasic, Label: "Username and password", Help: "Sent as HTTP Basic authentication.", Fields: []Field{
		{Name: FieldUsername, Label: "Username", Required: true},
		{Name: FieldPassword, Label: "Password", Secret: true, Required: true},
	}},
	{Type: TypeBearer, Label: "Bearer token", Help: "Sent as Authorization: Bearer <token>.", Fields: []Field{
		{Name: FieldToken, Label: "Token", Secret: true, Required: true},
	}},
	{Type: TypeHeader, Label: "Secret header", Help: "A header such as X-Api-Key with a secret value.", Fields: []Field{
		{Name: FieldHeaderName, Label: "Header name", Required: true},
		{Name: FieldHeaderValue, Label: "Header value", Secret: true, Required: true},
	}},
	{Type: TypeHubSpot, Label: "HubSpot", Help: "A private app's access token, with the scopes " +
		"crm.objects.contacts.read, crm.objects.contacts.write and crm.objects.owners.read.", Fields: []Field{
		{Name: FieldToken, Label: "Private app token", Secret: true, Required: true},
	}},
	{Type: TypeZoho, Label: "Zoho CRM", Help: "A self client or server-based client of the Zoho API console, " +
		"and a refresh token made with the scopes ZohoCRM.modules.ALL and ZohoCRM.users.READ.",
		Fields: append([]Field{{Name: FieldDataCenter, Label: "Data centre", Required: true, Default: "com",
			Options: ZohoDataCenters, Help: "The ending of your Zoho address: com, eu, in, com.au, jp, ca, com.cn or sa."}},
			clientFields...)},
	{Type: TypeSalesforce, Label: "Salesforce", Help: "A connected app's consumer key and secret, and a " +
		"refresh token made with the api and refresh_token scopes.", Fields: append(append([]Field{}, clientFields...),
		Field{Name: FieldInstanceURL, Label: "Instance URL", Required: true, URL: true,
			Help: "Your org's address, such as https://yourcompany.my.salesforce.com."},
		Field{Name: FieldLoginURL, Label: "Login URL", Default: DefaultSalesforceLogin, URL: true,
			Help: "https://test.salesforce.com for a sandbox."})},
	{Type: TypeGoogle, Label: "Google", Help: "A service account (share the sheet with its email), or an " +
		"OAuth client and refresh token.", Fields: googleFields()},
}

func googleFields() []Field {
	sa := &When{Field: FieldAuthType, Equals: []string{GoogleServiceAccount}}
	oauth := &When{Field: FieldAuthType, Equals: []string{GoogleOAuth}}
	return []Field{
		{Name: FieldAuthType, Label: "Kind", Required: true, Default: GoogleServiceAccount,
			Options: []string{GoogleServiceAccount, GoogleOAuth}},
		{Name: FieldServiceAccountJSON, Label: "Service account key (JSON)", Secret: true, Required: true,
			Multiline: true, When: sa, Help: "The JSON key file downloaded from the Google Cloud console."},
		{Name: FieldClientEmail, Label: "Service account email", Derived: true, When: sa,
			Help: "Share the spreadsheet with this address."},
		{Name: FieldClientID, Label: "Client ID", Required: true, When: oauth},
		{Name: FieldClientSecret, Label: "Client secret", Secret: true, Required: true, When: oauth},
		{Name: FieldRefreshToken, Label: "Refresh token", Secret: true, Required: true, When: oauth},
	}
}

// Types returns the credential types, for the UI's forms.
func Types() []TypeDef { return typeDefs }

// LookupType returns the definition of typ.
func LookupType(typ string) (*TypeDef, bool) {
	for i := range typeDefs {
		if typeDefs[i].Type == typ {
			return &typeDefs[i], true
		}
	}
	return nil, false
}

func typeNames() string {
	names := make([]string, len(typeDefs))
	for i, d := range typeDefs {
		names[i] = d.Type
	}
	return strings.Join(names, ", ")
}
