package app_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestReadme_FirstFlow does what README.md's "Your first flow with curl"
// says, with the files it names: create a draft, replace it with
// docs/examples/assigned-chat.flow.json, publish, activate, and send
// docs/examples/assigned-chat.event.json to the trigger's URL. The answer
// must be the one README shows.
func TestReadme_FirstFlow(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	readme := string(read("README.md"))
	const answer = `{"customer":"919812345678","owner":"ravi@example.com","line":"918000000000","queue":"india"}`
	for _, want := range []string{"docs/examples/assigned-chat.flow.json", "docs/examples/assigned-chat.event.json", answer} {
		if !strings.Contains(readme, want) {
			t.Fatalf("README.md no longer mentions %s; keep it and this test together", want)
		}
	}

	p := startProc(t, openSQLite(t, dbPath(t)))
	draft := p.api("POST", "/api/flows", `{"name": "Assigned chat -> CRM"}`, 201)
	id := draft["id"].(string)
	url := draft["trigger"].(map[string]any)["webhookUrl"].(string)
	p.api("PUT", "/api/flows/"+id, string(read("docs/examples/assigned-chat.flow.json")), 200)
	p.api("POST", "/api/flows/"+id+"/publish", "", 200)
	p.api("POST", "/api/flows/"+id+"/activate", "", 200)
	if raw := p.send("GET", "/api/flows/"+id, "", nil, "Authorization", "Bearer "+key); !strings.Contains(string(raw.body), `"name":"Assigned chat -> CRM"`) {
		t.Fatalf("the flow's name is not as written in the answer: %.200s", raw.body)
	}

	got := p.hook(url[strings.Index(url, "/hook/"):], string(read("docs/examples/assigned-chat.event.json")))
	var gotJSON, wantJSON any
	if err := json.Unmarshal(got.body, &gotJSON); err != nil || got.status != 200 {
		t.Fatalf("hook answered %d %s", got.status, got.body)
	}
	_ = json.Unmarshal([]byte(answer), &wantJSON)
	if !reflect.DeepEqual(gotJSON, wantJSON) {
		t.Fatalf("hook answered %s, README shows %s", got.body, answer)
	}
}
