package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hookflow/hookflow/flows"
)

func flowsCommand(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("flows needs a subcommand: export or import")
	}
	switch args[0] {
	case "export":
		return exportFlows(ctx, args[1:], env, stdout, stderr)
	case "import":
		return importFlows(ctx, args[1:], env, stdout, stderr)
	default:
		return fmt.Errorf("unknown flows subcommand %q: use export or import", args[0])
	}
}

// exportFlows writes each flow (all, or those named) as DIR/<name>-<id>.json.
func exportFlows(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	var out string
	a, ids, err := openApp(ctx, "flows export", args, env, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", ".", "folder to write the JSON files to")
	})
	if err != nil {
		return err
	}
	defer a.store.Close()
	var list []*flows.Flow
	if len(ids) == 0 {
		if list, err = a.flows.List(ctx); err != nil {
			return err
		}
	}
	for _, id := range ids {
		f, err := a.flows.Get(ctx, id)
		if err != nil {
			return fmt.Errorf("flow %s: %w", id, err)
		}
		list = append(list, f)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, f := range list {
		data, err := json.MarshalIndent(exported(f), "", "  ")
		if err != nil {
			return err
		}
		path := filepath.Join(out, fileName(f))
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "wrote", path)
	}
	return nil
}

// exported drops what belongs to one installation (status, token, times),
// so an export diffs only when the flow itself changed.
func exported(f *flows.Flow) *flows.Flow {
	return &flows.Flow{ID: f.ID, Name: f.Name, Nodes: f.Nodes, Edges: f.Edges, Settings: f.Settings,
		Trigger: flows.TriggerInfo{EventTypes: []string{}, Channels: []string{}}}
}

var unsafeName = regexp.MustCompile(`[^a-z0-9]+`)

func fileName(f *flows.Flow) string {
	slug := strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(f.Name), "-"), "-")
	if len(slug) > 40 {
		slug = slug[:40]
	}
	if slug == "" {
		slug = "flow"
	}
	return slug + "-" + f.ID + ".json"
}

func importFlows(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	var publish bool
	a, files, err := openApp(ctx, "flows import", args, env, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&publish, "publish", false, "publish each imported flow (it must be valid)")
	})
	if err != nil {
		return err
	}
	defer a.store.Close()
	if len(files) == 0 {
		return fmt.Errorf("flows import needs one or more JSON files")
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var in flows.Flow
		if err := json.Unmarshal(data, &in); err != nil {
			return fmt.Errorf("%s is not a flow document: %w", path, err)
		}
		f, created, err := a.flows.Import(ctx, &in)
		if err != nil {
			return fmt.Errorf("import %s: %w", path, err)
		}
		verb := "updated"
		if created {
			verb = "created"
		}
		if publish {
			if f, err = a.flows.Publish(ctx, f.ID); err != nil {
				return fmt.Errorf("publish %s: %w", path, err)
			}
			verb += fmt.Sprintf(" and published as version %d", f.Version)
		}
		fmt.Fprintf(stdout, "%s: %s flow %s (%s)\n", path, verb, f.ID, f.Name)
	}
	return nil
}

func keysCommand(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("keys needs a subcommand: create")
	}
	var name string
	var admin bool
	a, _, err := openApp(ctx, "keys create", args[1:], env, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "cli", "a name that says what the key is for")
		fs.BoolVar(&admin, "admin", false, "make an admin key")
	})
	if err != nil {
		return err
	}
	defer a.store.Close()
	key, _, err := a.keys.Create(ctx, name, admin)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, key)
	return nil
}
