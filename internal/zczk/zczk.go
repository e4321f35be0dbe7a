package zczk

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// EnvDir names the environment variable that overrides where the corpus
// is; by default it is ../shared/zc.zk/corpus relative to the module root.
const EnvDir = "ZKTREE_ZCZK_CORPUS"

// Dir returns the corpus directory. When it is missing the test is
// skipped, or fails when the environment variable CI is set: CI must
// never pass without running the corpus.
func Dir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(EnvDir)
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(root, "..", "shared", "zc.zk", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "INDEX.tsv")); err != nil {
		msg := fmt.Sprintf("zc.zk corpus not found (set %s): %v", EnvDir, err)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// moduleRoot returns the nearest directory at or above the working
// directory that holds go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("zczk: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Case is one row of the corpus index.
type Case struct {
	Dir  string // the corpus directory
	Name string // e.g. "001-readme-tree-lb-cms-retail"
	Kind string // parse, import, export, resolve, props, delete, walk, graph
}

// Path returns the path of the case's file with the given extension
// ("tree", "expected", "opts", …).
func (c Case) Path(ext string) string {
	return filepath.Join(c.Dir, c.Name+"."+ext)
}

// Read returns the content of the case's file with the given extension.
func (c Case) Read(ext string) ([]byte, error) {
	return os.ReadFile(c.Path(ext))
}

// Cases returns the cases of the given kind ("" for all), in index order.
func Cases(dir, kind string) ([]Case, error) {
	f, err := os.Open(filepath.Join(dir, "INDEX.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []Case
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 2 || fields[0] == "" {
			continue
		}
		if kind == "" || fields[1] == kind {
			cases = append(cases, Case{Dir: dir, Name: fields[0], Kind: fields[1]})
		}
	}
	return cases, sc.Err()
}
