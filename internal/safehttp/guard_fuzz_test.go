package safehttp

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"testing"

	"github.com/hookflow/hookflow/internal/fuzzcheck"
)

// FuzzGuard_Check: for any address, the answer does not depend on how it
// is written (IPv4, IPv4-mapped IPv6, the legacy spellings in a URL);
// metadata addresses are refused even when allow-listed; a refusal says
// what and why.
func FuzzGuard_Check(f *testing.F) {
	for _, a := range []string{"127.0.0.1", "10.1.2.3", "169.254.169.254", "8.8.8.8", "100.100.100.200", "::1",
		"fd00:ec2::254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2001::ffff:ffff", "::ffff:192.168.1.1", "fe80::1"} {
		f.Add(netip.MustParseAddr(a).AsSlice(), false)
	}
	f.Fuzz(func(t *testing.T, raw []byte, allowAll bool) {
		a, ok := netip.AddrFromSlice(raw)
		if !ok {
			return
		}
		g := &Guard{}
		if allowAll {
			g.Allow = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}
		}
		err := g.Check("", a)
		if err != nil {
			var re *RefusedError
			if !errors.As(err, &re) || !errors.Is(err, ErrRefused) || re.Reason == "" {
				t.Fatalf("%s: refusal %v is not a *RefusedError with a reason", a, err)
			}
			fuzzcheck.Message(t, err.Error())
		}
		if isMetadata(a) && err == nil {
			t.Fatalf("metadata address %s allowed", a)
		}
		if allowAll && err != nil && !isMetadata(a) && !isMetadata(a.Unmap()) {
			if inner, embedded := embeddedV4(a); !embedded || !isMetadata(inner) {
				t.Fatalf("%s refused although every network is allowed: %v", a, err)
			}
		}
		if !a.Is4() {
			return
		}
		mapped := netip.AddrFrom16(a.As16())
		if (g.Check("", mapped) == nil) != (err == nil) {
			t.Fatalf("%s and %s get different answers", a, mapped)
		}
		b := a.As4()
		n := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		for _, host := range []string{fmt.Sprint(n), fmt.Sprintf("0x%x", n), fmt.Sprintf("0%o", n),
			fmt.Sprintf("%d.%d", b[0], uint32(b[1])<<16|uint32(b[2])<<8|uint32(b[3])),
			fmt.Sprintf("0%o.0x%x.%d.%d", b[0], b[1], b[2], b[3]), "[" + mapped.String() + "]"} {
			urlErr := g.CheckURL("http://" + host + "/x")
			if (urlErr == nil) != (err == nil) {
				t.Fatalf("%s written as %s: URL check %v, address check %v", a, host, urlErr, err)
			}
		}
	})
}

// FuzzCheckURL: any text is refused with a plain message or names a host
// that, when it is a literal address, the guard allows.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://example.com/x", "http://127.0.0.1", "http://2130706433/", "http://0x7f.1/",
		"http://[::ffff:169.254.169.254]/", "ftp://x", "http://", "http://%zz", "//x", "http://[fe80::1%25eth0]/",
		"http://169.254.169.254.", "http://0177.0.0.1:80/a?b#c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		err := CheckURL(raw)
		if err != nil {
			fuzzcheck.NonEmpty(t, err.Error())
			fuzzcheck.Message(t, err.Error(), raw)
			return
		}
		if a, ok := parseHost(hostOf(t, raw)); ok && (&Guard{}).Check("", a) != nil {
			t.Fatalf("%q passed the URL check but its address %s is refused", raw, a)
		}
	})
}

func hostOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%q passed the URL check but does not parse: %v", raw, err)
	}
	return u.Hostname()
}
