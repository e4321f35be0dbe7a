package lang

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/zktree/zktree/ast"
)

// Parse reads the text of a .zk file. It never returns a nil File: a line
// that cannot be read yields one diagnostic and is left out, and parsing
// goes on with the next line. The diagnostics come back sorted, with File
// set to filename.
//
// Parse is the fast production parser. [ParseReference] gives the same
// result through the participle grammar.
func Parse(filename string, src []byte) (*ast.File, ast.Diagnostics) {
	return scan(filename, src)
}

// ParseValue reads one literal value, such as the VALUE of a command-line
// "NAME=VALUE". The error says what was wrong and where (1-based column).
func ParseValue(text string) (ast.Value, error) {
	v := valueScanner{s: text, end: len(text), vals: new([]ast.Value), items: new([]ast.DictItem), store: new(valueStore)}
	if v.blanks(); v.atEnd() {
		return ast.Value{}, &ValueError{Col: runeCol(text, v.i), Msg: "expected a value"}
	}
	val, _, _, err := v.top()
	if err == nil && v.i < v.end {
		err = valueErr(v.i, v.end, "unexpected comment after the value")
	}
	if err != nil {
		return ast.Value{}, &ValueError{Col: runeCol(text, err.start), Msg: err.msg}
	}
	return val, nil
}

// CheckName returns an error unless name can be written in a .zk file as
// the name of a property, link or property link, so that a tree holding it
// exports and reads back: one or more characters, no blank, no "=", no
// "->", not starting with "/" or "#". The parser is the judge: it must read
// a property line with that name.
func CheckName(name string) error {
	if name != "" && !strings.ContainsAny(name, "\r\n") {
		f, ds := Parse("", []byte("/n\n  "+name+" = ''\n"))
		if len(ds) == 0 && len(f.Nodes) == 1 && len(f.Nodes[0].Body) == 1 {
			if p, ok := f.Nodes[0].Body[0].(*ast.Property); ok && p.Name == name {
				return nil
			}
		}
	}
	return fmt.Errorf("%q cannot be a property name: a name is one or more characters without blanks, \"=\" or \"->\", not starting with \"/\" or \"#\"", name)
}

// ValueError is the error of [ParseValue].
type ValueError struct {
	Col int // 1-based column, in code points
	Msg string
}

func (e *ValueError) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

func runeCol(s string, off int) int { return utf8.RuneCountInString(s[:off]) + 1 }

// ParseReference parses src through the participle grammar, the formal
// definition of the language. It gives the same File and diagnostics as
// [Parse], much more slowly; tests and fuzzing hold the two together.
func ParseReference(filename string, src []byte) (*ast.File, ast.Diagnostics) {
	return reference(filename, src)
}

// Grammar returns the grammar of one line in EBNF, as participle prints
// it, followed by the tokens of each lexer state.
func Grammar() string { return grammarText() }
