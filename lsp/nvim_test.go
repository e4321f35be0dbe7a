package lsp

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestNeovim runs the zktree binary under Neovim's built-in LSP client
// (headless): a dangling link must show up as a diagnostic, formatting must
// rewrite the buffer, fixing the link (an incremental change) must clear the
// diagnostic, and the fixed link must lead to its node. Without nvim the test is skipped, except under CI.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("nvim is not installed (scripts/test.sh installs Debian's neovim)")
		}
		t.Skip("nvim is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "zktree")
	build := exec.Command("go", "build", "-o", bin, "github.com/zktree/zktree/cmd/zktree")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	file := filepath.Join(dir, "tree.zk")
	if err := os.WriteFile(file, []byte("/app  :  web\n    db   ->   /databases/mian\n/databases\n    /main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.txt")
	script, err := filepath.Abs("testdata/nvim.lua")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", "NONE", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ZKTREE_BIN="+bin, "ZKTREE_FILE="+file, "ZKTREE_OUT="+out, "HOME="+dir, "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`diagnostic 1:14 DANGLING_LINK link "db": no node /databases/mian; did you mean /databases/main?`,
		"formatted:",
		"/app : web",
		"  db -> /databases/mian",
		"/databases",
		"  /main",
		"fixed: no diagnostics",
		"definition 3:3-3:7",
	}
	if diff := cmp.Diff(want, strings.Split(strings.TrimSpace(string(got)), "\n")); diff != "" {
		t.Errorf("Neovim session (-want +got):\n%s", diff)
	}
}
