package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"github.com/zktree/zktree/ast"
)

// Formats lists the output formats of [Write].
var Formats = []string{"text", "json", "sarif", "github"}

// Write prints ds in the named format (see [Formats]). sources (file name
// to text) supplies the source lines of the text format; version is the
// tool version written into SARIF.
func Write(w io.Writer, format string, ds ast.Diagnostics, sources map[string][]byte, version string) error {
	switch format {
	case "text":
		return WriteText(w, ds, sources)
	case "json":
		return WriteJSON(w, ds)
	case "sarif":
		return WriteSARIF(w, ds, version)
	case "github":
		return WriteGitHub(w, ds)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// WriteText prints each diagnostic as "FILE:LINE:COL: severity CODE
// message", then its source line with a caret under the range, then its
// related places.
func WriteText(w io.Writer, ds ast.Diagnostics, sources map[string][]byte) error {
	var b bytes.Buffer
	for _, d := range ds {
		fmt.Fprintf(&b, "%s: %s %s %s\n", ast.Location(d.File, d.Range), d.Severity, d.Code, d.Message)
		if line, ok := sourceLine(sources[d.File], d.Range.Start); ok {
			b.WriteString("    " + line + "\n    " + caret(line, d.Range) + "\n")
		}
		for _, r := range d.Related {
			fmt.Fprintf(&b, "    %s: %s\n", ast.Location(r.File, r.Range), r.Message)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// sourceLine returns the text of the line that holds p, with control
// characters other than tab shown as U+FFFD so that they do not reach the
// terminal.
func sourceLine(src []byte, p ast.Pos) (string, bool) {
	if !p.IsValid() || int(p.Offset) > len(src) {
		return "", false
	}
	start := bytes.LastIndexByte(src[:p.Offset], '\n') + 1
	end := bytes.IndexByte(src[start:], '\n')
	if end < 0 {
		end = len(src) - start
	}
	line := strings.TrimRight(string(src[start:start+end]), "\r")
	return strings.Map(func(c rune) rune {
		if c != '\t' && unicode.IsControl(c) {
			return utf8.RuneError
		}
		return c
	}, line), true
}

// caret returns a line that marks r under line: blanks (tabs kept) as wide
// as the text up to the start, "^", and "~" for the rest of the range on
// that line. Wide characters take two terminal columns.
func caret(line string, r ast.Range) string {
	end := r.End.Col
	if r.End.Line != r.Start.Line {
		end = math.MaxInt32
	}
	var b strings.Builder
	width := 0 // of the range
	col := int32(1)
	for _, c := range line {
		switch {
		case col < r.Start.Col && c == '\t':
			b.WriteByte('\t')
		case col < r.Start.Col:
			b.WriteString(strings.Repeat(" ", uniseg.StringWidth(string(c))))
		case col < end:
			width += uniseg.StringWidth(string(c))
		}
		col++
	}
	b.WriteByte('^')
	if width > 1 {
		b.WriteString(strings.Repeat("~", width-1))
	}
	return b.String()
}

// JSON output (format version 1). The shape is stable: fields are only
// ever added.
type (
	jsonReport struct {
		Version  int           `json:"version"`
		Findings []jsonFinding `json:"findings"`
	}
	jsonFinding struct {
		Rule       string        `json:"rule"`
		Severity   string        `json:"severity"`
		File       string        `json:"file"`
		Range      jsonRange     `json:"range"`
		Message    string        `json:"message"`
		Suggestion string        `json:"suggestion,omitempty"`
		Related    []jsonRelated `json:"related,omitempty"`
	}
	jsonRelated struct {
		File    string    `json:"file"`
		Range   jsonRange `json:"range"`
		Message string    `json:"message"`
	}
	jsonRange struct {
		Start jsonPos `json:"start"`
		End   jsonPos `json:"end"`
	}
	jsonPos struct {
		Line   int32 `json:"line"`
		Column int32 `json:"column"`
		Offset int32 `json:"offset"`
	}
)

func toJSONRange(r ast.Range) jsonRange {
	return jsonRange{
		Start: jsonPos{r.Start.Line, r.Start.Col, r.Start.Offset},
		End:   jsonPos{r.End.Line, r.End.Col, r.End.Offset},
	}
}

// WriteJSON prints ds as one JSON object:
//
//	{"version": 1, "findings": [{"rule": "DANGLING_LINK", "severity": "error",
//	  "file": "a.zk", "range": {"start": {"line": 3, "column": 9, "offset": 40},
//	  "end": {…}}, "message": "…", "suggestion": "…",
//	  "related": [{"file": "…", "range": {…}, "message": "…"}]}]}
//
// Lines and columns are 1-based, columns count code points, offsets are
// 0-based bytes, ends are exclusive; "suggestion" and "related" are left out
// when empty.
func WriteJSON(w io.Writer, ds ast.Diagnostics) error {
	rep := jsonReport{Version: 1, Findings: []jsonFinding{}}
	for _, d := range ds {
		f := jsonFinding{Rule: d.Code, Severity: d.Severity.String(), File: d.File, Range: toJSONRange(d.Range), Message: d.Message, Suggestion: d.Suggestion}
		for _, r := range d.Related {
			f.Related = append(f.Related, jsonRelated{File: r.File, Range: toJSONRange(r.Range), Message: r.Message})
		}
		rep.Findings = append(rep.Findings, f)
	}
	return writeJSON(w, rep)
}

// writeJSON writes v as indented JSON with text as UTF-8 and no HTML
// escapes ("=>" stays "=>"), as every JSON output of the package does.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// WriteGitHub prints ds as GitHub Actions workflow commands, which show as
// annotations on the pull request.
func WriteGitHub(w io.Writer, ds ast.Diagnostics) error {
	var b bytes.Buffer
	for _, d := range ds {
		level := "notice"
		switch d.Severity {
		case ast.Error:
			level = "error"
		case ast.Warning:
			level = "warning"
		}
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n", level,
			ghProperty(filepath.ToSlash(d.File)), d.Range.Start.Line, d.Range.Start.Col, d.Range.End.Line, d.Range.End.Col,
			ghProperty(d.Code), ghData(d.Message))
	}
	_, err := w.Write(b.Bytes())
	return err
}

var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func ghData(s string) string     { return ghDataEscaper.Replace(s) }
func ghProperty(s string) string { return ghPropertyEscaper.Replace(s) }
