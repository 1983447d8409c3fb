// Package sheetstest holds a local fake of Google's OAuth token endpoint
// and of the Sheets API v4 values methods, for tests. The token endpoint
// checks a service account's signed JWT (RS256, issuer, audience, scope)
// or an OAuth client's refresh token; the Sheets API checks the bearer
// token, that the spreadsheet is shared with the caller, ranges in A1
// notation and valueInputOption, and answers with Google's shapes and
// errors.
package sheetstest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// ServiceAccountEmail is the email of the fake's service account.
const ServiceAccountEmail = "hookflow-sheets@hookflow-test.iam.gserviceaccount.com"

// SheetsScope is the scope the tokens must be asked for.
const SheetsScope = "https://www.googleapis.com/auth/spreadsheets"

// Google is the fake: token endpoint at /token, Sheets API under /v4/.
type Google struct {
	*httptest.Server
	// OAuth client accepted by the refresh_token grant.
	ClientID, ClientSecret, RefreshToken string
	key                                  *rsa.PrivateKey
	mu                                   sync.Mutex
	tokens                               map[string]string // access token → the account it was given to
	sheets                               map[string]*spreadsheet
	serial                               int
	calls                                []string
	fails                                []int // statuses to answer the next Sheets calls with
}

type spreadsheet struct {
	tabs   map[string][][]string
	shared map[string]bool // accounts that may use it
}

// New starts the fake with a fresh service account key.
func New(t testing.TB) *Google {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	g := &Google{key: key, tokens: map[string]string{}, sheets: map[string]*spreadsheet{},
		ClientID: "1234-client.apps.googleusercontent.com", ClientSecret: "GOCSPX-client-secret", RefreshToken: "1//0g-refresh-secret"}
	g.Server = httptest.NewServer(http.HandlerFunc(g.handle))
	t.Cleanup(g.Close)
	return g
}

// TokenURL is the fake's token endpoint.
func (g *Google) TokenURL() string { return g.URL + "/token" }

// ServiceAccountJSON returns the key file of the fake's service account,
// as the Google Cloud console hands it out.
func (g *Google) ServiceAccountJSON() string {
	der, _ := x509.MarshalPKCS8PrivateKey(g.key)
	key := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	b, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "hookflow-test", "private_key_id": "4f1c0ffee0d15ea5e",
		"private_key": string(key), "client_email": ServiceAccountEmail, "client_id": "101010101010",
		"auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": g.TokenURL(),
	})
	return string(b)
}

// AddSpreadsheet creates spreadsheet id with tabs (name → rows), shared
// with the given accounts (emails, or the OAuth client id).
func (g *Google) AddSpreadsheet(id string, tabs map[string][][]string, sharedWith ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := &spreadsheet{tabs: tabs, shared: map[string]bool{}}
	for _, a := range sharedWith {
		s.shared[a] = true
	}
	g.sheets[id] = s
}

// Rows returns a copy of a tab's rows.
func (g *Google) Rows(id, tab string) [][]string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out [][]string
	for _, r := range g.sheets[id].tabs[tab] {
		out = append(out, append([]string(nil), r...))
	}
	return out
}

// Calls returns the Sheets calls made, as "METHOD path?query".
func (g *Google) Calls() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.calls...)
}

// AccessTokens returns the access tokens handed out so far.
func (g *Google) AccessTokens() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]string, 0, len(g.tokens))
	for t := range g.tokens {
		out = append(out, t)
	}
	return out
}

// FailNext makes the next Sheets calls answer the given statuses.
func (g *Google) FailNext(statuses ...int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.fails = append(g.fails, statuses...)
}

func (g *Google) handle(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r.URL.Path == "/token" {
		g.token(w, r)
		return
	}
	g.calls = append(g.calls, r.Method+" "+r.URL.EscapedPath()+"?"+r.URL.RawQuery)
	if len(g.fails) > 0 {
		status := g.fails[0]
		g.fails = g.fails[1:]
		googleError(w, status, map[int]string{429: "Quota exceeded for quota metric 'Write requests'",
			500: "Internal error encountered.", 503: "The service is currently unavailable."}[status])
		return
	}
	account, ok := g.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	if !ok {
		googleError(w, http.StatusUnauthorized, "Request had invalid authentication credentials. Expected OAuth 2 access token, "+
			"login cookie or other valid authentication credential.")
		return
	}
	g.values(w, r, account)
}

// googleError answers in the shape of Google APIs' errors.
func googleError(w http.ResponseWriter, status int, message string) {
	names := map[int]string{400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
		404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": status, "message": message, "status": names[status]}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// token answers the JWT bearer grant of service accounts and the
// refresh_token grant of OAuth clients.
func (g *Google) token(w http.ResponseWriter, r *http.Request) {
	account, desc := "", ""
	switch r.FormValue("grant_type") {
	case "urn:ietf:params:oauth:grant-type:jwt-bearer":
		account, desc = g.checkAssertion(r.FormValue("assertion"))
	case "refresh_token":
		switch {
		case r.FormValue("client_id") != g.ClientID || r.FormValue("client_secret") != g.ClientSecret:
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "Unauthorized"})
			return
		case r.FormValue("refresh_token") != g.RefreshToken:
			desc = "Token has been expired or revoked."
		default:
			account = g.ClientID
		}
	default:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type", "error_description": "Invalid grant_type"})
		return
	}
	if desc != "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": desc})
		return
	}
	g.serial++
	tok := fmt.Sprintf("ya29.a0fake%06d", g.serial)
	g.tokens[tok] = account
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "expires_in": 3599, "token_type": "Bearer"})
}

// checkAssertion verifies a service account's JWT; it returns the
// account, or why the assertion is refused.
func (g *Google) checkAssertion(jwt string) (string, string) {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return "", "Invalid JWT: not a compact JWS"
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err != nil || rsa.VerifyPKCS1v15(&g.key.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		return "", "Invalid JWT Signature."
	}
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var c struct {
		Iss   string `json:"iss"`
		Scope string `json:"scope"`
		Aud   string `json:"aud"`
		Exp   int64  `json:"exp"`
		Iat   int64  `json:"iat"`
	}
	if json.Unmarshal(raw, &c) != nil || c.Iss != ServiceAccountEmail {
		return "", "Invalid JWT: unknown issuer"
	}
	now := time.Now().Unix()
	switch {
	case c.Aud != g.TokenURL():
		return "", "Invalid JWT: Failed audience check."
	case !strings.Contains(" "+c.Scope+" ", " "+SheetsScope+" "):
		return "", "Invalid JWT: no spreadsheets scope"
	case c.Exp < now || c.Iat > now+300 || c.Exp-c.Iat > 3600:
		return "", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe."
	}
	return c.Iss, ""
}

// readBody returns the request's body, for the values methods.
func readBody(r *http.Request) []byte {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	return b
}
