package lint

import (
	"strings"
	"unicode/utf8"

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
	ran := map[string]bool{}
	for _, r := range registry {
		if r == unusedIgnore {
			continue // it runs last, over what the comments silenced
		}
		if run(r, &Pass{Model: m, Sources: sources, rule: r, out: &out}, cfg) {
			ran[r.ID] = true
		}
	}
	ignores := ignoreComments(m.Files())
	out = suppress(ignores, out)
	run(unusedIgnore, &Pass{Model: m, Sources: sources, rule: unusedIgnore, out: &out, ignores: ignores, ran: ran}, cfg)
	out.Sort()
	return out
}

// run runs rule r if cfg enables it, at the severity cfg gives it, and
// reports whether it ran.
func run(r *Rule, p *Pass, cfg *Config) bool {
	sev, on := cfg.Rule(r)
	if !on {
		return false
	}
	start := len(*p.out)
	r.Run(p)
	for _, d := range (*p.out)[start:] {
		d.Severity = sev
	}
	return true
}

// ignore is a suppression comment: the rule IDs it names, the line it
// silences them on, and which of them silenced a finding.
type ignore struct {
	file    string
	comment *ast.Comment
	line    int32
	ids     []ignoreID
	free    ignoreID // the first word of free text after the IDs, if any
	used    map[string]bool
}

// ignoreID is a rule ID in a suppression comment and its byte offset in the
// comment's text.
type ignoreID struct {
	id  string
	off int
}

// rangeOf returns the range of id in the comment.
func (ig *ignore) rangeOf(id ignoreID) ast.Range {
	start := ig.comment.Range.Start
	start.Offset += int32(id.off)
	start.Col += int32(utf8.RuneCountInString(ig.comment.Text[:id.off]))
	end := start
	end.Offset += int32(len(id.id))
	end.Col += int32(len(id.id))
	return ast.Range{Start: start, End: end}
}

// ignoreComments returns the suppression comments of files.
func ignoreComments(files []*ast.File) []*ignore {
	var out []*ignore
	for _, f := range files {
		commentLines := map[int32]bool{}
		for _, c := range f.Comments {
			if !c.Trailing {
				commentLines[c.Range.Start.Line] = true
			}
		}
		for _, c := range f.Comments {
			ids, free, ok := ignoredIDs(c.Text)
			if !ok {
				continue
			}
			line := c.Range.Start.Line
			if !c.Trailing {
				for line++; commentLines[line]; line++ {
				}
			}
			out = append(out, &ignore{file: f.Name, comment: c, line: line, ids: ids, free: free, used: map[string]bool{}})
		}
	}
	return out
}

// suppress removes the findings that an ignore comment names and records
// in the comments which IDs silenced something.
func suppress(ignores []*ignore, ds ast.Diagnostics) ast.Diagnostics {
	type key struct {
		file string
		line int32
		rule string
	}
	byKey := map[key][]*ignore{}
	for _, ig := range ignores {
		for _, id := range ig.ids {
			k := key{ig.file, ig.line, id.id}
			byKey[k] = append(byKey[k], ig)
		}
	}
	if len(byKey) == 0 {
		return ds
	}
	kept := ds[:0]
	for _, d := range ds {
		igs := byKey[key{d.File, d.Range.Start.Line, d.Code}]
		for _, ig := range igs {
			ig.used[d.Code] = true
		}
		if len(igs) == 0 {
			kept = append(kept, d)
		}
	}
	return kept
}

// ignoredIDs returns the rule IDs of a suppression comment ("# zktree:ignore
// A_B, C_D reason…") with their offsets in it, the first word of free text
// after them, and whether it is one: the IDs are the words that follow the
// prefix while they are rule IDs or look like one (UPPER_SNAKE with an
// underscore); the first other word starts free text.
func ignoredIDs(comment string) (ids []ignoreID, free ignoreID, ok bool) {
	text := strings.TrimLeft(strings.TrimPrefix(comment, "#"), " \t")
	rest, ok := strings.CutPrefix(text, IgnorePrefix)
	if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil, ignoreID{}, false
	}
	off := len(comment) - len(rest)
	for rest != "" {
		sep := strings.IndexFunc(rest, isIDSeparator)
		if sep != 0 {
			w := rest
			if sep > 0 {
				w = rest[:sep]
			}
			if RuleByID(w) == nil && (!idPattern.MatchString(w) || !strings.Contains(w, "_")) {
				return ids, ignoreID{w, off}, true
			}
			ids = append(ids, ignoreID{w, off})
			sep = len(w)
		} else {
			sep = 1
		}
		rest, off = rest[sep:], off+sep
	}
	return ids, ignoreID{}, true
}

// isIDSeparator reports whether r separates the IDs of a suppression comment.
func isIDSeparator(r rune) bool { return r == ',' || r == ' ' || r == '\t' }
