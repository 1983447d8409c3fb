package safehttp

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"testing"
)

// blockedURLs are refused whatever the spelling of the address.
var blockedURLs = []struct {
	url, reason string
}{
	{"http://127.0.0.1/", "loopback"},
	{"http://127.0.0.1./", "loopback"},
	{"http://2130706433/", "loopback"},   // decimal
	{"http://0177.0.0.1/", "loopback"},   // octal
	{"http://0x7f000001/", "loopback"},   // hexadecimal
	{"http://0x7f.0.0.1/", "loopback"},   // hexadecimal part
	{"http://127.1/", "loopback"},        // short form
	{"http://127.0.1/", "loopback"},      // short form, 16-bit tail
	{"http://017700000001/", "loopback"}, // octal, one part
	{"http://[::1]/", "loopback"},        // IPv6 loopback
	{"http://[::ffff:127.0.0.1]/", "loopback"},
	{"http://[::ffff:7f00:1]/", "loopback"},    // mapped, hex spelling
	{"http://[::127.0.0.1]/", "loopback"},      // IPv4-compatible
	{"http://[64:ff9b::10.0.0.5]/", "private"}, // NAT64
	{"http://[64:ff9b::a00:5]/", "private"},
	{"http://[2002:a00:5::1]/", "private"}, // 6to4
	{"http://10.0.0.5/", "private"},
	{"http://172.16.3.4/", "private"},
	{"http://192.168.1.1/", "private"},
	{"http://[fd12:3456::1]/", "private"},
	{"http://[fe80::1%25eth0]/", "link-local"},
	{"http://169.254.10.10/", "link-local"},
	{"http://100.64.0.1/", "shared (CGNAT)"},
	{"http://224.0.0.1/", "multicast"},
	{"http://[ff02::1]/", "multicast"},
	{"http://0.0.0.0/", "unspecified"},
	{"http://0/", "unspecified"},
	{"http://[::]/", "unspecified"},
	{"http://255.255.255.255/", "broadcast"},
	{"http://169.254.169.254/latest/meta-data/", "metadata"},
	{"http://[fd00:ec2::254]/", "metadata"},
	{"http://[::ffff:169.254.169.254]/", "metadata"},
	{"http://[::ffff:a9fe:a9fe]/", "metadata"},
}

func TestCheckURL_RefusesSpecialAddresses(t *testing.T) {
	t.Parallel()
	for _, tc := range blockedURLs {
		t.Run(tc.url, func(t *testing.T) {
			t.Parallel()
			err := CheckURL(tc.url)
			var refused *RefusedError
			if !errors.As(err, &refused) || !errors.Is(err, ErrRefused) {
				t.Fatalf("CheckURL(%s) = %v, want a refusal", tc.url, err)
			}
			if !strings.Contains(refused.Reason, tc.reason) {
				t.Errorf("reason %q, want %q", refused.Reason, tc.reason)
			}
		})
	}
}

func TestClient_RefusesAtConnect(t *testing.T) {
	t.Parallel()
	c := New(Options{LookupIP: func(context.Context, string) ([]netip.Addr, error) {
		t.Error("a literal address was looked up")
		return nil, errors.New("no lookups")
	}})
	for _, tc := range blockedURLs {
		t.Run(tc.url, func(t *testing.T) {
			t.Parallel()
			resp, err := c.Get(tc.url)
			if err == nil {
				resp.Body.Close()
				t.Fatalf("GET %s succeeded", tc.url)
			}
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("GET %s: %v, want a refusal", tc.url, err)
			}
		})
	}
}

func TestCheckURL_AcceptsPublicAndNames(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"https://93.184.215.14/", "https://api.example.com/x", "http://[2606:4700::1111]/",
		"https://8.8.8.8:8443/"} {
		if err := CheckURL(u); err != nil {
			t.Errorf("CheckURL(%s) = %v", u, err)
		}
	}
	for _, u := range []string{"ftp://example.com/", "file:///etc/passwd", "gopher://x/", "http:///nohost", "::"} {
		if err := CheckURL(u); err == nil {
			t.Errorf("CheckURL(%s) accepted", u)
		}
	}
}

func TestGuard_AllowList(t *testing.T) {
	t.Parallel()
	g := &Guard{Allow: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16"), netip.MustParsePrefix("169.254.0.0/16"),
		netip.MustParsePrefix("127.0.0.0/8")}}
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"http://10.1.2.3/", true},
		{"http://[::ffff:10.1.2.3]/", true},
		{"http://10.2.0.1/", false},
		{"http://169.254.1.1/", true},
		{"http://169.254.169.254/", false}, // metadata: never
		{"http://[::ffff:169.254.169.254]/", false},
		{"http://0x7f000001/", true},
	} {
		err := g.CheckURL(tc.url)
		if (err == nil) != tc.ok {
			t.Errorf("CheckURL(%s) = %v, want ok=%v", tc.url, err, tc.ok)
		}
	}
}

func TestRefusedError_Message(t *testing.T) {
	t.Parallel()
	err := (&Guard{}).Check("internal.example", netip.MustParseAddr("10.0.0.5"))
	want := "refused to connect to internal.example (10.0.0.5): private address; add its network to HOOKFLOW_ALLOW_NETWORKS to allow it"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	err = (&Guard{}).Check("169.254.169.254", netip.MustParseAddr("169.254.169.254"))
	if err == nil || !strings.HasSuffix(err.Error(), "cloud metadata address; it is never allowed") {
		t.Errorf("metadata: %v", err)
	}
}

func TestParseLegacyV4(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2130706433": "127.0.0.1", "0177.0.0.1": "127.0.0.1", "0x7f000001": "127.0.0.1", "127.1": "127.0.0.1",
		"10.1.65535": "10.1.255.255", "0": "0.0.0.0", "1.2.3.4": "1.2.3.4",
	} {
		a, ok := parseLegacyV4(in)
		if !ok || a.String() != want {
			t.Errorf("parseLegacyV4(%s) = %v %v, want %s", in, a, ok, want)
		}
	}
	for _, in := range []string{"", "1.2.3.4.5", "256.1.1.1", "1.2.65536", "08.1.1.1", "example.com", "1..2", "0x", "4294967296", "-1"} {
		if a, ok := parseLegacyV4(in); ok {
			t.Errorf("parseLegacyV4(%q) = %v", in, a)
		}
	}
}

func TestNew_IgnoresProxyVariables(t *testing.T) {
	t.Parallel()
	c := New(Options{})
	lt, ok := c.Transport.(*limitTransport)
	if !ok {
		t.Fatalf("transport %T", c.Transport)
	}
	if tr := lt.base.(*http.Transport); tr.Proxy != nil {
		t.Error("the transport uses a proxy function")
	}
}
