package intake

import (
	"context"
	"strings"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/nodes/webhook"
)

func allowedMethods(cfg *webhook.Config) []string {
	if len(cfg.Methods) == 0 {
		return []string{"POST"}
	}
	return cfg.Methods
}

func methodAllowed(cfg *webhook.Config, method string) bool {
	for _, m := range allowedMethods(cfg) {
		if strings.EqualFold(m, method) {
			return true
		}
	}
	return false
}

func maxBody(cfg *webhook.Config) int64 {
	switch {
	case cfg.MaxBodyBytes <= 0:
		return webhook.DefaultMaxBodyBytes
	case cfg.MaxBodyBytes > webhook.LimitMaxBodyBytes:
		return webhook.LimitMaxBodyBytes
	}
	return cfg.MaxBodyBytes
}

// header returns a case-insensitive lookup over request headers.
func header(headers [][2]string) func(string) string {
	return func(name string) string {
		for _, h := range headers {
			if strings.EqualFold(h[0], name) {
				return h[1]
			}
		}
		return ""
	}
}

// authHeader is the header that carries the trigger's own secret, so that
// it is redacted from the stored request.
func authHeader(cfg *webhook.Config) string {
	if cfg.Auth == webhook.AuthHeader {
		return cfg.HeaderName
	}
	return ""
}

// BodyLimit returns the largest body /hook/{token} takes, read from the
// flow's trigger before the body is, so that a larger one is refused with
// 413 without reading it. An unknown token or a flow that cannot be read
// gets the default limit; Accept then gives the real answer.
func (s *Service) BodyLimit(ctx context.Context, token string) int64 {
	f, err := s.flows.get(ctx, token, s.now())
	if err != nil {
		return webhook.DefaultMaxBodyBytes
	}
	if f.Status == flows.StatusActive && f.Version > 0 {
		if t, err := s.Target(ctx, f.ID, f.Version); err == nil {
			return maxBody(t.Webhook)
		}
		return webhook.DefaultMaxBodyBytes
	}
	if s.Inbox != nil {
		if _, cfg, ok := s.Inbox.DraftWebhook(f); ok && cfg != nil {
			return maxBody(cfg)
		}
	}
	return webhook.DefaultMaxBodyBytes
}
