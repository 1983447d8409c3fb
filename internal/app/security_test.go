package app_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookflow/hookflow/internal/app"
)

// TestSecurity_ManagementRoutesNeedKey walks the route table, so that a
// route added later is covered too: every /api and /v2 route but the
// session sign-in refuses a request without a key, and one with a wrong
// key, before doing anything.
func TestSecurity_ManagementRoutesNeedKey(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	param := regexp.MustCompile(`:(\w+)`)
	checked := 0
	for _, r := range p.app.HTTP.GetRoutes(true) {
		public := r.Path == "/api/session" && (r.Method == "POST" || r.Method == "DELETE")
		if public || r.Method == "HEAD" || r.Method == "CONNECT" || r.Method == "TRACE" || r.Method == "OPTIONS" ||
			!(strings.HasPrefix(r.Path, "/api/") || strings.HasPrefix(r.Path, "/v2/")) {
			continue
		}
		path := param.ReplaceAllString(r.Path, "x1")
		for _, auth := range [][]string{nil, {"Authorization", "Bearer hfk_wrong_key_000000000000000"}} {
			a := p.send(r.Method, path, "application/json", []byte(`{}`), auth...)
			if a.status != 401 {
				t.Errorf("%s %s with key %v: %d %s; want 401", r.Method, r.Path, auth, a.status, a.body)
			}
		}
		checked++
	}
	if checked < 40 {
		t.Fatalf("only %d management routes found; the route walk is broken", checked)
	}
}

// TestSecurity_OutboundSecretsAppearNowhere: the signing secret of an
// outbound webhook and the token it calls with are shown once, at
// registration, and are then in no API answer, log line or database file,
// while the receiver got a valid signature and the token. The receiver
// answers 1 GiB: the delivery reads a capped excerpt and is recorded.
func TestSecurity_OutboundSecretsAppearNowhere(t *testing.T) {
	t.Parallel()
	const token = "canary-outbound-token-5b1e0d"
	var gotAuth, gotSig atomic.Value
	var written atomic.Int64
	done := make(chan struct{}, 1)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth.Store(r.Header.Get("Authorization"))
		gotSig.Store(r.Header.Get("Webhook-Signature"))
		defer func() { done <- struct{}{} }()
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		for written.Load() < 1<<30 {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer receiver.Close()

	dir := t.TempDir()
	logs := &syncBuffer{}
	p := startProcWith(t, openSQLite(t, filepath.Join(dir, "hookflow.db")), app.Options{
		Log:           slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
	})
	p.api("POST", "/api/channels", `{"number": "919800000001", "name": "sales"}`, 201)
	reg := p.send("POST", "/v2/webhook/register", "application/json", []byte(`{"name": "big", "method": "POST", "url": "`+receiver.URL+`/in",
	  "webhookEvents": ["ADD_TAG"], "wabaNumbers": ["919800000001"], "bodyFormat": "JSON", "retryOnTimeout": false,
	  "authorization": {"type": "BEARER", "payload": "`+token+`"}}`), "Authorization", key)
	if reg.status != 201 {
		t.Fatalf("register: %d %s", reg.status, reg.body)
	}
	subID, secret := reg.json(t)["id"].(string), reg.json(t)["signingSecret"].(string)
	if a := p.sendEvent("ADD_TAG", "919800000001", "", example(t, "ADD_TAG")); a.status != 202 || a.json(t)["deliveries"] != 1.0 {
		t.Fatalf("event: %d %s", a.status, a.body)
	}
	var answers bytes.Buffer
	var d map[string]any
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		list := p.api("GET", "/api/deliveries?subscriptionId="+subID, "", 200)
		if items := list["items"].([]any); len(items) == 1 && items[0].(map[string]any)["status"] != "pending" {
			d = p.api("GET", "/api/deliveries/"+items[0].(map[string]any)["id"].(string), "", 200)
			answers.WriteString(mustJSON(t, list) + mustJSON(t, d))
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the delivery was never recorded")
		}
	}
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the receiver is still writing: the answer was not cut")
	}
	attempts := d["attempts"].([]any)
	last := attempts[len(attempts)-1].(map[string]any)
	if d["status"] != "succeeded" || last["truncated"] != true || len(last["response"].(string)) > 64<<10 {
		t.Errorf("delivery %v, attempt truncated %v, excerpt %d bytes", d["status"], last["truncated"], len(last["response"].(string)))
	}
	if n := written.Load(); n >= 1<<30 {
		t.Errorf("the receiver wrote all %d bytes", n)
	}
	if gotAuth.Load() != "Bearer "+token || !strings.HasPrefix(gotSig.Load().(string), "v1,") {
		t.Fatalf("receiver got Authorization %q, signature %q", gotAuth.Load(), gotSig.Load())
	}
	answers.WriteString(mustJSON(t, p.api("GET", "/v2/webhook", "", 200)))
	answers.WriteString(mustJSON(t, p.api("GET", "/v2/webhook/"+subID, "", 200)))
	p.stop()

	key64 := strings.TrimPrefix(secret, "whsec_")
	rawKey, _ := base64.StdEncoding.DecodeString(key64)
	canaries := map[string]string{"signing secret": key64, "signing key bytes": string(rawKey), "outbound token": token}
	files := secretsAbsent(t, dir, answers.String(), logs.String(), canaries)
	if len(files) == 0 || len(rawKey) != 32 {
		t.Fatalf("nothing to check: files %v, key %d bytes", files, len(rawKey))
	}
}

