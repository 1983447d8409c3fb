// Package webhook registers the "On Webhook" trigger: a flow's own URL,
// /hook/{token}, that starts a run for every accepted request. It checks the
// method, the caller's authentication (basic, bearer, a header or an HMAC
// signature), the body size, a rate limit and an optional dedup key, maps
// request fields to run variables, and answers at once, with the last
// node's output, or with a respond node's answer.
package webhook

import "github.com/hookflow/hookflow/nodes"

// Type and Version identify this node type in a flow.
const (
	Type    = "webhook"
	Version = 1
)

// Field names of the webhook config.
const (
	FieldMethods         = "methods"
	FieldAuth            = "auth"
	FieldUsername        = "username"
	FieldPassword        = "password"
	FieldToken           = "token"
	FieldHeaderName      = "headerName"
	FieldHeaderValue     = "headerValue"
	FieldSecret          = "secret"
	FieldResponseMode    = "responseMode"
	FieldResponseTimeout = "responseTimeout"
	FieldDedupPath       = "dedupPath"
	FieldDedupHeader     = "dedupHeader"
	FieldDedupWindow     = "dedupWindow"
	FieldMaxBodyBytes    = "maxBodyBytes"
	FieldRateLimit       = "rateLimit"
	FieldMappings        = nodes.MappingsFieldName
)

// Values of the auth field.
const (
	AuthNone             = "none"
	AuthBasic            = "basic"
	AuthBearer           = "bearer"
	AuthHeader           = "header"
	AuthHMACMeta         = "hmac_meta"
	AuthHMACGitHub       = "hmac_github"
	AuthStripe           = "stripe"
	AuthStandardWebhooks = "standard_webhooks"
)

// Values of the responseMode field.
const (
	ResponseImmediate   = "immediate"
	ResponseLastNode    = "lastNode"
	ResponseRespondNode = "respondNode"
)

// Body size bounds, in bytes.
const (
	DefaultMaxBodyBytes = 1 << 20
	LimitMaxBodyBytes   = 16 << 20
)

// Config is the decoded config of a webhook node.
type Config struct {
	Methods         []string        `json:"methods"`
	Auth            string          `json:"auth"`
	Username        string          `json:"username"`
	Password        string          `json:"password"`
	Token           string          `json:"token"`
	HeaderName      string          `json:"headerName"`
	HeaderValue     string          `json:"headerValue"`
	Secret          string          `json:"secret"`
	ResponseMode    string          `json:"responseMode"`
	ResponseTimeout nodes.Duration  `json:"responseTimeout"`
	DedupPath       string          `json:"dedupPath"`
	DedupHeader     string          `json:"dedupHeader"`
	DedupWindow     nodes.Duration  `json:"dedupWindow"`
	MaxBodyBytes    int64           `json:"maxBodyBytes"`
	RateLimit       int             `json:"rateLimit"`
	Mappings        []nodes.Mapping `json:"mappings"`
}

func init() {
	nodes.Register(Spec())
	nodes.RegisterRuntime(Type, Version, Build)
}

// Spec returns the spec of the webhook trigger.
func Spec() nodes.Spec {
	return nodes.Spec{
		Type:     Type,
		Version:  Version,
		Kind:     nodes.KindTrigger,
		InMemory: true,
		Label:    "On Webhook",
		Description: "Starts the flow when a request arrives at the flow's own URL. " +
			"Point an external tool or chat platform at that URL, click Capture Response " +
			"to catch a real request, then click its fields to map them.",
		Ports:   []nodes.Port{nodes.OutPort()},
		Fields:  fields(),
		Outputs: "trigger.method, trigger.path, trigger.headers.*, trigger.query.*, trigger.body.*",
	}
}

func fields() []nodes.Field {
	out := []nodes.Field{{
		Name:    FieldMethods,
		Label:   "Allowed methods",
		Kind:    nodes.FieldMultiSelect,
		Help:    "The HTTP methods the URL accepts; other methods are refused with 405.",
		Default: []string{"POST"},
		Options: methodOptions,
	}}
	out = append(out, authFields()...)
	out = append(out, responseFields()...)
	out = append(out, limitFields()...)
	return append(out, nodes.MappingsField())
}

var methodOptions = []nodes.Option{
	{Value: "GET", Label: "GET"},
	{Value: "POST", Label: "POST"},
	{Value: "PUT", Label: "PUT"},
	{Value: "PATCH", Label: "PATCH"},
	{Value: "DELETE", Label: "DELETE"},
	{Value: "HEAD", Label: "HEAD"},
}

