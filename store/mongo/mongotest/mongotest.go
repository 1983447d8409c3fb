// Package mongotest starts a MongoDB-wire server for tests: FerretDB v1
// embedded in the test process, keeping its data in SQLite files under the
// test's temporary directory. Its rule: only _test.go files import it, so
// FerretDB never reaches the hookflow binary (a test of this package checks
// the whole module).
package mongotest

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Start runs a FerretDB server until t and its subtests end, and returns
// its mongodb:// URI. Callers must disconnect their clients before then,
// in a cleanup of t or of a subtest; Start's own cleanup, registered
// first, runs last.
func Start(t testing.TB) (uri string) {
	t.Helper()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Logger:    slog.New(slog.DiscardHandler),
		Handler:   "sqlite",
		SQLiteURL: "file:" + t.TempDir() + "/",
	})
	if err != nil {
		t.Fatalf("start FerretDB: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := f.Run(ctx); err != nil {
			t.Errorf("run FerretDB: %v", err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	// MongoDBURI waits until Run has the listener accepting.
	return f.MongoDBURI()
}

// dbSeq numbers the databases DatabaseName hands out in this process.
var dbSeq atomic.Int64

// dbRun tells apart the processes that share one server, such as the
// test binaries of several packages run against one real MongoDB.
var dbRun = rand.Text()[:8]

// DatabaseName returns a database name that no other call returns, even
// from another process, so that each test can have a database of its own.
// It suits both FerretDB's and MongoDB's rules for names.
func DatabaseName() string {
	return fmt.Sprintf("hftest_%s_%d", dbRun, dbSeq.Add(1))
}
