package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
)

// Update reports whether golden files should be rewritten.
func Update() bool {
	v := os.Getenv("ZKTREE_UPDATE")
	return v != "" && v != "0"
}

// Check compares got with the content of the golden file at path and
// reports a diff on mismatch; in update mode it writes got to path.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with ZKTREE_UPDATE=1 to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (ZKTREE_UPDATE=1 rewrites it):\n%s", path, diff.Diff(path, want, "got", got))
	}
}
