package eval_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/zktree/zktree/eval"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.zk", "/svc\n  db -> /databases/main\n  port => db\n  x = = 1\n")
	b := write("b.zk", "/databases\n  /main\n    port = 5432\n")
	m, ds, err := eval.Load("/env", a, b)
	if err != nil {
		t.Fatal(err)
	}
	// The link that does not resolve (its absolute target still starts at
	// the root, not at the mount), the property link that reads through
	// it, and the syntax error, in line order.
	if len(ds) != 3 || ds[0].Code != eval.CodeDanglingLink || ds[1].Code != eval.CodeDanglingPropLink || ds[2].Range.Start.Line != 4 || ds[2].Code == ds[1].Code {
		t.Fatalf("diagnostics %v", ds)
	}
	if m.Node("/env/svc") == nil || m.Node("/env/databases/main") == nil {
		t.Error("files not mounted at /env")
	}
	m, ds, err = eval.Load("", b)
	if err != nil || len(ds) != 0 || m.Node("/databases/main") == nil {
		t.Errorf("Load at the root: %v %v", ds, err)
	}
	if _, _, err := eval.Load("/", filepath.Join(dir, "missing.zk")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
