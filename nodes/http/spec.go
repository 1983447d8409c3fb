// Package http registers the HTTP request action: it calls a URL with a
// method, headers, query, a JSON or form body and optional BASIC or BEARER
// auth from a stored credential, retries timeouts, 5xx and 429 answers with
// backoff, and outputs the response as {status, headers, body}.
package http

import (
	"encoding/json"

	"github.com/hookflow/hookflow/nodes"
)

// Type and Version identify this node type in a flow.
const (
	Type    = "http"
	Version = 1
)

// Field names of the http config.
const (
	FieldMethod          = "method"
	FieldURL             = "url"
	FieldHeaders         = "headers"
	FieldQuery           = "query"
	FieldBodyFormat      = "bodyFormat"
	FieldBody            = "body"
	FieldForm            = "form"
	FieldAuthType        = "authType"
	FieldCredential      = "credential"
	FieldTimeout         = "timeout"
	FieldRetries         = "retries"
	FieldRetryOnTimeout  = "retryOnTimeout"
	FieldRetryOn5xx      = "retryOn5xx"
	FieldRetryOn429      = "retryOn429"
	FieldSuccessOnNon2xx = "successOnNon2xx"
)

// Values of the bodyFormat field, as the outbound registration API spells
// them.
const (
	BodyJSON     = "JSON"
	BodyFormData = "FORM_DATA"
)

// Values of the authType field.
const (
	AuthNone   = "none"
	AuthBasic  = "BASIC"
	AuthBearer = "BEARER"
)

// MaxRetries bounds the retries field.
const MaxRetries = 10

// Config is the decoded config of an http node.
type Config struct {
	Method          string            `json:"method"`
	URL             string            `json:"url"`
	Headers         map[string]string `json:"headers"`
	Query           map[string]string `json:"query"`
	BodyFormat      string            `json:"bodyFormat"`
	Body            json.RawMessage   `json:"body"`
	Form            map[string]string `json:"form"`
	AuthType        string            `json:"authType"`
	Credential      string            `json:"credential"`
	Timeout         nodes.Duration    `json:"timeout"`
	Retries         int               `json:"retries"`
	RetryOnTimeout  bool              `json:"retryOnTimeout"`
	RetryOn5xx      bool              `json:"retryOn5xx"`
	RetryOn429      bool              `json:"retryOn429"`
	SuccessOnNon2xx bool              `json:"successOnNon2xx"`
}

func init() {
	nodes.Register(Spec())
	nodes.RegisterRuntime(Type, Version, Build)
}

// Spec returns the spec of the http action.
func Spec() nodes.Spec {
	return nodes.Spec{
		Type:    Type,
		Version: Version,
		Kind:    nodes.KindAction,
		Label:   "HTTP Request",
		Description: "Calls any HTTP API and passes its answer on as status, headers and body, " +
			"so later steps can use fields of the response.",
		Ports:   []nodes.Port{nodes.OutPort(), nodes.ErrorPort()},
		Fields:  append(requestFields(), deliveryFields()...),
		Outputs: "{\"status\": 200, \"headers\": {...}, \"body\": <parsed JSON, or text>}",
	}
}

