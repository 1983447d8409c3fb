package safehttp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// fakeDNS resolves the names of m, and nothing else.
func fakeDNS(m map[string]string) LookupFunc {
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		a, ok := m[host]
		if !ok {
			return nil, errors.New("no such host")
		}
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
}

func TestClient_HostResolvingToPrivateAddress(t *testing.T) {
	t.Parallel()
	c := New(Options{LookupIP: fakeDNS(map[string]string{"internal.example": "10.0.0.7"})})
	_, err := c.Get("http://internal.example/")
	var refused *RefusedError
	if !errors.As(err, &refused) || refused.Host != "internal.example" || refused.Addr.String() != "10.0.0.7" {
		t.Fatalf("got %v, want a refusal of internal.example (10.0.0.7)", err)
	}
	if err := c.CheckURL("http://internal.example/"); err != nil {
		t.Errorf("CheckURL refused a host name before resolving it: %v", err)
	}
}

func TestClient_AllowListReachesLoopback(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "hi") }))
	defer srv.Close()
	if _, err := New(Options{}).Get(srv.URL); !errors.Is(err, ErrRefused) {
		t.Fatalf("without an allow-list: %v, want a refusal", err)
	}
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	c := New(Options{Allow: loopback, LookupIP: fakeDNS(map[string]string{"api.test": "127.0.0.1"})})
	for _, u := range []string{srv.URL, "http://api.test" + port + "/"} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != "hi" {
			t.Errorf("GET %s = %q", u, body)
		}
	}
}

func TestClient_RedirectToBlockedAddress(t *testing.T) {
	t.Parallel()
	targets := []string{"http://10.0.0.5/admin", "http://169.254.169.254/latest/meta-data/",
		"http://internal.example/", "http://0x7f000001:1/"}
	for _, target := range targets {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.RedirectHandler(target, http.StatusFound))
			defer srv.Close()
			// Loopback is allowed to reach the test server; the redirect's
			// hop is checked on its own.
			allow := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
			c := New(Options{Allow: allow, LookupIP: fakeDNS(map[string]string{"internal.example": "192.168.7.7"})})
			resp, err := c.Get(srv.URL)
			if err == nil {
				resp.Body.Close()
				if target != "http://0x7f000001:1/" {
					t.Fatalf("redirect to %s was followed", target)
				}
				return
			}
			if target == "http://0x7f000001:1/" {
				// Allowed address, closed port: the hop was attempted.
				if errors.Is(err, ErrRefused) {
					t.Fatalf("allowed hop refused: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("got %v, want a refusal", err)
			}
		})
	}
}

func TestClient_RedirectLimitsAndSchemes(t *testing.T) {
	t.Parallel()
	var hops atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ftp":
			http.Redirect(w, r, "ftp://example.com/file", http.StatusFound)
		default:
			hops.Add(1)
			http.Redirect(w, r, srv.URL+"/loop", http.StatusFound)
		}
	}))
	defer srv.Close()
	c := New(Options{Allow: loopback, MaxRedirects: 3})
	if _, err := c.Get(srv.URL + "/loop"); err == nil || !strings.Contains(err.Error(), "stopped after 3 redirects") {
		t.Errorf("loop: %v", err)
	}
	if got := hops.Load(); got != 4 {
		t.Errorf("%d requests, want 4 (1 + 3 redirects)", got)
	}
	if _, err := c.Get(srv.URL + "/ftp"); err == nil || !strings.Contains(err.Error(), "only http and https") {
		t.Errorf("ftp redirect: %v", err)
	}
	none := New(Options{Allow: loopback, MaxRedirects: -1})
	resp, err := none.Get(srv.URL + "/loop")
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("no redirects: %v %v", resp, err)
	}
	resp.Body.Close()
}

func TestClient_MaxResponseBytes(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, strings.Repeat("x", 100))
	}))
	defer srv.Close()
	c := New(Options{Allow: loopback, MaxResponseBytes: 64})
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if !errors.Is(err, ErrResponseTooLarge) || len(b) != 64 {
		t.Errorf("read %d bytes, err %v", len(b), err)
	}
	if _, err := Send(context.Background(), New(Options{Allow: loopback}).Client,
		&Request{Method: "GET", URL: srv.URL}, time.Second, 10); !errors.Is(err, ErrResponseTooLarge) {
		t.Errorf("Send with a limit: %v", err)
	}
}
