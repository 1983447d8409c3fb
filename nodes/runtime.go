package nodes

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/internal/safehttp"
)

// A node type's runtime has two halves. At plan time its BuildFunc gets a
// Builder, decodes the config and compiles every template, expression and
// path once; the Runner it returns is shared by every run of the plan, from
// many goroutines, so it holds no per-run state. At run time the engine
// calls Runner.Run with a RunContext that renders what was compiled against
// one run's data. The engine implements Builder and RunContext; node
// packages never import it.

// ErrMissing is wrapped by the error of a step that needed a value whose
// path named nothing: "trigger.body.customer.phone is missing".
var ErrMissing = errors.New("is missing")

// MissingError returns the error for a required value at path that is
// absent from the run's data.
func MissingError(path string) error { return fmt.Errorf("%s %w", path, ErrMissing) }

// FieldError is an error in one field of a node's config, so that it can
// be shown next to that field. Field is named as Builder names fields.
type FieldError struct {
	Field string
	Err   error
}

// Error returns the field's name and what is wrong with it.
func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *FieldError) Unwrap() error { return e.Err }

// FieldIndex names a field of a list item as Builder names it:
// FieldIndex("rules", 2, "value") is "rules[2].value".
func FieldIndex(list string, i int, field string) string {
	return list + "[" + strconv.Itoa(i) + "]." + field
}

// Template is a text or JSON field compiled by a Builder. A template that
// is one {{ placeholder }} alone keeps the JSON type of the value it names.
type Template interface {
	// Source returns the field as written in the flow.
	Source() string
}

// Expression is an expr expression compiled by a Builder.
type Expression interface {
	// Source returns the expression as written in the flow.
	Source() string
}

// Path is a gjson path into the run context compiled by a Builder.
type Path interface {
	// String returns the full context path, such as "trigger.body.amount".
	String() string
}

// Builder compiles a node's config when a plan is built. Field names are
// those of the spec; items of list fields are named "rules[2].value", and
// the spec field (here rules → value) decides whether a missing value is
// an error: it is when the field is Required. Its errors are *FieldError.
type Builder interface {
	// NodeID returns the id of the node being built.
	NodeID() string
	// Decode decodes the node's config into dst, a pointer to the node
	// type's Config, after filling the spec's defaults; unknown fields are
	// refused.
	Decode(dst any) error
	// Template compiles a text field that may hold {{ }} placeholders.
	Template(field, src string) (Template, error)
	// JSON compiles a JSON field whose strings may hold placeholders.
	// An empty raw compiles to null.
	JSON(field string, raw []byte) (Template, error)
	// Expression compiles an expression; with asBool it must give a
	// boolean (conditions, switch cases).
	Expression(field, src string, asBool bool) (Expression, error)
	// Path compiles a path. In a trigger it reads the trigger data
	// ("body.customer.phone"); elsewhere it starts with a context root
	// ("vars.agent_email").
	Path(field, p string) (Path, error)
	// DeclareVar declares that the node sets the variable vars.<name>.
	DeclareVar(name string) error
}