// secretName matches identifiers that hold a secret or something derived
// from one.
var secretName = regexp.MustCompile(`(?i)(secret|token|signature|\bsig|sig\b|password|passwd|apikey|api_key|hmac|digest|hash|^key$|Key$)`)

// compareAllowed lists comparisons of secret-looking names that compare
// no secret, as "file:expression", with the reason.
var compareAllowed = map[string]string{
	"credentials/resolve.go:c.tok.AccessToken vs token": "drops the cached token when a call with that same " +
		"token got 401; both sides come from hookflow, none from a caller",
	"nodes/webhook/request.go:name vs extraSecret": "compares a header name with the name of the trigger's " +
		"secret header, to redact it; no secret value is compared",
}

// TestSecurity_SecretsComparedInConstantTime walks hookflow's Go source
// and fails on a secret, token, signature, key or hash compared with ==,
// != or bytes.Equal, which stop at the first differing byte; they must
// use hmac.Equal or crypto/subtle. Comparisons with a constant ("", nil,
// a literal, a named constant such as a prefix) are not secret checks.
func TestSecurity_SecretsComparedInConstantTime(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "ui" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files++
		rel, _ := filepath.Rel(root, path)
		ast.Inspect(f, func(n ast.Node) bool {
			if bad := secretCompare(n); bad != "" {
				if _, ok := compareAllowed[rel+":"+bad]; !ok {
					t.Errorf("%s: %s compares a secret in variable time; use hmac.Equal or subtle.ConstantTimeCompare", fset.Position(n.Pos()), bad)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("only %d Go files walked", files)
	}
}

// secretCompare returns the source of n when it compares two values one
// of which is named like a secret and neither is a constant.
func secretCompare(n ast.Node) string {
	var x, y ast.Expr
	switch e := n.(type) {
	case *ast.BinaryExpr:
		if e.Op != token.EQL && e.Op != token.NEQ {
			return ""
		}
		x, y = e.X, e.Y
	case *ast.CallExpr:
		sel, ok := e.Fun.(*ast.SelectorExpr)
		pkg, ok2 := selX(sel)
		if !ok || !ok2 || pkg != "bytes" || sel.Sel.Name != "Equal" || len(e.Args) != 2 {
			return ""
		}
		x, y = e.Args[0], e.Args[1]
	default:
		return ""
	}
	if constant(x) || constant(y) || !(secretNamed(x) || secretNamed(y)) {
		return ""
	}
	return exprString(x) + " vs " + exprString(y)
}

func selX(sel *ast.SelectorExpr) (string, bool) {
	if sel == nil {
		return "", false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return "", false
	}
	return id.Name, true
}

// constant reports whether e is a literal, nil, a named constant (by Go
// naming: an exported or package-level CamelCase name used bare), len()
// or a conversion of one.
func constant(e ast.Expr) bool {
	switch v := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		// A bare exported name not declared in the file is a package-level
		// name of another file: constants such as FieldPassword.
		return v.Name == "nil" || v.Name == "true" || v.Name == "false" || (v.Obj != nil && v.Obj.Kind == ast.Con) ||
			(v.Obj == nil && v.IsExported() && isConstName(v.Name))
	case *ast.SelectorExpr:
		// pkg.Constant, such as webhook.AuthStripe or store.ErrNotFound.
		_, isPkg := selX(v)
		return isPkg && v.Sel.IsExported() && isConstName(v.Sel.Name)
	case *ast.CallExpr:
		if id, ok := v.Fun.(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap") {
			return true
		}
		if len(v.Args) == 1 {
			return constant(v.Args[0])
		}
	case *ast.ParenExpr:
		return constant(v.X)
	}
	return false
}

// isConstName tells the names of exported constants and sentinel errors
// (AuthStripe, ErrNotFound, SecretPrefix) from exported variables holding
// a value, which the code base names the same way: all are treated as
// constants except names that say they hold a secret value.
func isConstName(name string) bool {
	return !strings.Contains(strings.ToLower(name), "value")
}

func secretNamed(e ast.Expr) bool {
	switch v := e.(type) {
	case *ast.Ident:
		return secretName.MatchString(v.Name)
	case *ast.SelectorExpr:
		return secretName.MatchString(v.Sel.Name)
	case *ast.CallExpr:
		// string(sig), hex.EncodeToString(mac)
		for _, a := range v.Args {
			if secretNamed(a) {
				return true
			}
		}
	case *ast.IndexExpr:
		return secretNamed(v.X)
	case *ast.StarExpr:
		return secretNamed(v.X)
	}
	return false
}

func exprString(e ast.Expr) string {
	var b strings.Builder
	ast.Inspect(e, func(n ast.Node) bool {
		switch v := n.(type) {
		case *ast.Ident:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v.Name)
		case *ast.BasicLit:
			b.WriteString(v.Value)
		}
		return true
	})
	return fmt.Sprint(b.String())
}
