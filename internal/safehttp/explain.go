package safehttp

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
)

// Explain returns err with a message that says in plain words why a
// request got no answer, for the run history and the delivery log, where
// the people reading are rarely the ones who know what "dial tcp: connect:
// connection refused" means. The system's own words follow in parentheses,
// and the result unwraps to err. A URL error is unwrapped first: the
// caller names the request once. Errors it does not know keep their words.
func Explain(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &explained{msg: explain(err), err: err}
}

// explainRequest is Explain for the error of a request sent through Send
// (HTTP action, CRM, OAuth token): the request (method and URL) stays in
// the message for the callers that do not name it themselves, and a
// timeout is left as it is, since callers say how long they waited and
// url.Error's Timeout looks only one level down.
func explainRequest(err error) error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: ue.URL, Err: Explain(ue.Err)}
	}
	return Explain(err)
}

type explained struct {
	msg string
	err error
}

func (e *explained) Error() string { return e.msg }
func (e *explained) Unwrap() error { return e.err }

func explain(err error) string {
	var (
		dns     *net.DNSError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
		record  tls.RecordHeaderError
		verify  *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return "the host name " + quote(dns.Name) + " does not exist (" + err.Error() + ")"
	case errors.As(err, &dns):
		return "the host name " + quote(dns.Name) + " could not be looked up (" + err.Error() + ")"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "nothing accepts connections at that address and port (" + err.Error() + ")"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "the address cannot be reached from here (" + err.Error() + ")"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the server closed the connection without answering (" + err.Error() + ")"
	case errors.As(err, &verify), errors.As(err, &unknown), errors.As(err, &host), errors.As(err, &invalid):
		return "the server's TLS certificate is not valid for this address (" + err.Error() + ")"
	case errors.As(err, &record), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return "the server does not speak HTTPS on that port; try http:// (" + err.Error() + ")"
	}
	return err.Error()
}

func quote(s string) string { return "\"" + s + "\"" }
