// Command hookflow is the hookflow server and its admin tool.
//
//	hookflow [serve] [flags]        start the server (the default)
//	hookflow flows export [--out DIR] [ID ...]
//	hookflow flows import [--publish] FILE ...
//	hookflow keys create [--name NAME] [--admin]
//	hookflow backup [--out FILE]
//	hookflow version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `hookflow: a visual automation engine for webhooks and chat events.

Usage:
  hookflow [serve] [flags]                  start the server (hookflow serve --help lists the flags)
  hookflow flows export [--out DIR] [ID...]  write flows as JSON files (all flows without IDs)
  hookflow flows import [--publish] FILE...  create or update flows from JSON files
  hookflow keys create [--name NAME] [--admin] make an API key and print it once
  hookflow backup [--out FILE]               copy the embedded store (and its secret key) while it runs
  hookflow version                           print the version

The flows, keys and backup commands open the same store as the server, configured by
the same flags and environment variables (HOOKFLOW_DATA_DIR, HOOKFLOW_MONGO_URI, ...).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "hookflow:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, env, stdout, stderr)
	case "flows":
		return flowsCommand(ctx, args, env, stdout, stderr)
	case "keys":
		return keysCommand(ctx, args, env, stdout, stderr)
	case "backup":
		return backup(ctx, args, env, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "hookflow", version)
		return nil
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

func newLogger(format, level string, w io.Writer) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log-level must be debug, info, warn or error, not %q", level)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return slog.New(slog.NewTextHandler(w, opts)), nil
}
