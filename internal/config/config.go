// Package config reads hookflow's settings from flags and environment
// variables (DESIGN.md section 10). A flag wins over its variable, and the
// variable over the default.
package config

import (
	"flag"
	"fmt"
	"io"
	"net/netip"
	"path/filepath"
	"strings"
	"time"
)

// Config is every setting of a hookflow process.
type Config struct {
	Addr           string
	DataDir        string
	MongoURI       string
	MongoDB        string
	MongoMajority  bool
	PublicURL      string
	SecretKey      string
	AllowNetworks  []netip.Prefix
	Retention      time.Duration
	Lease          time.Duration
	Workers        int
	AdminKey       string
	Role           string
	LogFormat      string
	LogLevel       string
	MaxAPIBodySize int
	PprofAddr      string
	// WhatsAppVerifyToken and WhatsAppAppSecret configure the WhatsApp
	// Cloud API adapter (/whatsapp/webhook).
	WhatsAppVerifyToken string
	WhatsAppAppSecret   string
}

// DBPath is the embedded store's file.
func (c *Config) DBPath() string { return filepath.Join(c.DataDir, "hookflow.db") }

type setting struct {
	name, env, def, help string
}

var settings = []setting{
	{"addr", "HOOKFLOW_ADDR", "127.0.0.1:8080", "address to listen on (host:port)"},
	{"data-dir", "HOOKFLOW_DATA_DIR", "./data", "folder of the embedded store (hookflow.db) and the generated secret key"},
	{"mongo-uri", "HOOKFLOW_MONGO_URI", "", "MongoDB connection string; empty keeps everything in the embedded SQLite store"},
	{"mongo-db", "HOOKFLOW_MONGO_DB", "hookflow", "MongoDB database name"},
	{"mongo-write-concern", "HOOKFLOW_MONGO_WRITE_CONCERN", "majority", "MongoDB write concern: majority (survives a primary failover) or 1"},
	{"public-url", "HOOKFLOW_PUBLIC_URL", "", "base URL that webhook URLs are shown with, e.g. https://hooks.example.com (default: http://<addr>)"},
	{"secret-key", "HOOKFLOW_SECRET_KEY", "", "key that encrypts stored credentials (base64 of 32 bytes); generated into the data folder if empty"},
	{"allow-networks", "HOOKFLOW_ALLOW_NETWORKS", "", "comma-separated CIDRs that outgoing calls may reach although private, e.g. 10.1.0.0/16"},
	{"retention", "HOOKFLOW_RETENTION", "720h", "how long run history, deliveries and received events are kept (a flow may override it for its runs)"},
	{"workers", "HOOKFLOW_WORKERS", "0", "number of run workers; 0 picks 8 per CPU"},
	{"lease", "HOOKFLOW_LEASE", "30s", "how long a process holds a run without renewing; after a crash, others take its runs over once this lapses"},
	{"admin-key", "HOOKFLOW_ADMIN_KEY", "", "admin API key to use instead of generating one on first start (for automation and tests)"},
	{"role", "HOOKFLOW_ROLE", "all", "what this process does: api (intake and management), worker (runs and deliveries) or all"},
	{"pprof-addr", "HOOKFLOW_PPROF_ADDR", "", "if set, serve Go profiling (/debug/pprof) on this separate address, e.g. 127.0.0.1:6060"},
	{"whatsapp-verify-token", "HOOKFLOW_WHATSAPP_VERIFY_TOKEN", "", "verify token of the WhatsApp Cloud API webhook: the same text as in the Meta app's webhook settings; empty turns /whatsapp/webhook off"},
	{"whatsapp-app-secret", "HOOKFLOW_WHATSAPP_APP_SECRET", "", "app secret of the Meta app, which signs WhatsApp Cloud API webhooks (X-Hub-Signature-256); empty turns /whatsapp/webhook off"},
	{"log-format", "HOOKFLOW_LOG_FORMAT", "text", "log format: text or json"},
	{"log-level", "HOOKFLOW_LOG_LEVEL", "info", "log level: debug, info, warn or error"},
}

// Load parses args (without the program name) with env as the
// environment. Output of --help goes to out. extra, if not nil, adds a
// command's own flags; the arguments left after the flags are returned.
func Load(command string, args []string, env func(string) string, out io.Writer, extra func(*flag.FlagSet)) (*Config, []string, error) {
	fs := flag.NewFlagSet("hookflow "+command, flag.ContinueOnError)
	fs.SetOutput(out)
	values := map[string]*string{}
	for _, s := range settings {
		def := s.def
		if v := env(s.env); v != "" {
			def = v
		}
		values[s.name] = fs.String(s.name, def, fmt.Sprintf("%s [%s]", s.help, s.env))
	}
	if extra != nil {
		extra(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: hookflow %s [flags]\n\nEvery setting can also be given by the environment variable in brackets.\n\n", command)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	c, err := build(func(name string) string { return strings.TrimSpace(*values[name]) })
	return c, fs.Args(), err
}

func build(get func(string) string) (*Config, error) {
	c := &Config{
		Addr: get("addr"), DataDir: get("data-dir"), MongoURI: get("mongo-uri"), MongoDB: get("mongo-db"),
		PublicURL: strings.TrimRight(get("public-url"), "/"), SecretKey: get("secret-key"), AdminKey: get("admin-key"),
		Role: get("role"), PprofAddr: get("pprof-addr"), LogFormat: get("log-format"), LogLevel: get("log-level"), MaxAPIBodySize: 2 << 20,
		WhatsAppVerifyToken: get("whatsapp-verify-token"), WhatsAppAppSecret: get("whatsapp-app-secret"),
	}
	switch wc := get("mongo-write-concern"); wc {
	case "majority":
		c.MongoMajority = true
	case "1":
	default:
		return nil, fmt.Errorf("mongo-write-concern must be majority or 1, not %q", wc)
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
	}
	var err error
	if c.Retention, err = time.ParseDuration(get("retention")); err != nil || c.Retention < time.Hour {
		return nil, fmt.Errorf("retention must be a duration of at least 1h, such as 720h, not %q", get("retention"))
	}
	if c.Lease, err = time.ParseDuration(get("lease")); err != nil || c.Lease < time.Second {
		return nil, fmt.Errorf("lease must be a duration of at least 1s, such as 30s, not %q", get("lease"))
	}
	if _, err := fmt.Sscan(get("workers"), &c.Workers); err != nil || c.Workers < 0 {
		return nil, fmt.Errorf("workers must be a whole number, 0 or more, not %q", get("workers"))
	}
	if c.AllowNetworks, err = parseNetworks(get("allow-networks")); err != nil {
		return nil, err
	}
	if c.Role != "all" && c.Role != "api" && c.Role != "worker" {
		return nil, fmt.Errorf("role must be api, worker or all, not %q", c.Role)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return nil, fmt.Errorf("log-format must be text or json, not %q", c.LogFormat)
	}
	return c, nil
}

func parseNetworks(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, fmt.Errorf("allow-networks: %q is not a CIDR such as 10.0.0.0/8", part)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
