package all_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/hookflow/hookflow/nodes"
)

var update = flag.Bool("update", false, "rewrite docs/nodes.md from the node specs")

const referencePath = "../../docs/nodes.md"

func TestNodeReference_Fresh(t *testing.T) {
	got := nodes.Markdown(nodes.Default)
	if *update {
		if err := os.WriteFile(referencePath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(referencePath)
	if err != nil {
		t.Fatalf("read the node reference: %v\nrun: go test ./nodes/all -run TestNodeReference -update", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/nodes.md is stale: the node specs changed.\n" +
			"run: go test ./nodes/all -run TestNodeReference -update")
	}
}

func TestNodeReference_Deterministic(t *testing.T) {
	t.Parallel()
	first := nodes.Markdown(nodes.Default)
	for range 5 {
		if !bytes.Equal(nodes.Markdown(nodes.Default), first) {
			t.Fatal("two renderings of the node reference differ")
		}
	}
}
