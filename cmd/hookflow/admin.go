package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/internal/secrets"
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
		fs.BoolVar(&admin, "admin", false, "make an admin key, which can also make and revoke API keys")
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

// backuper is a store that can copy itself while hookflow runs (the
// embedded SQLite store).
type backuper interface {
	Backup(ctx context.Context, path string) error
}

// backup writes a snapshot of the embedded store, and a copy of the
// generated secret key beside it, without stopping hookflow.
func backup(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	var out string
	a, rest, err := openApp(ctx, "backup", args, env, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "file to write (default hookflow-backup-<UTC time>.db in the current folder)")
	})
	if err != nil {
		return err
	}
	defer a.store.Close()
	if len(rest) > 0 {
		return fmt.Errorf("backup takes no arguments but --out; got %q", rest)
	}
	b, ok := a.store.(backuper)
	if !ok {
		return fmt.Errorf("backup copies the embedded store; back up MongoDB with its own tools (mongodump, snapshots), as docs/operations.md says")
	}
	// A store that hookflow ever served has an API key (the admin key is
	// made at the first start): an empty one means the data folder is not
	// the server's, and its backup would hold nothing.
	if keys, err := a.store.ListKeys(ctx); err != nil {
		return err
	} else if len(keys) == 0 {
		return fmt.Errorf("the store at %s is empty (no API keys): give backup the server's --data-dir or HOOKFLOW_DATA_DIR", a.cfg.DBPath())
	}
	if out == "" {
		out = "hookflow-backup-" + time.Now().UTC().Format("20060102-150405") + ".db"
	}
	if err := b.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up the store to %s\n", out)
	if strings.TrimSpace(a.cfg.SecretKey) != "" {
		fmt.Fprintf(stdout, "the secret key is set by %s: keep a copy of it with the backup, or stored credentials cannot be opened after a restore\n", secrets.KeyEnv)
		return nil
	}
	key, err := os.ReadFile(filepath.Join(a.cfg.DataDir, secrets.KeyFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no credentials were ever sealed
	}
	if err != nil {
		return fmt.Errorf("read the secret key: %w", err)
	}
	keyOut := out + "." + secrets.KeyFile
	f, err := os.OpenFile(keyOut, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("copy the secret key: %w", err)
	}
	if _, err := f.Write(key); err != nil {
		f.Close()
		return fmt.Errorf("copy the secret key: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("copy the secret key: %w", err)
	}
	fmt.Fprintf(stdout, "and the secret key to %s: it opens the stored credentials, so keep it as safe as the backup\n", keyOut)
	return nil
}
