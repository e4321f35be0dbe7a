package lang

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/zktree/zktree/internal/asttest"
	"github.com/zktree/zktree/internal/gentree"
	"github.com/zktree/zktree/internal/golden"
)

// TestFormat_golden formats the in.zk file of each testdata/format/*.txtar
// archive and compares the result with its want.zk file; it also checks
// that formatting is idempotent and keeps the parsed tree.
func TestFormat_golden(t *testing.T) {
	paths, err := filepath.Glob("testdata/format/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no format cases: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			in := archiveFile(t, ar, "in.zk")
			got, ds := Format(path, in)
			if ds.HasErrors() {
				t.Fatalf("Format: %v", ds)
			}
			setArchiveFile(ar, "want.zk", got)
			golden.Check(t, path, txtar.Format(ar))
			checkRoundTrip(t, path, in, got)
		})
	}
}

// checkRoundTrip checks that formatted (the formatting of src) formats to
// itself and parses to the same tree as src.
func checkRoundTrip(t *testing.T, name string, src, formatted []byte) {
	t.Helper()
	again, ds := Format(name, formatted)
	if ds.HasErrors() {
		t.Fatalf("formatted text does not parse: %v\n%s", ds, formatted)
	}
	if !bytes.Equal(again, formatted) {
		t.Errorf("Format is not idempotent:\nfirst:\n%s\nsecond:\n%s", formatted, again)
	}
	f1, _ := Parse(name, src)
	f2, _ := Parse(name, formatted)
	if d := asttest.Diff(f1, f2); d != "" {
		t.Errorf("formatting changed the tree (-src +formatted):\n%s", d)
	}
}

func archiveFile(t *testing.T, ar *txtar.Archive, name string) []byte {
	t.Helper()
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("archive has no %s", name)
	return nil
}

func setArchiveFile(ar *txtar.Archive, name string, data []byte) {
	for i, f := range ar.Files {
		if f.Name == name {
			ar.Files[i].Data = data
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
}

func TestFormat_refusesErrors(t *testing.T) {
	src := []byte("/a\n  x = 1\n    y = 2\n")
	out, ds := Format("bad.zk", src)
	if out != nil || !ds.HasErrors() {
		t.Fatalf("Format of a bad file = %q, %v; want nil and errors", out, ds)
	}
}

// TestFormat_bytes checks inputs that a txtar archive cannot hold exactly
// (CR, no final newline).
func TestFormat_bytes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/a\r\n  x = 1\r\n", "/a\n  x = 1\n"},
		{"/a\n  x = 1", "/a\n  x = 1\n"},
		{"/a\r\n\r\n\r\n/b", "/a\n\n/b\n"},
		{"", ""},
		{"\n\n", ""},
	} {
		got, ds := Format("t.zk", []byte(c.in))
		if ds.HasErrors() {
			t.Fatalf("Format(%q): %v", c.in, ds)
		}
		if string(got) != c.want {
			t.Errorf("Format(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// BenchmarkFormat formats a generated tree of 100,000 nodes (about 5 MB),
// from the syntax tree (Fprint) and from the text (Format, parsing
// included), next to a plain parse of the same text.
func BenchmarkFormat(b *testing.B) {
	src, _ := gentree.Tree("big.zk", 100_000)
	f, ds := Parse("big.zk", src)
	if ds.HasErrors() {
		b.Fatal(ds)
	}
	b.Run("Fprint", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			if err := Fprint(io.Discard, f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Format", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			if _, ds := Format("big.zk", src); ds.HasErrors() {
				b.Fatal(ds)
			}
		}
	})
	b.Run("Parse", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			Parse("big.zk", src)
		}
	})
}
