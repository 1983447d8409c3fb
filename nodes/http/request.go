package http

import (
	"context"
	"encoding/base64"
	"fmt"
	nethttp "net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/internal/safehttp"
	"github.com/hookflow/hookflow/nodes"
)

// request renders the request of one run, and the step's input: the
// request as sent, without its Authorization header.
func (r *runner) request(ctx context.Context, rc nodes.RunContext) (*safehttp.Request, []byte, error) {
	req := &safehttp.Request{Method: r.method, Header: nethttp.Header{}}
	target, err := r.renderURL(rc)
	if err != nil {
		return nil, nil, err
	}
	req.URL = target
	for _, h := range r.headers {
		v, err := rc.AppendText(nil, h.value)
		if err != nil {
			return nil, nil, fmt.Errorf("header %s: %w", h.name, err)
		}
		req.Header.Set(h.name, string(v))
	}
	req.Header.Set("User-Agent", "hookflow")
	if req.Header.Get("Idempotency-Key") == "" {
		req.Header.Set("Idempotency-Key", rc.RunID()+":"+rc.NodeID())
	}
	bodyJSON, err := r.renderBody(rc, req)
	if err != nil {
		return nil, nil, err
	}
	input := r.appendInput(nil, req, bodyJSON)
	if err := r.authorize(ctx, rc, req.Header); err != nil {
		return nil, input, err
	}
	return req, input, nil
}

func (r *runner) renderURL(rc nodes.RunContext) (string, error) {
	text, err := rc.AppendText(nil, r.url)
	if err != nil {
		return "", fmt.Errorf("url: %w", err)
	}
	u, err := url.Parse(strings.TrimSpace(string(text)))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("url %q is not an address starting with https:// or http://", text)
	}
	if len(r.query) == 0 {
		return u.String(), nil
	}
	q := u.Query()
	for _, p := range r.query {
		v, err := rc.AppendText(nil, p.value)
		if err != nil {
			return "", fmt.Errorf("query parameter %s: %w", p.name, err)
		}
		q.Add(p.name, string(v))
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// renderBody sets req's body and Content-Type, and returns the body as
// the step records it (JSON; form fields as an object).
func (r *runner) renderBody(rc nodes.RunContext, req *safehttp.Request) ([]byte, error) {
	if r.method == nethttp.MethodGet || r.method == nethttp.MethodHead {
		return nil, nil // these carry no body
	}
	setType := func(ct string) {
		if req.Header.Get("Content-Type") == "" {
			req.Header.Set("Content-Type", ct)
		}
	}
	switch {
	case r.form != nil:
		form, record := url.Values{}, []byte{'{'}
		for i, p := range r.form {
			v, err := rc.AppendText(nil, p.value)
			if err != nil {
				return nil, fmt.Errorf("form field %s: %w", p.name, err)
			}
			form.Add(p.name, string(v))
			if i > 0 {
				record = append(record, ',')
			}
			record = mapping.AppendString(append(mapping.AppendString(record, p.name), ':'), string(v))
		}
		req.Body = []byte(form.Encode())
		setType("application/x-www-form-urlencoded")
		return append(record, '}'), nil
	case r.body != nil:
		body, err := rc.AppendJSON(nil, r.body)
		if err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
		req.Body = body
		setType("application/json")
		return body, nil
	}
	return nil, nil
}

// authorize sets the Authorization header from the node's credential.
func (r *runner) authorize(ctx context.Context, rc nodes.RunContext, h nethttp.Header) error {
	if r.authType != AuthBasic && r.authType != AuthBearer {
		return nil
	}
	cred, err := rc.Credential(ctx, r.credential)
	if err != nil {
		return err
	}
	switch {
	case r.authType == AuthBasic && cred.Type == credentials.TypeBasic:
		pair := cred.Field(credentials.FieldUsername) + ":" + cred.Field(credentials.FieldPassword)
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(pair)))
	case r.authType == AuthBearer && cred.Type == credentials.TypeBearer:
		tok, err := cred.Token(ctx)
		if err != nil {
			return err
		}
		h.Set("Authorization", "Bearer "+tok.AccessToken)
	default:
		want := map[string]string{AuthBasic: credentials.TypeBasic, AuthBearer: credentials.TypeBearer}[r.authType]
		return fmt.Errorf("credential %q is a %s credential; %s authentication needs a %s one",
			cred.Name, cred.Type, r.authType, want)
	}
	return nil
}

// appendInput records the request: method, URL, headers, body, and which
// credential authenticates it (never its value).
func (r *runner) appendInput(dst []byte, req *safehttp.Request, body []byte) []byte {
	dst = mapping.AppendString(append(dst, `{"method":`...), req.Method)
	dst = mapping.AppendString(append(dst, `,"url":`...), req.URL)
	dst = appendHeaders(append(dst, `,"headers":`...), req.Header)
	if body != nil {
		dst = append(append(dst, `,"body":`...), body...)
	}
	if r.authType == AuthBasic || r.authType == AuthBearer {
		dst = mapping.AppendString(append(dst, `,"auth":`...), r.authType)
		dst = mapping.AppendString(append(dst, `,"credential":`...), r.credential)
	}
	return append(dst, '}')
}

// appendHeaders appends h as an object of lower-case names to values,
// several values joined by ", ", names in order.
func appendHeaders(dst []byte, h nethttp.Header) []byte {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	dst = append(dst, '{')
	for i, name := range names {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(mapping.AppendString(dst, strings.ToLower(name)), ':')
		dst = mapping.AppendString(dst, strings.Join(h[name], ", "))
	}
	return append(dst, '}')
}

// appendReply appends the output {status, headers, body}: a JSON body as
// JSON, so that later nodes read nodes.<id>.body.x, any other as text.
func appendReply(dst []byte, reply *safehttp.Reply) []byte {
	dst = fmt.Appendf(append(dst, `{"status":`...), "%d", reply.Status)
	dst = appendHeaders(append(dst, `,"headers":`...), reply.Header)
	dst = append(dst, `,"body":`...)
	switch body := reply.Body; {
	case len(strings.TrimSpace(string(body))) == 0:
		dst = append(dst, "null"...)
	case isJSON(reply.Header.Get("Content-Type"), body):
		dst = mapping.AppendCompact(dst, string(body))
	default:
		dst = mapping.AppendString(dst, string(body))
	}
	return append(dst, '}')
}

// isJSON reports whether body is JSON to keep as such: valid, and either
// declared JSON or an object or array.
func isJSON(contentType string, body []byte) bool {
	if mapping.CheckJSON(body) != nil {
		return false
	}
	if strings.Contains(strings.ToLower(contentType), "json") {
		return true
	}
	first := strings.TrimSpace(string(body))[0]
	return first == '{' || first == '['
}

// appendError adds {"error": err} to the output object out.
func appendError(out []byte, err error) []byte {
	out = append(out[:len(out)-1], `,"error":`...)
	return append(mapping.AppendString(out, err.Error()), '}')
}
