package lint

import (
	"strings"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
)

// IgnorePrefix starts a suppression comment: "# zktree:ignore RULE_ID …"
// silences the named rules on its own line (a trailing comment) or on the
// next line that is not a comment (a whole-line comment).
const IgnorePrefix = "zktree:ignore"

// Run runs the rules that cfg enables (nil: the defaults) over the model
// and returns their findings, sorted, with suppressed ones removed.
// sources maps file names to their text, for the layout rules and for
// nothing else; it may be nil.
func Run(m *eval.Model, sources map[string][]byte, cfg *Config) ast.Diagnostics {
	var out ast.Diagnostics
	for _, r := range registry {
		sev, on := cfg.Rule(r)
		if !on {
			continue
		}
		start := len(out)
		r.Run(&Pass{Model: m, Sources: sources, rule: r, out: &out})
		for _, d := range out[start:] {
			d.Severity = sev
		}
	}
	out = suppress(m.Files(), out)
	out.Sort()
	return out
}

// suppress removes the findings that an ignore comment names.
func suppress(files []*ast.File, ds ast.Diagnostics) ast.Diagnostics {
	type key struct {
		file string
		line int32
		rule string
	}
	ignored := map[key]bool{}
	for _, f := range files {
		commentLines := map[int32]bool{}
		for _, c := range f.Comments {
			if !c.Trailing {
				commentLines[c.Range.Start.Line] = true
			}
		}
		for _, c := range f.Comments {
			ids := ignoredIDs(c.Text)
			line := c.Range.Start.Line
			if !c.Trailing {
				for line++; commentLines[line]; line++ {
				}
			}
			for _, id := range ids {
				ignored[key{f.Name, line, id}] = true
			}
		}
	}
	if len(ignored) == 0 {
		return ds
	}
	kept := ds[:0]
	for _, d := range ds {
		if !ignored[key{d.File, d.Range.Start.Line, d.Code}] {
			kept = append(kept, d)
		}
	}
	return kept
}

// ignoredIDs returns the rule IDs of a suppression comment ("# zktree:ignore
// A, B reason…"): the IDs that follow the prefix, up to the first word that
// is not one.
func ignoredIDs(comment string) []string {
	text := strings.TrimSpace(strings.TrimPrefix(comment, "#"))
	rest, ok := strings.CutPrefix(text, IgnorePrefix)
	if !ok {
		return nil
	}
	var ids []string
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if !idPattern.MatchString(w) {
			break
		}
		ids = append(ids, w)
	}
	return ids
}
