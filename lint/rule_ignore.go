package lint

import (
	"fmt"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/internal/editdist"
)

var unusedIgnore = &Rule{
	ID:       "UNUSED_IGNORE",
	Purpose:  "Report a zktree:ignore comment that names an unknown rule or silences nothing.",
	Severity: ast.Warning,
	Default:  true,
	Doc: "A suppression comment with a misspelt rule ID silences nothing, and one whose finding " +
		"has been fixed would hide the next real problem on its line. Rules that the " +
		"configuration turns off are not checked; to keep a comment that is not always needed, " +
		"name UNUSED_IGNORE in it, or in another suppression comment for the same line.\n\n" +
		"```\n/app\n  # zktree:ignore DANGLNG_LINK\n  db -> /nowhere\n  /x\n  # zktree:ignore LINK_CYCLE\n  y -> /app/x\n```\n\n" +
		"Fix: correct the rule ID (`DANGLING_LINK`), or delete the comment that silences nothing.",
}

// The rule's Run refers to the registry, which refers to the rule.
func init() { unusedIgnore.Run = reportUnusedIgnores }

// reportUnusedIgnores reports the IDs of suppression comments that are not
// rules, or that silenced no finding of a rule that ran. The comments for
// a line that one of them exempts by naming this rule are not checked.
func reportUnusedIgnores(p *Pass) {
	type target struct {
		file string
		line int32
	}
	exempt := map[target]bool{}
	for _, ig := range p.ignores {
		for _, id := range ig.ids {
			if id.id == p.rule.ID {
				exempt[target{ig.file, ig.line}] = true
			}
		}
	}
	known := make([]string, len(registry))
	for i, r := range registry {
		known[i] = r.ID
	}
	for _, ig := range p.ignores {
		if exempt[target{ig.file, ig.line}] {
			continue
		}
		if len(ig.ids) == 0 {
			// A misspelt ID without an underscore reads as free text.
			if best := closestID(ig.free.id, known); best != "" {
				d := p.Report(ig.file, ig.rangeOf(ig.free), "%s names no rule ID; did you mean %s?", IgnorePrefix, best)
				d.Suggestion = best
			} else {
				p.Report(ig.file, ig.comment.Range, "%s names no rule ID", IgnorePrefix)
			}
			continue
		}
		seen := map[string]bool{}
		for _, id := range ig.ids {
			if seen[id.id] {
				continue
			}
			seen[id.id] = true
			r := RuleByID(id.id)
			switch {
			case r == nil:
				d := p.Report(ig.file, ig.rangeOf(id), "%s names the unknown rule %s", IgnorePrefix, id.id)
				if best := closestID(id.id, known); best != "" {
					d.Suggestion = best
					d.Message += fmt.Sprintf("; did you mean %s?", best)
				}
			case ig.used[id.id] || !p.ran[id.id] || r.source && p.Sources[ig.file] == nil:
				// It silenced something, or its rule did not look.
			default:
				where := "the line below it"
				if ig.comment.Trailing {
					where = "its line"
				}
				p.Report(ig.file, ig.rangeOf(id), "%s %s silences nothing: %s has no %s finding", IgnorePrefix, id.id, where, id.id)
			}
		}
	}
}

// closestID returns the rule ID nearest to id by edit distance, if it is
// near enough to be a typo, or "".
func closestID(id string, ids []string) string {
	best, bestDist := "", 4
	for _, c := range ids {
		if d := editdist.Distance(id, c); d < bestDist && d < len(id)/2 {
			best, bestDist = c, d
		}
	}
	return best
}
