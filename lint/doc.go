// Package lint checks a tree for mistakes before it reaches ZooKeeper. Each
// rule has a stable UPPER_SNAKE ID, a purpose, documentation and a default
// severity; findings are [ast.Diagnostic] values whose Code is the rule ID.
// RULES.md is generated from the registry ([Rules], [RulesMarkdown]) and a
// test keeps it current.
//
// [Run] runs the enabled rules over an [eval.Model]. A finding is silenced
// by a comment "# zktree:ignore RULE_ID" at the end of its line or on the
// line above it (comment lines in between are skipped); the rule
// UNUSED_IGNORE reports such comments that name unknown rules or silence
// nothing. A [Config] (file .zktree.yaml) enables, disables and re-grades
// rules; a [Baseline] accepts known findings so that a team can adopt the
// linter gradually.
//
// Output formats ([Write]): text (FILE:LINE:COL: severity RULE_ID message,
// the source line and a caret), JSON (see [WriteJSON]), SARIF 2.1.0 and
// GitHub Actions workflow annotations.
//
// Imports: ast, eval, internal/editdist and the standard library (yaml for the config file,
// uniseg for the terminal width of text under a caret).
package lint
