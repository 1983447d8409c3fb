package mongo

import (
	"testing"

	"github.com/hookflow/hookflow/store/mongo/mongotest"
	"github.com/hookflow/hookflow/store/storetest"
)

func TestCredentials_Contract(t *testing.T) {
	t.Parallel()
	srv := newServer(t, mongotest.Start(t))
	storetest.Credentials(t, srv.openStore(t))
}
