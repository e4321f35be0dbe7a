package zczk

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCases(t *testing.T) {
	dir := t.TempDir()
	index := "001-a\tparse\tsource\tharness\n002-b\timport\tsource\tdocumented\n\n003-c\tparse\tsource\tharness\n"
	if err := os.WriteFile(filepath.Join(dir, "INDEX.tsv"), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	cases, err := Cases(dir, "parse")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].Name != "001-a" || cases[1].Name != "003-c" {
		t.Fatalf("Cases(parse) = %+v", cases)
	}
	if got, want := cases[1].Path("tree"), filepath.Join(dir, "003-c.tree"); got != want {
		t.Errorf("Path = %s, want %s", got, want)
	}
	all, _ := Cases(dir, "")
	if len(all) != 3 {
		t.Errorf("Cases(\"\") returned %d cases, want 3", len(all))
	}
	t.Setenv(EnvDir, dir)
	if got := Dir(t); got != dir {
		t.Errorf("Dir = %s, want %s", got, dir)
	}
}
