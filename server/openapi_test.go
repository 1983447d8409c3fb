package server_test

import (
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/internal/metrics"
	"github.com/hookflow/hookflow/internal/safehttp"
	"github.com/hookflow/hookflow/internal/secrets"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/server"
)

// TestOpenAPI_DescribesEveryRoute fails when a route is added to the server
// without being described in openapi.yaml, or described without existing.
func TestOpenAPI_DescribesEveryRoute(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("openapi.yaml is not valid YAML: %v", err)
	}
	box, err := secrets.NewBox(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	creds, err := credentials.NewService(credentials.Options{Store: credentials.NewMemoryStore(), Box: box, HTTP: safehttp.New(safehttp.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	app := server.New(server.Deps{Registry: nodes.NewRegistry(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Metrics: metrics.NewRegistry(), Credentials: creds})
	param := regexp.MustCompile(`:(\w+)`)
	served := map[string]bool{}
	for _, r := range app.GetRoutes(true) {
		if r.Method == "HEAD" || r.Method == "CONNECT" || r.Method == "TRACE" || r.Method == "OPTIONS" || r.Path == "/" || r.Path == "/openapi.yaml" {
			continue
		}
		path := param.ReplaceAllString(r.Path, "{$1}")
		method := strings.ToLower(r.Method)
		if strings.HasPrefix(path, "/hook/") {
			method = "post" // any method; described once
		}
		served[path+" "+method] = true
		if _, ok := doc.Paths[path][method]; !ok {
			t.Errorf("route %s %s is not described in openapi.yaml", r.Method, path)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method != "parameters" && !served[path+" "+method] {
				t.Errorf("openapi.yaml describes %s %s, which the server does not serve", strings.ToUpper(method), path)
			}
		}
	}
}
