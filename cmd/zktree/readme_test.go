package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zktree/zktree/internal/golden"
	"github.com/zktree/zktree/lang"
)

const readmePath = "../../README.md"

// grammarBlock matches the README's grammar section between its markers.
var grammarBlock = regexp.MustCompile("(?s)(<!-- grammar:begin -->\n).*?(<!-- grammar:end -->)")

// TestReadme_grammar checks that the README shows the grammar that
// lang.Grammar prints; ZKTREE_UPDATE=1 rewrites the block.
func TestReadme_grammar(t *testing.T) {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	if !grammarBlock.Match(readme) {
		t.Fatal("README.md has no <!-- grammar:begin --> … <!-- grammar:end --> block")
	}
	block := "```ebnf\n" + strings.TrimRight(lang.Grammar(), "\n") + "\n```\n"
	want := grammarBlock.ReplaceAll(readme, []byte("${1}"+strings.ReplaceAll(block, "$", "$$")+"${2}"))
	if !bytes.Equal(readme, want) {
		if golden.Update() {
			if err := os.WriteFile(readmePath, want, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Error("README.md's grammar differs from lang.Grammar() (ZKTREE_UPDATE=1 rewrites it)")
	}
}

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
