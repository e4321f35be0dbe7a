package lint

import (
	"fmt"
	"strings"
)

// RulesMarkdown returns the text of RULES.md: every rule's ID, purpose,
// default severity and documentation, generated from the registry.
func RulesMarkdown() string {
	var b strings.Builder
	b.WriteString("# zktree lint rules\n\n")
	b.WriteString("<!-- Generated from the rule registry (lint.RulesMarkdown); do not edit. -->\n\n")
	b.WriteString("Silence a finding with `# zktree:ignore RULE_ID` at the end of its line or on a line\n")
	b.WriteString("above it; enable, disable or re-grade rules in `.zktree.yaml` (see `lint.Config`).\n\n")
	b.WriteString("| ID | severity | default | purpose |\n| --- | --- | --- | --- |\n")
	for _, r := range registry {
		on := "on"
		if !r.Default {
			on = "off"
		}
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s |\n", r.ID, strings.ToLower(r.ID), r.Severity, on, r.Purpose)
	}
	for _, r := range registry {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\nDefault severity: %s.\n\n%s\n", r.ID, r.Purpose, r.Severity, r.Doc)
	}
	return b.String()
}
