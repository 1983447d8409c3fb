package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/credentials/credtest"
	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
)

// leaky is a node that opens a credential and gives its secret back, in
// its output and, when asked, its error, after three tries.
func leakySpec() nodes.Spec {
	return nodes.Spec{Type: "leaky", Version: 1, Kind: nodes.KindAction, Label: "Leaky",
		Description: "Echoes a credential's secret.", Ports: []nodes.Port{nodes.OutPort(), nodes.ErrorPort()},
		Fields: []nodes.Field{{Name: "credential", Label: "Credential", Kind: nodes.FieldCredential, CredentialTypes: []string{"bearer"}},
			{Name: "fail", Label: "Fail", Kind: nodes.FieldBool}}}
}

type leaky struct {
	credential string
	fail       bool
}

func (l *leaky) Run(ctx context.Context, rc nodes.RunContext) (nodes.Result, error) {
	cred, err := rc.Credential(ctx, l.credential)
	if err != nil {
		return nodes.Result{}, err
	}
	tok, err := cred.Token(ctx)
	if err != nil {
		return nodes.Result{}, err
	}
	if l.fail {
		return nodes.Result{Attempts: 3}, errors.New("the server said: bad token Bearer " + tok.AccessToken)
	}
	out := append(mapping.AppendString([]byte(`{"echo":`), "Bearer "+tok.AccessToken), '}')
	return nodes.Result{Output: out, Attempts: 3}, nil
}

func TestExecutor_RedactsCredentialSecrets(t *testing.T) {
	t.Parallel()
	env := credtest.New(t, credentials.Endpoints{})
	h := enginetest.New(t)
	h.UseDeps(env.Deps())
	h.Register(t, leakySpec(), func(b nodes.Builder) (nodes.Runner, error) {
		var cfg struct {
			Credential string `json:"credential"`
			Fail       bool   `json:"fail"`
		}
		if err := b.Decode(&cfg); err != nil {
			return nil, err
		}
		return &leaky{credential: cfg.Credential, fail: cfg.Fail}, nil
	})
	crd := env.Create(t, credentials.TypeBearer, "api", map[string]string{"token": "tok-9f8e7d-secret"})
	flow := `{"nodes": [{"id": "trigger", "type": "webhook", "typeVersion": 1},
	  {"id": "leak", "type": "leaky", "typeVersion": 1, "config": {"credential": "` + crd + `"}},
	  {"id": "copy", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "seen", "value": "{{ nodes.leak.echo }}"}]}}],
	 "edges": [{"from": "trigger", "to": "leak"}, {"from": "leak", "to": "copy"}]}`
	run := h.Run(t, flow, enginetest.Webhook(`{}`))
	run.RequireSucceeded(t)
	if got := run.Output(t, "leak", "echo").String(); got != "Bearer [redacted]" {
		t.Errorf("output echo %q", got)
	}
	if got := run.Var(t, "seen").String(); got != "Bearer [redacted]" {
		t.Errorf("a later node saw %q", got)
	}
	if st := run.Step(t, "leak"); st.Attempts != 3 {
		t.Errorf("attempts %d, want the 3 the node made", st.Attempts)
	}
	failed := h.Run(t, strings.Replace(flow, `"config": {"credential"`, `"config": {"fail": true, "credential"`, 1),
		enginetest.Webhook(`{}`))
	failed.RequireFailed(t, "step leak: the server said: bad token Bearer [redacted]")
	for _, r := range []*enginetest.Run{run, failed} {
		record, _ := json.Marshal(r.Run)
		if strings.Contains(string(record), "tok-9f8e7d-secret") {
			t.Errorf("the record holds the secret: %s", record)
		}
	}
}

func TestExecutor_NoCredentialsConfigured(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	h.Register(t, leakySpec(), func(nodes.Builder) (nodes.Runner, error) { return &leaky{credential: "crd_x"}, nil })
	run := h.Run(t, `{"nodes": [{"id": "trigger", "type": "webhook", "typeVersion": 1},
	  {"id": "leak", "type": "leaky", "typeVersion": 1}], "edges": [{"from": "trigger", "to": "leak"}]}`, enginetest.Webhook(`{}`))
	run.RequireFailed(t, "step leak: credential crd_x: this installation keeps no credentials")
}
