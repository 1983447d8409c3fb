package config

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
)

func TestLoad_WhatsApp(t *testing.T) {
	t.Parallel()
	env := map[string]string{"HOOKFLOW_WHATSAPP_VERIFY_TOKEN": "from-env", "HOOKFLOW_WHATSAPP_APP_SECRET": "secret-env"}
	c, _, err := Load("serve", []string{"--whatsapp-app-secret", "secret-flag"}, func(k string) string { return env[k] }, &bytes.Buffer{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.WhatsAppVerifyToken != "from-env" || c.WhatsAppAppSecret != "secret-flag" {
		t.Fatalf("verify token %q, app secret %q; want the variable's and the flag's", c.WhatsAppVerifyToken, c.WhatsAppAppSecret)
	}
	var help bytes.Buffer
	if _, _, err := Load("serve", []string{"--help"}, func(string) string { return "" }, &help, nil); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
	for _, want := range []string{"-whatsapp-verify-token", "-whatsapp-app-secret", "HOOKFLOW_WHATSAPP_VERIFY_TOKEN", "HOOKFLOW_WHATSAPP_APP_SECRET"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("help does not mention %s:\n%s", want, help.String())
		}
	}
}
