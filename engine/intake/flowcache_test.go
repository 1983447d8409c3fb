package intake

import (
	"context"
	"crypto/sha256"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
)

// tokenStore finds one flow by its token.
type tokenStore struct {
	store.Flows
	token string
	calls int
}

func (s *tokenStore) GetFlowByToken(_ context.Context, token string) (*flows.Flow, error) {
	s.calls++
	if token == s.token {
		return &flows.Flow{ID: "flw_1", HookToken: token}, nil
	}
	return nil, store.ErrNotFound
}

// TestFlowCache_KeyedByHash: the cache finds tokens by their SHA-256, so
// a token is never compared byte by byte with the tokens it holds, and a
// token that differs from a cached one in its last character is a miss
// that goes to the store, like any unknown token.
func TestFlowCache_KeyedByHash(t *testing.T) {
	t.Parallel()
	if k := reflect.TypeOf(flowCache{}.m).Key(); k != reflect.TypeOf([sha256.Size]byte{}) {
		t.Fatalf("the flow cache is keyed by %v, not by a SHA-256", k)
	}
	const token = "whk_abcdefghijklmnopqrstuvwxyz"
	st := &tokenStore{token: token}
	c := &flowCache{store: st, ttl: time.Minute}
	now := time.Unix(1_750_000_000, 0)
	if f, err := c.get(context.Background(), token, now); err != nil || f.ID != "flw_1" {
		t.Fatalf("valid token: %v, %v", f, err)
	}
	near := token[:len(token)-1] + "y"
	if _, err := c.get(context.Background(), near, now); !errors.Is(err, store.ErrNotFound) || st.calls != 2 {
		t.Fatalf("near token: %v after %d store reads", err, st.calls)
	}
}
