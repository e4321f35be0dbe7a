package lint

import (
	"os"
	"slices"
	"strings"
	"testing"
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
