package lint

import (
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/lang"
)

func TestRegistry(t *testing.T) {
	if len(registry) < 12 {
		t.Errorf("only %d rules", len(registry))
	}
	if !slices.IsSortedFunc(registry, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) }) {
		t.Error("registry is not sorted by ID")
	}
	seen := map[string]bool{}
	for _, r := range registry {
		if err := r.check(); err != nil {
			t.Error(err)
		}
		if seen[r.ID] {
			t.Errorf("duplicate rule ID %s", r.ID)
		}
		seen[r.ID] = true
		if RuleByID(r.ID) != r {
			t.Errorf("RuleByID(%s) does not find it", r.ID)
		}
		if !strings.Contains(r.Doc, "```") || !strings.Contains(r.Doc, "Fix:") {
			t.Errorf("rule %s: Doc needs an example and a fix", r.ID)
		}
	}
	if RuleByID("NOPE") != nil {
		t.Error("RuleByID found an unknown rule")
	}
	bad := &Rule{ID: "bad-id", Purpose: "x", Doc: "d", Severity: 1}
	if bad.check() == nil {
		t.Error("check accepted bad metadata")
	}
}

// TestRulesMarkdown keeps RULES.md current; ZKTREE_UPDATE=1 rewrites it.
func TestRulesMarkdown(t *testing.T) {
	want := RulesMarkdown()
	if os.Getenv("ZKTREE_UPDATE") != "" {
		if err := os.WriteFile("RULES.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("RULES.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("RULES.md is out of date; run ZKTREE_UPDATE=1 go test ./lint")
	}
}

// TestRuleDocExamples lints the first example of each rule's Doc and
// requires a finding of that rule: the documentation shows what the rule
// really finds. A comment line "# NAME.zk" starts another file.
func TestRuleDocExamples(t *testing.T) {
	all := &Config{}
	for _, r := range registry {
		all.Enable = append(all.Enable, r.ID)
	}
	for _, r := range registry {
		_, rest, _ := strings.Cut(r.Doc, "```\n")
		example, _, _ := strings.Cut(rest, "```")
		files, srcs := map[string]string{}, map[string][]byte{}
		name := "example.zk"
		for line := range strings.Lines(example) {
			if n, ok := strings.CutPrefix(strings.TrimSpace(line), "# "); ok && strings.HasSuffix(n, ".zk") {
				name = n
				continue
			}
			files[name] += line
		}
		var parsed []*ast.File
		for _, n := range slices.Sorted(maps.Keys(files)) {
			f, ds := lang.Parse(n, []byte(files[n]))
			if len(ds) > 0 {
				t.Errorf("%s: the example does not parse: %v", r.ID, ds)
			}
			parsed, srcs[n] = append(parsed, f), []byte(files[n])
		}
		m, _ := eval.Eval(parsed...)
		found := false
		for _, d := range Run(m, srcs, all) {
			found = found || d.Code == r.ID
		}
		if !found {
			t.Errorf("%s: the example in its Doc gives no finding:\n%s", r.ID, example)
		}
	}
}
