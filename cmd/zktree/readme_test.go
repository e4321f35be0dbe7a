package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const readmePath = "../../README.md"

// TestReadme_commands checks that the README's table of commands has a row
// for every command.
func TestReadme_commands(t *testing.T) {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range newRootCmd().Commands() {
		if c.Hidden || c.Name() == "help" {
			continue
		}
		if !bytes.Contains(readme, []byte("| `zktree "+c.Name())) {
			t.Errorf("README.md's table of commands has no row for %q", c.Name())
		}
	}
}

// TestReadme_layout checks that the README's layout table names every
// package of the module.
func TestReadme_layout(t *testing.T) {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if name := d.Name(); p != root && (strings.HasPrefix(name, ".") || name == "testdata") {
			return filepath.SkipDir
		}
		gofiles, _ := filepath.Glob(filepath.Join(p, "*.go"))
		rel, _ := filepath.Rel(root, p)
		if len(gofiles) > 0 && !bytes.Contains(readme, []byte("| `"+filepath.ToSlash(rel)+"` |")) {
			t.Errorf("README.md's layout table has no row for %s", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
