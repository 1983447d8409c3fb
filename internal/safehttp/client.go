package safehttp

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// Defaults of Options.
const (
	DefaultTimeout          = 5 * time.Minute
	DefaultMaxRedirects     = 5
	DefaultMaxResponseBytes = 16 << 20
)

// ErrResponseTooLarge is returned while reading a response body longer
// than Options.MaxResponseBytes.
var ErrResponseTooLarge = errors.New("response body too large")

// LookupFunc resolves a host name to its addresses.
type LookupFunc func(ctx context.Context, host string) ([]netip.Addr, error)

// Options configure a Client.
type Options struct {
	// Allow lists networks that may be reached although special
	// (HOOKFLOW_ALLOW_NETWORKS). Metadata addresses stay refused.
	Allow []netip.Prefix
	// Timeout bounds a whole exchange, redirects and body included;
	// zero is DefaultTimeout. Callers bound single calls with contexts.
	Timeout time.Duration
	// MaxRedirects is how many redirects are followed; zero is
	// DefaultMaxRedirects, negative follows none (the redirect response
	// is returned as it is).
	MaxRedirects int
	// MaxResponseBytes bounds a response body; zero is
	// DefaultMaxResponseBytes. Reading past it fails with
	// ErrResponseTooLarge.
	MaxResponseBytes int64
	// LookupIP resolves host names; nil is the system resolver. Tests use
	// it to make a name resolve to a private address.
	LookupIP LookupFunc
	// MaxIdleConnsPerHost is how many idle connections to one host are
	// kept for reuse; zero is 16. Deliveries raise it to their number of
	// workers, which often all call one endpoint.
	MaxIdleConnsPerHost int
}

// Client is an *http.Client whose every connection is checked by its
// Guard. Pass Client.Client where an *http.Client is needed.
type Client struct {
	*http.Client
	Guard Guard
}

// New returns a client configured by o.
func New(o Options) *Client {
	c := &Client{Guard: Guard{Allow: append([]netip.Prefix(nil), o.Allow...)}}
	lookup := o.LookupIP
	if lookup == nil {
		lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: c.control}
	transport := &http.Transport{
		Proxy:                 nil, // proxy variables must not route around the guard
		DialContext:           c.dialer(dialer, lookup),
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          max(100, o.MaxIdleConnsPerHost),
		MaxIdleConnsPerHost:   cmp.Or(o.MaxIdleConnsPerHost, 16),
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	maxBytes := o.MaxResponseBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxResponseBytes
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	c.Client = &http.Client{
		Transport:     &limitTransport{base: transport, max: maxBytes},
		CheckRedirect: c.redirectPolicy(o.MaxRedirects),
		Timeout:       timeout,
	}
	return c
}

// dialer resolves the host itself, so that every address is checked
// before it is dialled and a refusal names the host.
func (c *Client) dialer(d *net.Dialer, lookup LookupFunc) func(ctx context.Context, network, address string) (net.Conn, error) {
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(address)
		if err != nil {
			return nil, err
		}
		addrs, err := resolve(ctx, lookup, host)
		if err != nil {
			return nil, err
		}
		var firstErr error
		for _, a := range addrs {
			if err := c.Guard.Check(host, a); err != nil {
				firstErr = cmp.Or(firstErr, err)
				continue
			}
			conn, err := d.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
			if err == nil {
				return conn, nil
			}
			firstErr = cmp.Or(firstErr, err)
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("no address found for %s", host)
		}
		return nil, firstErr
	}
}

func resolve(ctx context.Context, lookup LookupFunc, host string) ([]netip.Addr, error) {
	if a, ok := parseHost(host); ok {
		return []netip.Addr{a}, nil
	}
	addrs, err := lookup(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("look up %s: %w", host, err)
	}
	return addrs, nil
}

// control checks the address a socket is about to connect to: a second
// line behind dialer, for any connection made another way.
func (c *Client) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refused to connect to %s: not an IP address", address)
	}
	return c.Guard.Check("", ap.Addr())
}

func (c *Client) redirectPolicy(limit int) func(*http.Request, []*http.Request) error {
	if limit == 0 {
		limit = DefaultMaxRedirects
	}
	return func(req *http.Request, via []*http.Request) error {
		if limit < 0 {
			return http.ErrUseLastResponse
		}
		if len(via) > limit {
			return fmt.Errorf("stopped after %d redirects", limit)
		}
		if err := c.Guard.CheckURL(req.URL.String()); err != nil {
			return fmt.Errorf("refused to follow a redirect: %w", err)
		}
		return nil
	}
}

// CheckURL checks raw early, before any call: the scheme is http or https,
// a host is present, and a literal address is allowed. Host names are
// checked when connecting, once resolved.
func (g *Guard) CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("URL %q: only http and https addresses can be called", raw)
	}
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("URL %q has no host", raw)
	}
	if a, ok := parseHost(host); ok {
		return g.Check(host, a)
	}
	return nil
}

// CheckURL checks raw with the client's guard, as Guard.CheckURL does.
func (c *Client) CheckURL(raw string) error { return c.Guard.CheckURL(raw) }

// CheckURL checks raw as Guard.CheckURL does, with no allow-list.
func CheckURL(raw string) error { return (&Guard{}).CheckURL(raw) }

// limitTransport bounds the length of response bodies.
type limitTransport struct {
	base http.RoundTripper
	max  int64
}

// RoundTrip sends req and bounds the answer's body.
func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err == nil && resp.Body != nil {
		resp.Body = &limitedBody{rc: resp.Body, left: t.max, max: t.max}
	}
	return resp, err
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the
// transport below.
func (t *limitTransport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

type limitedBody struct {
	rc   io.ReadCloser
	left int64 // -1 once the limit was passed
	max  int64
}

// Read reads the body, failing once it passes the limit.
func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, b.tooLarge()
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	if int64(n) > b.left {
		n, b.left = int(b.left), -1
		return n, b.tooLarge()
	}
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) tooLarge() error {
	return fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, b.max)
}

// Close closes the body.
func (b *limitedBody) Close() error { return b.rc.Close() }
