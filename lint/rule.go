package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
)

// Rule is one check. Its metadata is data: RULES.md is generated from it.
type Rule struct {
	// ID is stable public API: UPPER_SNAKE, 3 to 64 characters.
	ID string
	// Purpose is one sentence, starting with a capital letter and ending
	// with a period.
	Purpose string
	// Doc is Markdown: an example of what the rule finds and how to fix
	// it.
	Doc string
	// Severity is the default severity of the rule's findings.
	Severity ast.Severity
	// Default reports whether the rule runs unless the configuration
	// disables it.
	Default bool
	// Run reports the rule's findings through [Pass.Report]. It must not
	// modify the model or the syntax trees.
	Run func(*Pass)
	// source reports whether the rule reads Pass.Sources, and so finds
	// nothing in a file without one.
	source bool
}

var idPattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_]{1,62}[A-Z0-9]$`)

// check returns what is wrong with the rule's metadata, or nil.
func (r *Rule) check() error {
	switch {
	case !idPattern.MatchString(r.ID):
		return fmt.Errorf("rule ID %q is not UPPER_SNAKE of 3 to 64 characters", r.ID)
	case r.Purpose == "" || r.Purpose[0] < 'A' || r.Purpose[0] > 'Z' || !strings.HasSuffix(r.Purpose, "."):
		return fmt.Errorf("rule %s: purpose must be a sentence ending with a period", r.ID)
	case strings.TrimSpace(r.Doc) == "":
		return fmt.Errorf("rule %s: no documentation", r.ID)
	case r.Severity < ast.Error || r.Severity > ast.Hint:
		return fmt.Errorf("rule %s: bad severity %d", r.ID, r.Severity)
	case r.Run == nil:
		return fmt.Errorf("rule %s: no Run function", r.ID)
	}
	return nil
}

// registry lists every rule, sorted by ID (checked by a test).
var registry = []*Rule{
	danglingLink,
	danglingPropLink,
	duplicateAcrossFiles,
	invalidNodeName,
	linkCycle,
	linkShadowedByChild,
	misleadingIndentation,
	propLinkCycle,
	propLinkShadowed,
	tabIndentation,
	unreferencedSubtree,
	untypedNode,
	unusedIgnore,
}

// Rules returns every rule, sorted by ID. Do not modify them.
func Rules() []*Rule { return slices.Clone(registry) }

// RuleByID returns the rule with the given ID, or nil.
func RuleByID(id string) *Rule {
	i, ok := slices.BinarySearchFunc(registry, id, func(r *Rule, id string) int { return strings.Compare(r.ID, id) })
	if !ok {
		return nil
	}
	return registry[i]
}

// Pass is what a rule sees while it runs: the model, the syntax trees and
// the source texts, and a way to report findings.
type Pass struct {
	Model *eval.Model
	// Sources maps a file name to its text, for rules that look at
	// layout; a file missing from it is skipped by those rules.
	Sources map[string][]byte
	rule    *Rule
	out     *ast.Diagnostics
	ignores []*ignore       // for UNUSED_IGNORE: the suppression comments
	ran     map[string]bool // for UNUSED_IGNORE: the IDs of the rules that ran
}

// Report records a finding of the running rule at r in file and returns it,
// so that the rule can add related places or a suggestion.
func (p *Pass) Report(file string, r ast.Range, format string, args ...any) *ast.Diagnostic {
	return p.out.Add(p.rule.Severity, p.rule.ID, file, r, format, args...)
}

// ReportDiagnostic records a finding prepared elsewhere (for example by
// package eval), under the running rule's ID and severity.
func (p *Pass) ReportDiagnostic(d *ast.Diagnostic) {
	d.Code, d.Severity = p.rule.ID, p.rule.Severity
	*p.out = append(*p.out, d)
}

// reportEval is the Run of the rules whose ID is a code of the diagnostics
// that package eval reports (links and property links that do not
// resolve): it reports those diagnostics of the model.
func reportEval(p *Pass) {
	for _, d := range p.Model.Diagnostics() {
		if d.Code == p.rule.ID {
			c := *d
			p.ReportDiagnostic(&c)
		}
	}
}
