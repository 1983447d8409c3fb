// Package safehttp is the one HTTP client every outgoing call of hookflow
// uses: http, crm and sheets nodes, token endpoints, deliveries. Its rule:
// an address is checked when a connection is made, after DNS, on every
// connection (so on every redirect hop too), and loopback, private,
// link-local, shared (CGNAT), multicast, reserved and cloud metadata
// addresses are refused unless an allow-list covers them. Metadata
// addresses are refused even then. Proxy environment variables are
// ignored, so they cannot route around the check.
package safehttp

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"
)

// AllowEnv names the setting that allow-lists networks, for error messages.
const AllowEnv = "HOOKFLOW_ALLOW_NETWORKS"

// ErrRefused is wrapped by every refusal of an address.
var ErrRefused = errors.New("address refused")

// RefusedError says which address was refused and why.
type RefusedError struct {
	// Host is the name or address as it was asked for.
	Host string
	// Addr is the address it resolved to.
	Addr netip.Addr
	// Reason names the kind of address: "private address".
	Reason string
	// Allowable reports whether an allow-list entry would let it through;
	// metadata addresses are never allowed.
	Allowable bool
}

// Error says what was refused, why and what to do.
func (e *RefusedError) Error() string {
	target := e.Addr.String()
	if e.Host != "" && e.Host != target {
		target = e.Host + " (" + target + ")"
	}
	msg := "refused to connect to " + target + ": " + e.Reason
	if e.Allowable {
		return msg + "; add its network to " + AllowEnv + " to allow it"
	}
	return msg + "; it is never allowed"
}

// Is makes errors.Is(err, ErrRefused) hold.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

type rule struct {
	prefix netip.Prefix
	reason string
}

func rules(pairs ...string) []rule {
	out := make([]rule, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, rule{netip.MustParsePrefix(pairs[i]), pairs[i+1]})
	}
	return out
}

// blocked are the networks refused unless allow-listed, most specific
// first where they overlap.
var blocked = rules(
	"0.0.0.0/8", "unspecified address",
	"10.0.0.0/8", "private address",
	"100.64.0.0/10", "shared (CGNAT) address",
	"127.0.0.0/8", "loopback address",
	"169.254.0.0/16", "link-local address",
	"172.16.0.0/12", "private address",
	"192.0.0.0/24", "reserved address",
	"192.168.0.0/16", "private address",
	"198.18.0.0/15", "reserved address",
	"224.0.0.0/4", "multicast address",
	"255.255.255.255/32", "broadcast address",
	"240.0.0.0/4", "reserved address",
	"::/128", "unspecified address",
	"::1/128", "loopback address",
	"64:ff9b:1::/48", "private address",
	"100::/64", "reserved address",
	"fc00::/7", "private address",
	"fe80::/10", "link-local address",
	"fec0::/10", "site-local address",
	"ff00::/8", "multicast address",
)

// metadata are cloud instance metadata endpoints: never reachable, since
// they hand out the host's own credentials.
var metadata = []netip.Addr{
	netip.MustParseAddr("169.254.169.254"), // AWS, GCP, Azure, OpenStack...
	netip.MustParseAddr("169.254.170.2"),   // AWS ECS task metadata
	netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
	netip.MustParseAddr("fd00:ec2::254"),   // AWS over IPv6
}

// Prefixes that carry an IPv4 address inside an IPv6 one.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	v4compat  = netip.MustParsePrefix("::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
	teredo    = netip.MustParsePrefix("2001::/32")
)

// Guard decides which addresses outgoing connections may reach. Its zero
// value refuses every special address.
type Guard struct {
	// Allow lists networks that may be reached although special, such as
	// 10.1.0.0/16 for an internal API; tests allow 127.0.0.0/8.
	Allow []netip.Prefix
}

// Check reports whether a connection to addr, asked for as host, is
// allowed: nil, or a *RefusedError.
func (g *Guard) Check(host string, addr netip.Addr) error {
	addr = addr.WithZone("")
	inner, embedded := embeddedV4(addr)
	if isMetadata(addr) || (embedded && isMetadata(inner)) {
		return &RefusedError{Host: host, Addr: addr, Reason: "cloud metadata address"}
	}
	if g.allowed(addr) || (embedded && g.allowed(inner)) {
		return nil
	}
	reason := classify(addr)
	if reason == "" && embedded {
		if reason = classify(inner); reason != "" {
			reason += " inside an IPv6 address"
		}
	}
	if reason == "" {
		return nil
	}
	return &RefusedError{Host: host, Addr: addr, Reason: reason, Allowable: true}
}

func (g *Guard) allowed(a netip.Addr) bool {
	for _, p := range g.Allow {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func isMetadata(a netip.Addr) bool {
	for _, m := range metadata {
		if a == m {
			return true
		}
	}
	return false
}

func classify(a netip.Addr) string {
	for _, r := range blocked {
		if r.prefix.Contains(a) {
			return r.reason
		}
	}
	return ""
}

// embeddedV4 returns the IPv4 address an IPv6 one stands for: mapped
// (::ffff:a.b.c.d), NAT64 (64:ff9b::/96), IPv4-compatible (::a.b.c.d),
// 6to4 (2002:aabb:ccdd::) and the Teredo client.
func embeddedV4(a netip.Addr) (netip.Addr, bool) {
	if a.Is4() {
		return a, false
	}
	if a.Is4In6() {
		return a.Unmap(), true
	}
	b := a.As16()
	switch {
	case nat64.Contains(a), v4compat.Contains(a) && classify(a) == "":
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixToFour.Contains(a):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	case teredo.Contains(a):
		return netip.AddrFrom4([4]byte{^b[12], ^b[13], ^b[14], ^b[15]}), true
	}
	return a, false
}

// parseHost returns the address a URL host names when it is a literal:
// IPv4 or IPv6, or an IPv4 number in the older spellings that resolvers
// still accept (2130706433, 0177.0.0.1, 0x7f000001, 127.1).
func parseHost(host string) (netip.Addr, bool) {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if a, err := netip.ParseAddr(host); err == nil {
		return a, true
	}
	return parseLegacyV4(strings.TrimSuffix(host, "."))
}

// parseLegacyV4 parses the inet_aton forms: one to four parts, each
// decimal, octal (leading 0) or hexadecimal (0x), the last filling the
// remaining bytes.
func parseLegacyV4(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if s == "" || len(parts) > 4 {
		return netip.Addr{}, false
	}
	var out [4]byte
	for i, p := range parts {
		v, ok := parseV4Part(p)
		if !ok {
			return netip.Addr{}, false
		}
		if i < len(parts)-1 {
			if v > 255 {
				return netip.Addr{}, false
			}
			out[i] = byte(v)
			continue
		}
		width := 4 - i // bytes the last part fills
		if v >= 1<<(8*width) {
			return netip.Addr{}, false
		}
		for j := 3; j >= i; j-- {
			out[j] = byte(v)
			v >>= 8
		}
	}
	return netip.AddrFrom4(out), true
}

func parseV4Part(p string) (uint64, bool) {
	base := 10
	switch {
	case len(p) > 2 && (p[:2] == "0x" || p[:2] == "0X"):
		p, base = p[2:], 16
	case len(p) > 1 && p[0] == '0':
		p, base = p[1:], 8
	}
	if p == "" || strings.ContainsAny(p, "+-_") {
		return 0, false
	}
	v, err := strconv.ParseUint(p, base, 32)
	return v, err == nil
}
