package sqlite

import (
	"testing"

	"github.com/hookflow/hookflow/store/storetest"
)

func TestCredentials_Contract(t *testing.T) {
	t.Parallel()
	s, _ := openTemp(t)
	storetest.Credentials(t, s)
}