func authFields() []nodes.Field {
	when := func(values ...string) *nodes.Condition {
		return &nodes.Condition{Field: FieldAuth, Equals: values}
	}
	return []nodes.Field{
		{
			Name:  FieldAuth,
			Label: "Authentication",
			Kind:  nodes.FieldSelect,
			Help: "How the sender proves who it is. Requests that fail the check are " +
				"refused with 401 and start no run. Pick the preset of the platform that " +
				"sends the webhooks when it signs them.",
			Default: AuthNone,
			Options: []nodes.Option{
				{Value: AuthNone, Label: "None"},
				{Value: AuthBasic, Label: "Basic auth (username and password)"},
				{Value: AuthBearer, Label: "Bearer token"},
				{Value: AuthHeader, Label: "Secret header"},
				{Value: AuthHMACMeta, Label: "Meta X-Hub-Signature-256"},
				{Value: AuthHMACGitHub, Label: "GitHub X-Hub-Signature-256"},
				{Value: AuthStripe, Label: "Stripe-Signature"},
				{Value: AuthStandardWebhooks, Label: "Standard Webhooks"},
			},
		},
		{
			Name: FieldUsername, Label: "Username", Kind: nodes.FieldString, Required: true,
			Help: "The username the sender must send.", When: when(AuthBasic),
		},
		{
			Name: FieldPassword, Label: "Password", Kind: nodes.FieldString, Required: true, Secret: true,
			Help: "The password the sender must send.", When: when(AuthBasic),
		},
		{
			Name: FieldToken, Label: "Token", Kind: nodes.FieldString, Required: true, Secret: true,
			Help: "The sender must send the header Authorization: Bearer <token>.",
			When: when(AuthBearer),
		},
		{
			Name: FieldHeaderName, Label: "Header name", Kind: nodes.FieldString, Required: true,
			Help: "The request header that carries the secret value.", Placeholder: "X-Api-Key",
			When: when(AuthHeader),
		},
		{
			Name: FieldHeaderValue, Label: "Header value", Kind: nodes.FieldString, Required: true, Secret: true,
			Help: "The value the header must have.", When: when(AuthHeader),
		},
		{
			Name: FieldSecret, Label: "Signing secret", Kind: nodes.FieldString, Required: true, Secret: true,
			Help: "The secret the sender signs the request body with: the app secret for Meta, " +
				"the webhook secret for GitHub, the endpoint's signing secret (whsec_...) for " +
				"Stripe and Standard Webhooks.",
			When: when(AuthHMACMeta, AuthHMACGitHub, AuthStripe, AuthStandardWebhooks),
		},
	}
}

func responseFields() []nodes.Field {
	return []nodes.Field{
		{
			Name:  FieldResponseMode,
			Label: "Respond",
			Kind:  nodes.FieldSelect,
			Help: "When and with what the sender gets its answer. Immediately answers 202 " +
				"with the run id before the flow runs; the other two wait for the flow.",
			Default: ResponseImmediate,
			Options: []nodes.Option{
				{Value: ResponseImmediate, Label: "Immediately (202 with the run id)"},
				{Value: ResponseLastNode, Label: "With the last step's output"},
				{Value: ResponseRespondNode, Label: "With a Respond to Webhook step"},
			},
		},
		{
			Name:  FieldResponseTimeout,
			Label: "Response timeout",
			Kind:  nodes.FieldDuration,
			Help: "How long the sender waits for the answer. When the flow takes longer, " +
				"the sender gets 202 with the run id and the run goes on.",
			Default: "10s",
			When:    &nodes.Condition{Field: FieldResponseMode, Equals: []string{ResponseLastNode, ResponseRespondNode}},
		},
	}
}

func limitFields() []nodes.Field {
	return []nodes.Field{
		{
			Name:  FieldDedupPath,
			Label: "Dedup key field",
			Kind:  nodes.FieldPath,
			Help: "A field that is the same when the sender repeats a request, such as its " +
				"event id. A repeated request is answered but starts no second run.",
			Placeholder: "body.id",
		},
		{
			Name:        FieldDedupHeader,
			Label:       "Dedup key header",
			Kind:        nodes.FieldString,
			Help:        "A request header that carries such a key instead, such as the sender's delivery id.",
			Placeholder: "X-Request-Id",
		},
		{
			Name:    FieldDedupWindow,
			Label:   "Dedup window",
			Kind:    nodes.FieldDuration,
			Help:    "How long a dedup key is remembered.",
			Default: "24h",
		},
		{
			Name:    FieldMaxBodyBytes,
			Label:   "Body size limit (bytes)",
			Kind:    nodes.FieldInteger,
			Help:    "Larger requests are refused with 413. The default is 1 MiB.",
			Default: DefaultMaxBodyBytes,
			Min:     nodes.Float(1),
			Max:     nodes.Float(LimitMaxBodyBytes),
		},
		{
			Name:  FieldRateLimit,
			Label: "Rate limit (requests per second)",
			Kind:  nodes.FieldInteger,
			Help: "The most requests per second this flow accepts; more are refused with 429 " +
				"and a Retry-After header. 0 means no limit.",
			Default: 0,
			Min:     nodes.Float(0),
		},
	}
}
