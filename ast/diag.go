package ast

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Severity says how serious a diagnostic is. The values match LSP's
// DiagnosticSeverity (1 = error … 4 = hint).
type Severity uint8

// Severities, most serious first.
const (
	Error Severity = iota + 1
	Warning
	Info
	Hint
)

// String returns "error", "warning", "info" or "hint".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	case Hint:
		return "hint"
	}
	return fmt.Sprintf("severity(%d)", uint8(s))
}

// ParseSeverity is the inverse of [Severity.String].
func ParseSeverity(s string) (Severity, bool) {
	for v := Error; v <= Hint; v++ {
		if v.String() == s {
			return v, true
		}
	}
	return 0, false
}

// Codes of the diagnostics that the language core reports. Lint rules use
// their own UPPER_SNAKE rule IDs.
const (
	CodeSyntax    = "SYNTAX"    // a line that does not read as any line form
	CodeValue     = "VALUE"     // a property value that is not a literal
	CodeIndent    = "INDENT"    // indentation that does not fit the structure
	CodeDuplicate = "DUPLICATE" // a node or key defined twice in one node
	CodeStructure = "STRUCTURE" // a property outside any node
)

// Related points at another place that explains a diagnostic, such as the
// first definition of a duplicate.
type Related struct {
	File    string
	Range   Range
	Message string
}

// Diagnostic is one problem found in user input.
type Diagnostic struct {
	Severity Severity
	Code     string // SYNTAX, VALUE, …, or a lint rule ID
	Message  string // one line, lower case, no final period
	File     string // the file name as given to the parser
	Range    Range
	Related  []Related
	// Suggestion, when set, is a replacement text the user probably meant
	// (for example a path for a dangling link).
	Suggestion string
}

// String formats d as FILE:LINE:COL: SEVERITY: MESSAGE.
func (d *Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s", Location(d.File, d.Range), d.Severity, d.Message)
}

// Diagnostics is a list of diagnostics. Libraries return it beside their
// result for problems in user input.
type Diagnostics []*Diagnostic

// Add appends a diagnostic built from its parts.
func (ds *Diagnostics) Add(sev Severity, code, file string, r Range, format string, args ...any) *Diagnostic {
	d := &Diagnostic{Severity: sev, Code: code, File: file, Range: r, Message: fmt.Sprintf(format, args...)}
	*ds = append(*ds, d)
	return d
}

// Errorf appends an error diagnostic.
func (ds *Diagnostics) Errorf(code, file string, r Range, format string, args ...any) *Diagnostic {
	return ds.Add(Error, code, file, r, format, args...)
}

// HasErrors reports whether any diagnostic has severity Error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders the diagnostics by file, offset, code and message.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Range.Start.Offset != b.Range.Start.Offset {
			return a.Range.Start.Offset < b.Range.Start.Offset
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}

// Error joins the diagnostics, one per line.
func (ds Diagnostics) Error() string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Err returns ds as an error when it holds an error diagnostic, else nil.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return ds
}

// AsDiagnostics extracts Diagnostics from an error made by [Diagnostics.Err].
func AsDiagnostics(err error) (Diagnostics, bool) {
	var ds Diagnostics
	ok := errors.As(err, &ds)
	return ds, ok
}
