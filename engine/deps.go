package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/internal/safehttp"
	"github.com/hookflow/hookflow/nodes"
)

// defaultClient serves an Executor whose Deps have no client: it refuses
// every special address.
var defaultClient = sync.OnceValue(func() *safehttp.Client { return safehttp.New(safehttp.Options{}) })

func (c *runCtx) HTTPClient() *http.Client {
	if h := c.x.e.Deps.HTTP; h != nil {
		return h.Client
	}
	return defaultClient().Client
}

func (c *runCtx) Credential(ctx context.Context, id string) (*credentials.Resolved, error) {
	if id == "" {
		return nil, errors.New("no credential is chosen")
	}
	r := c.x.e.Deps.Credentials
	if r == nil {
		return nil, fmt.Errorf("credential %s: this installation keeps no credentials", id)
	}
	cred, err := r.Resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	c.creds = append(c.creds, cred)
	return cred, nil
}

func (c *runCtx) Sleep(ctx context.Context, d time.Duration) error {
	if s := c.x.e.Deps.Sleep; s != nil {
		return s(ctx, d)
	}
	return safehttp.Sleep(ctx, d)
}

// redact hides the secret values of the credentials the step opened from
// all it gave: input, output, variables, response and error. It runs
// before the step is recorded, so later nodes never see them either.
func (c *runCtx) redact(n *planNode, res nodes.Result, err error) (nodes.Result, error) {
	if len(c.creds) == 0 {
		return res, err
	}
	var secrets []string
	for _, cred := range c.creds {
		secrets = append(secrets, cred.Secrets()...)
	}
	if len(res.Input) == 0 {
		// The config itself may hold a pasted secret; n.input is shared,
		// so a changed copy becomes the step's input.
		if in := credentials.RedactJSON(n.input, secrets); !bytes.Equal(in, n.input) {
			res.Input = in
		}
	} else {
		res.Input = credentials.RedactJSON(res.Input, secrets)
	}
	res.Output = credentials.RedactJSON(res.Output, secrets)
	res.Vars = credentials.RedactJSON(res.Vars, secrets)
	res.Response = credentials.RedactJSON(res.Response, secrets)
	if err != nil {
		if msg := credentials.RedactString(err.Error(), secrets); msg != err.Error() {
			err = errors.New(msg)
		}
	}
	return res, err
}
