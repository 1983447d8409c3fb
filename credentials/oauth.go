package credentials

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"

	"github.com/hookflow/hookflow/internal/safehttp"
)

// Limits of a call to a token endpoint.
const (
	tokenTimeout  = 30 * time.Second
	tokenMaxBytes = 1 << 20
)

// GoogleTokenURL is Google's OAuth token endpoint.
const GoogleTokenURL = "https://oauth2.googleapis.com/token"

// fetcher returns how to get access tokens for a credential of typ, or
// nil for a type without OAuth.
func (s *Service) fetcher(typ string, v map[string]string) fetchFunc {
	switch typ {
	case TypeZoho:
		accounts := cmp.Or(s.endpoints.ZohoAccounts, ZohoAccountsURL(v[FieldDataCenter]))
		return s.refreshGrant("Zoho", strings.TrimRight(accounts, "/")+"/oauth/v2/token", v)
	case TypeSalesforce:
		login := cmp.Or(v[FieldLoginURL], DefaultSalesforceLogin)
		return s.refreshGrant("Salesforce", strings.TrimRight(login, "/")+"/services/oauth2/token", v)
	case TypeGoogle:
		if v[FieldAuthType] == GoogleOAuth {
			return s.googleOAuth(v)
		}
		return s.googleServiceAccount(v[FieldServiceAccountJSON])
	}
	return nil
}

// tokenAnswer is an OAuth token endpoint's answer, success or error,
// with the extras Zoho (api_domain) and Salesforce (instance_url) add.
type tokenAnswer struct {
	AccessToken      string      `json:"access_token"`
	TokenType        string      `json:"token_type"`
	ExpiresIn        json.Number `json:"expires_in"`
	InstanceURL      string      `json:"instance_url"`
	APIDomain        string      `json:"api_domain"`
	Error            string      `json:"error"`
	ErrorDescription string      `json:"error_description"`
}

// refreshGrant trades the credential's refresh token for an access token
// at tokenURL (RFC 6749 section 6), as Zoho and Salesforce do.
func (s *Service) refreshGrant(provider, tokenURL string, v map[string]string) fetchFunc {
	form := url.Values{
		"grant_type":    {"refresh_token"},
		"client_id":     {v[FieldClientID]},
		"client_secret": {v[FieldClientSecret]},
		"refresh_token": {v[FieldRefreshToken]},
	}
	body := []byte(form.Encode())
	return func(ctx context.Context) (*oauth2.Token, error) {
		req := &safehttp.Request{Method: http.MethodPost, URL: tokenURL, Body: body, Header: http.Header{
			"Content-Type": {"application/x-www-form-urlencoded"}, "Accept": {"application/json"}}}
		reply, err := safehttp.Send(ctx, s.http.Client, req, tokenTimeout, tokenMaxBytes)
		if err != nil {
			return nil, fmt.Errorf("get a %s access token: %w", provider, err)
		}
		var a tokenAnswer
		if err := json.Unmarshal(reply.Body, &a); err != nil {
			return nil, fmt.Errorf("get a %s access token: the token endpoint answered %d with no JSON", provider, reply.Status)
		}
		if reply.Status != http.StatusOK || a.Error != "" || a.AccessToken == "" {
			return nil, refreshError(provider, reply.Status, &a)
		}
		return a.token(s.now()), nil
	}
}

func (a *tokenAnswer) token(now time.Time) *oauth2.Token {
	t := &oauth2.Token{AccessToken: a.AccessToken, TokenType: cmp.Or(a.TokenType, "Bearer")}
	if secs, err := a.ExpiresIn.Int64(); err == nil && secs > 0 {
		t.Expiry = now.Add(time.Duration(secs) * time.Second)
	}
	extra := map[string]any{}
	if a.InstanceURL != "" {
		extra["instance_url"] = a.InstanceURL
	}
	if a.APIDomain != "" {
		extra["api_domain"] = a.APIDomain
	}
	return t.WithExtra(extra)
}

// refreshError says why a token endpoint refused, in words a person can
// act on.
func refreshError(provider string, status int, a *tokenAnswer) error {
	code := cmp.Or(a.Error, "no access token")
	hint := ""
	switch code {
	case "invalid_code", "invalid_grant":
		hint = ": the refresh token is invalid, expired or revoked; authorize again and save the new one"
	case "invalid_client", "invalid_client_id":
		hint = ": the client id or secret is wrong, or belongs to another data centre"
	}
	if a.ErrorDescription != "" {
		code += " (" + a.ErrorDescription + ")"
	}
	return fmt.Errorf("the %s token endpoint refused the refresh token, answering %d %s%s", provider, status, code, hint)
}

// googleServiceAccount signs a JWT with the service account's key and
// trades it for an access token.
func (s *Service) googleServiceAccount(keyJSON string) fetchFunc {
	return func(ctx context.Context) (*oauth2.Token, error) {
		conf, err := google.JWTConfigFromJSON([]byte(keyJSON), SheetsScope)
		if err != nil {
			return nil, fmt.Errorf("read the Google service account key: %w", err)
		}
		if s.endpoints.GoogleToken != "" {
			conf.TokenURL = s.endpoints.GoogleToken
		}
		t, err := conf.TokenSource(s.oauthContext(ctx)).Token()
		return t, googleError("service account key", err)
	}
}

// googleOAuth refreshes a Google OAuth client's access token.
func (s *Service) googleOAuth(v map[string]string) fetchFunc {
	conf := &oauth2.Config{ClientID: v[FieldClientID], ClientSecret: v[FieldClientSecret], Scopes: []string{SheetsScope},
		Endpoint: oauth2.Endpoint{TokenURL: cmp.Or(s.endpoints.GoogleToken, GoogleTokenURL), AuthStyle: oauth2.AuthStyleInParams}}
	refresh := v[FieldRefreshToken]
	return func(ctx context.Context) (*oauth2.Token, error) {
		t, err := conf.TokenSource(s.oauthContext(ctx), &oauth2.Token{RefreshToken: refresh}).Token()
		return t, googleError("refresh token", err)
	}
}

// oauthContext makes the oauth2 package call through the guarded client.
func (s *Service) oauthContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, s.http.Client)
}

func googleError(what string, err error) error {
	if err == nil {
		return nil
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		a := tokenAnswer{Error: re.ErrorCode, ErrorDescription: re.ErrorDescription}
		if a.Error == "" { // the JWT flow leaves the body unparsed
			_ = json.Unmarshal(re.Body, &a)
		}
		msg := cmp.Or(a.Error, "status "+fmt.Sprint(re.Response.StatusCode))
		if a.ErrorDescription != "" {
			msg += " (" + a.ErrorDescription + ")"
		}
		return fmt.Errorf("the Google token endpoint refused the %s: %s", what, msg)
	}
	return fmt.Errorf("get a Google access token: %w", err)
}
