package safehttp

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestExplain gets each error from a real connection where it can: a port
// nothing listens on, a server that hangs up, a certificate nobody signed,
// HTTPS to a plain HTTP server.
func TestExplain(t *testing.T) {
	get := func(t *testing.T, u string) error {
		t.Helper()
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("GET %s answered %d, want an error", u, resp.StatusCode)
		}
		return err
	}
	closedPort := func(t *testing.T) string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return addr
	}
	hangUp := func(t *testing.T) string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		go func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				buf := make([]byte, 512)
				_, _ = c.Read(buf)
				c.Close()
			}
		}()
		return l.Addr().String()
	}
	tlsServer := httptest.NewTLSServer(http.NotFoundHandler())
	defer tlsServer.Close()
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()

	tests := []struct {
		name string
		err  func(t *testing.T) error
		want string
	}{
		{"refused", func(t *testing.T) error { return get(t, "http://"+closedPort(t)+"/") }, "nothing accepts connections at that address and port (dial tcp"},
		{"hung up", func(t *testing.T) error { return get(t, "http://"+hangUp(t)+"/") }, "the server closed the connection without answering ("},
		{"unknown certificate", func(t *testing.T) error { return get(t, tlsServer.URL) }, "the server's TLS certificate is not valid for this address ("},
		{"https to http", func(t *testing.T) error { return get(t, strings.Replace(plain.URL, "http://", "https://", 1)) }, "the server does not speak HTTPS on that port; try http:// ("},
		{"no such host", func(*testing.T) error {
			return &url.Error{Op: "Get", URL: "https://crm.invalid/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "crm.invalid", IsNotFound: true}}}
		}, `the host name "crm.invalid" does not exist (dial tcp: lookup crm.invalid: no such host)`},
		{"lookup failed", func(*testing.T) error {
			return &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "server misbehaving", Name: "crm.example", IsTemporary: true}}
		}, `the host name "crm.example" could not be looked up (`},
		{"unreachable", func(*testing.T) error {
			return &net.OpError{Op: "dial", Net: "tcp", Err: &net.OpError{Op: "connect", Err: syscall.EHOSTUNREACH}}
		}, "the address cannot be reached from here ("},
		{"other", func(*testing.T) error { return errors.New("something else") }, "something else"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err(t)
			got := Explain(err)
			if !strings.HasPrefix(got.Error(), tc.want) {
				t.Fatalf("Explain(%v) = %q, want it to start with %q", err, got, tc.want)
			}
			if strings.Contains(got.Error(), "Get \"") {
				t.Fatalf("Explain kept the URL error's request: %q", got)
			}
			var ue *url.Error
			inner := err
			if errors.As(err, &ue) {
				inner = ue.Err
			}
			if !errors.Is(got, inner) {
				t.Fatalf("Explain(%v) does not unwrap to the error", err)
			}
		})
	}
	if Explain(nil) != nil {
		t.Fatal("Explain(nil) is not nil")
	}
}

// TestSend_ExplainsFailures: every step that sends through Send (HTTP
// action, CRM, OAuth token) gets the plain words with its request kept,
// retries still see a refused connection as worth retrying, and a timeout
// is left for the caller to phrase.
func TestSend_ExplainsFailures(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String() + "/owners"
	l.Close()
	_, err = Send(t.Context(), http.DefaultClient, &Request{Method: "POST", URL: refused}, 5*time.Second, 1024)
	if err == nil || !strings.Contains(err.Error(), `Post "`+refused+`": nothing accepts connections at that address and port (dial tcp`) {
		t.Fatalf("Send to a closed port = %v, want the request and the plain words", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) || !IsTimeout(err) {
		t.Fatalf("the explained error lost its cause (Is ECONNREFUSED %v, retried as IsTimeout %v)", errors.Is(err, syscall.ECONNREFUSED), IsTimeout(err))
	}

	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	_, err = Send(t.Context(), http.DefaultClient, &Request{Method: "GET", URL: hang.URL}, 50*time.Millisecond, 1024)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !IsTimeout(err) || strings.Contains(err.Error(), "(") {
		t.Fatalf("Send that timed out = %v, want the timeout as it was", err)
	}
}
