package lint

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/zktree/zktree/ast"
)

// Baseline is a set of accepted findings, so that a team can adopt the
// linter without fixing old findings first: [Baseline.Filter] drops the
// findings it holds. Findings are matched by rule, file and message, not by
// line, so edits elsewhere in a file keep them matched; each entry matches
// as many findings as its count. File names match when they name the same
// file the same way once cleaned ("./trees/a.zk" and "trees/a.zk"), so run
// the linter from the same directory each time.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding and how many times it occurs.
type BaselineEntry struct {
	Rule    string `json:"rule"`
	File    string `json:"file"`
	Message string `json:"message"`
	Count   int    `json:"count"`
}

type baselineKey struct{ rule, file, message string }

// keyOf returns the key that matches d in a baseline; the file name is
// cleaned ("./a.zk" is "a.zk") and uses slashes.
func keyOf(d *ast.Diagnostic) baselineKey {
	return baselineKey{d.Code, baselineFile(d.File), d.Message}
}

func baselineFile(name string) string { return filepath.ToSlash(filepath.Clean(name)) }

// NewBaseline returns the baseline that accepts every finding of ds.
func NewBaseline(ds ast.Diagnostics) *Baseline {
	counts := map[baselineKey]int{}
	for _, d := range ds {
		counts[keyOf(d)]++
	}
	b := &Baseline{Version: 1, Findings: []BaselineEntry{}}
	for k, n := range counts {
		b.Findings = append(b.Findings, BaselineEntry{Rule: k.rule, File: k.file, Message: k.message, Count: n})
	}
	slices.SortFunc(b.Findings, func(x, y BaselineEntry) int {
		if c := cmp.Compare(x.File, y.File); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Rule, y.Rule); c != 0 {
			return c
		}
		return cmp.Compare(x.Message, y.Message)
	})
	return b
}

// Filter returns the findings of ds that the baseline does not accept.
func (b *Baseline) Filter(ds ast.Diagnostics) ast.Diagnostics {
	left := map[baselineKey]int{}
	for _, e := range b.Findings {
		left[baselineKey{e.Rule, baselineFile(e.File), e.Message}] += e.Count
	}
	var out ast.Diagnostics
	for _, d := range ds {
		if k := keyOf(d); left[k] > 0 {
			left[k]--
			continue
		}
		out = append(out, d)
	}
	return out
}

// Write prints the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	return writeJSON(w, b)
}

// LoadBaseline reads a baseline file written by [Baseline.Write].
func LoadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a baseline file: %w", path, err)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("%s: not a baseline file of version 1 (written by zktree lint --write-baseline)", path)
	}
	return &b, nil
}