func requestFields() []nodes.Field {
	return []nodes.Field{
		{
			Name:    FieldMethod,
			Label:   "Method",
			Kind:    nodes.FieldSelect,
			Help:    "The HTTP method the API expects: usually GET to read and POST to send.",
			Default: "POST",
			Options: []nodes.Option{
				{Value: "GET", Label: "GET"},
				{Value: "POST", Label: "POST"},
				{Value: "PUT", Label: "PUT"},
				{Value: "DELETE", Label: "DELETE"},
				{Value: "PATCH", Label: "PATCH"},
				{Value: "HEAD", Label: "HEAD"},
			},
		},
		{
			Name: FieldURL, Label: "URL", Kind: nodes.FieldString, Required: true, Templates: true,
			Help:        "The full address to call, starting with https:// or http://.",
			Placeholder: "https://api.example.com/customers/{{ vars.customer_number }}",
		},
		{
			Name: FieldHeaders, Label: "Headers", Kind: nodes.FieldKeyValue, Templates: true,
			Help: "Extra request headers, such as X-Api-Key.",
		},
		{
			Name: FieldQuery, Label: "Query parameters", Kind: nodes.FieldKeyValue, Templates: true,
			Help: "Added to the URL as ?name=value.",
		},
		{
			Name:    FieldBodyFormat,
			Label:   "Body format",
			Kind:    nodes.FieldSelect,
			Help:    "How the body is encoded: JSON, or form fields as an HTML form sends them.",
			Default: BodyJSON,
			Options: []nodes.Option{
				{Value: BodyJSON, Label: "JSON"},
				{Value: BodyFormData, Label: "Form fields"},
			},
		},
		{
			Name: FieldBody, Label: "Body", Kind: nodes.FieldJSON, Templates: true,
			Help: "The JSON to send. A value that is a single template, such as " +
				"\"{{ nodes.lookup.body.items }}\", keeps the type of what it names.",
			Placeholder: "{\"phone\": \"{{ vars.customer_number }}\"}",
			When:        &nodes.Condition{Field: FieldBodyFormat, Equals: []string{BodyJSON}},
		},
		{
			Name: FieldForm, Label: "Form fields", Kind: nodes.FieldKeyValue, Templates: true,
			Help: "Field names and values, sent URL-encoded.",
			When: &nodes.Condition{Field: FieldBodyFormat, Equals: []string{BodyFormData}},
		},
		{
			Name:    FieldAuthType,
			Label:   "Authentication",
			Kind:    nodes.FieldSelect,
			Help:    "How the call proves who it is, with a stored credential.",
			Default: AuthNone,
			Options: []nodes.Option{
				{Value: AuthNone, Label: "None"},
				{Value: AuthBasic, Label: "Basic auth"},
				{Value: AuthBearer, Label: "Bearer token"},
			},
		},
		{
			Name: FieldCredential, Label: "Credential", Kind: nodes.FieldCredential, Required: true,
			Help:            "The stored username and password, or token, to send.",
			CredentialTypes: []string{"basic", "bearer"},
			When:            &nodes.Condition{Field: FieldAuthType, Equals: []string{AuthBasic, AuthBearer}},
		},
	}
}

func deliveryFields() []nodes.Field {
	return []nodes.Field{
		{
			Name: FieldTimeout, Label: "Timeout", Kind: nodes.FieldDuration, Default: "15s",
			Help: "How long to wait for the answer to one attempt.",
		},
		{
			Name: FieldRetries, Label: "Retries", Kind: nodes.FieldInteger, Default: 3,
			Help: "How many more times to try, waiting longer each time, when an attempt " +
				"fails in one of the ways chosen below.",
			Min: nodes.Float(0), Max: nodes.Float(MaxRetries),
		},
		{
			Name: FieldRetryOnTimeout, Label: "Retry on timeout", Kind: nodes.FieldBool, Default: true,
			Help: "Try again when no answer came in time or the connection failed.",
		},
		{
			Name: FieldRetryOn5xx, Label: "Retry on server errors (5xx)", Kind: nodes.FieldBool, Default: true,
			Help: "Try again when the server answers with a 500-599 status.",
		},
		{
			Name: FieldRetryOn429, Label: "Retry when rate limited (429)", Kind: nodes.FieldBool, Default: true,
			Help: "Try again when the server answers 429, after the wait it asks for.",
		},
		{
			Name: FieldSuccessOnNon2xx, Label: "Accept any status", Kind: nodes.FieldBool, Default: false,
			Help: "Continue on \"out\" whatever the status. When off, a status outside " +
				"200-299 takes the \"error\" port.",
		},
	}
}
