package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"

	"github.com/valyala/fasthttp"
)

// requestSpec is what every request sends; it is shared read-only.
type requestSpec struct {
	method  string
	body    []byte
	headers [][2]string
	timeout time.Duration
}

// sender sends one prepared request and returns the response status. A
// sender belongs to one worker goroutine; it may reuse its buffers.
type sender interface {
	send() (status int, err error)
}

// pool makes the senders of one target URL; its connections are shared by
// the workers and capped at the concurrency, so each worker holds one.
type pool interface {
	newSender() sender
}

// newPool returns the pool of kind ("fasthttp" or "nethttp") for rawURL.
func newPool(kind, rawURL string, spec *requestSpec, conns int) (pool, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("url %q: want http://host:port/path", rawURL)
	}
	switch kind {
	case "fasthttp":
		hc := &fasthttp.HostClient{
			Addr:                          u.Host,
			IsTLS:                         u.Scheme == "https",
			Name:                          "hookflow-bench-load",
			MaxConns:                      conns,
			MaxConnWaitTimeout:            spec.timeout,
			ReadTimeout:                   spec.timeout,
			WriteTimeout:                  spec.timeout,
			MaxIdleConnDuration:           time.Minute,
			DisableHeaderNamesNormalizing: true,
		}
		return &fastPool{hc: hc, url: rawURL, spec: spec}, nil
	case "nethttp":
		tr := &http.Transport{
			MaxIdleConns:          conns,
			MaxIdleConnsPerHost:   conns,
			MaxConnsPerHost:       conns,
			IdleConnTimeout:       time.Minute,
			ResponseHeaderTimeout: spec.timeout,
			DisableCompression:    true,
			DialContext:           (&net.Dialer{Timeout: spec.timeout}).DialContext,
		}
		return &stdPool{client: &http.Client{Transport: tr}, url: rawURL, spec: spec}, nil
	}
	return nil, fmt.Errorf("client %q: want fasthttp or nethttp", kind)
}

// fastPool sends with fasthttp: the request and response objects are built
// once per worker and reused, so a request allocates nothing.
type fastPool struct {
	hc   *fasthttp.HostClient
	url  string
	spec *requestSpec
}

func (p *fastPool) newSender() sender {
	req := fasthttp.AcquireRequest()
	req.SetRequestURI(p.url)
	req.Header.SetMethod(p.spec.method)
	for _, kv := range p.spec.headers {
		req.Header.Set(kv[0], kv[1])
	}
	if len(p.spec.body) > 0 {
		req.SetBody(p.spec.body)
	}
	return &fastSender{hc: p.hc, req: req, resp: fasthttp.AcquireResponse()}
}

type fastSender struct {
	hc   *fasthttp.HostClient
	req  *fasthttp.Request
	resp *fasthttp.Response
}

func (s *fastSender) send() (int, error) {
	s.resp.Reset()
	if err := s.hc.Do(s.req, s.resp); err != nil {
		return 0, err
	}
	return s.resp.StatusCode(), nil
}

// stdPool sends with net/http; each request needs a new *http.Request and
// its body reader, and the Transport runs two goroutines per connection.
type stdPool struct {
	client *http.Client
	url    string
	spec   *requestSpec
}

func (p *stdPool) newSender() sender {
	h := make(http.Header, len(p.spec.headers))
	for _, kv := range p.spec.headers {
		h.Set(kv[0], kv[1])
	}
	h.Set("User-Agent", "hookflow-bench-load")
	return &stdSender{p: p, header: h}
}

type stdSender struct {
	p      *stdPool
	header http.Header
	rd     bytes.Reader
}

func (s *stdSender) send() (int, error) {
	s.rd.Reset(s.p.spec.body)
	req, err := http.NewRequest(s.p.spec.method, s.p.url, &s.rd)
	if err != nil {
		return 0, err
	}
	req.Header = s.header
	req.ContentLength = int64(len(s.p.spec.body))
	resp, err := s.p.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// errorKind names a transport error by what went wrong, so that the report
// groups them: a run against a dead server shows one line, not thousands.
func errorKind(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, fasthttp.ErrTimeout), errors.Is(err, fasthttp.ErrDialTimeout),
		errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.EPIPE):
		return "broken pipe"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, fasthttp.ErrConnectionClosed):
		return "connection closed"
	case errors.Is(err, fasthttp.ErrNoFreeConns):
		return "no free connection"
	}
	msg := err.Error()
	if len(msg) > 80 {
		msg = msg[:80]
	}
	return "other: " + msg
}