// RunContext is one run's data as a node sees it while it runs. Values it
// returns may point into the run's buffers: copy what outlives the step.
type RunContext interface {
	// RunID, FlowID and NodeID name the run, its flow and the running
	// node: what an idempotency key ({runId}:{nodeId}) is made of.
	RunID() string
	FlowID() string
	NodeID() string
	// Now is the engine's clock.
	Now() time.Time
	// StepStartedAt is when this node's step first started; a delay that
	// waited keeps its first start across continuations.
	StepStartedAt() time.Time
	// Trigger returns the run's trigger data as JSON.
	Trigger() []byte
	// Get reads a path; a missing value does not Exist.
	Get(p Path) gjson.Result
	// AppendJSON renders t as one JSON value: a single placeholder keeps
	// its type (null when missing), other text becomes a JSON string.
	AppendJSON(dst []byte, t Template) ([]byte, error)
	// AppendText renders t as text: strings unquoted, other values as
	// compact JSON, missing values empty.
	AppendText(dst []byte, t Template) ([]byte, error)
	// AppendString renders t as text, like AppendText, and appends it as
	// one JSON string: header values, query parameters.
	AppendString(dst []byte, t Template) ([]byte, error)
	// Value renders t as a value: a single placeholder gives what it
	// names, other text a string.
	Value(t Template) (gjson.Result, error)
	// Eval runs an expression; EvalBool one compiled with asBool, where
	// nil (a missing value) counts as false.
	Eval(e Expression) (any, error)
	EvalBool(e Expression) (bool, error)
	// SetVar sets vars.<name> to the JSON value raw for the rest of this
	// step; raw must not change afterwards. Result.Vars records the
	// variables a step set, and applies them for later nodes.
	SetVar(name string, raw []byte) error
	// NoteMissing records on the step that path named nothing and was
	// taken as empty.
	NoteMissing(path string)
	// HTTPClient returns the guarded client (internal/safehttp) that every
	// outgoing call of a node must use.
	HTTPClient() *http.Client
	// Credential opens stored credential id for this step. The engine
	// redacts the credential's secret values from the step's input,
	// output and error, and from what later nodes see of them.
	Credential(ctx context.Context, id string) (*credentials.Resolved, error)
	// Sleep waits d, or until ctx ends, between retries: the engine's
	// clock, so that tests do not wait.
	Sleep(ctx context.Context, d time.Duration) error
}

// Deps are what node runtimes reach the world with; the engine hands them
// out through RunContext.
type Deps struct {
	// HTTP is the guarded client of outgoing calls; nil is a client with
	// no allow-list.
	HTTP *safehttp.Client
	// Credentials opens stored credentials; nil makes every node that
	// needs one fail.
	Credentials CredentialResolver
	// Sleep waits between retries; nil waits on a timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// CredentialResolver opens stored credentials; *credentials.Service is
// one.
type CredentialResolver interface {
	Resolve(ctx context.Context, id string) (*credentials.Resolved, error)
}

// Result is what a node's run gave.
type Result struct {
	// Output is the node's output as JSON: nodes.<id>.* for later nodes.
	Output []byte
	// Port is the output the run continues by; "" is "out".
	Port string
	// Vars is a JSON object of the variables the node set.
	Vars []byte
	// Response is the answer to a webhook caller, as JSON
	// {"status", "headers", "body"}.
	Response []byte
	// WaitUntil, when set and in the future, makes the step wait: the
	// engine stores the run and runs the node again at that time.
	WaitUntil time.Time
	// Input, when set, replaces the step's recorded input (by default the
	// node's config with secrets redacted).
	Input []byte
	// Attempts, when above 1, is how many tries the node made (an HTTP
	// call retried after a timeout, say); the step records them.
	Attempts int
}

// Runner runs one node of a plan. It must be safe for concurrent use.
type Runner interface {
	Run(ctx context.Context, rc RunContext) (Result, error)
}

// BuildFunc builds the Runner of one node from its config.
type BuildFunc func(b Builder) (Runner, error)

// RegisterRuntime adds the runtime of node type typ at version to the
// Default registry. The spec must be registered first.
func RegisterRuntime(typ string, version int, build BuildFunc) {
	Default.RegisterRuntime(typ, version, build)
}

// RegisterRuntime adds the runtime of typ at version. It panics when the
// spec is unknown or a runtime is already there.
func (r *Registry) RegisterRuntime(typ string, version int, build BuildFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.specs[typ][version]; !ok || build == nil {
		panic(fmt.Sprintf("nodes: runtime %s v%d: register the spec first, and a non-nil build", typ, version))
	}
	if r.builds == nil {
		r.builds = map[string]map[int]BuildFunc{}
	}
	byVersion := r.builds[typ]
	if byVersion == nil {
		byVersion = map[int]BuildFunc{}
		r.builds[typ] = byVersion
	}
	if _, dup := byVersion[version]; dup {
		panic(fmt.Sprintf("nodes: runtime %s v%d: already registered", typ, version))
	}
	byVersion[version] = build
}

// Runtime returns the build function of typ at version, if one is
// registered.
func (r *Registry) Runtime(typ string, version int) (BuildFunc, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	b, ok := r.builds[typ][version]
	return b, ok
}
