package main

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/zktree/zktree/internal/zczk"
)

// differences lists the zc.zk parse cases where zktree differs on purpose
// (SPEC §2.6), with the reason. Every other parse case must conform, and
// each listed case must still differ (so the list stays true).
var differences = map[string]string{
	"022-error-trailing-comment-on-node": "trailing comments are allowed on every line, node lines included (SPEC §2.6)",
	"033-values-scalars":                 "values are literals: 1+2, 'ab'*2 and len('abc') are errors, not evaluated (SPEC §2.3, §2.6)",
	"035-values-numbers":                 "values are literals: 10**20 is an error, not evaluated (SPEC §2.3, §2.6)",
	"037-values-special-floats":          "values are literals: float('inf') and float('nan') are errors, not evaluated (SPEC §2.3, §2.6)",
	"041-property-name-greedy":           "x==1 is an error, not the property \"x=\" (SPEC §2.6)",
	"046-link-name-containing-arrow":     "a->b->c is an error: a key may not contain \"->\" (SPEC §2.2a)",
	"048-property-link-forms":            "p5 => /x y /ignored is an error: a property link has at most two words (SPEC §2.6)",
	"052-value-containing-arrow":         "a='x=>y' is the property a = 'x=>y' (a key holds no \"=\", SPEC §2.2a); zc.zk misreads it as the property link a='x => y'",
	"054-node-lines-that-are-properties": "/b = 1 and /c -> /d are errors; zc.zk reads them as a property and a link named /b, /c (SPEC §2.6)",
	"076-node-name-with-slash":           "a node name may not contain / (SPEC §2.2): /a/b is an error, not the path a/b",
	"082-error-string-value-nonstring":   "zc.zk fails to export a lone non-string string_value; zktree exports it as string_value = 5",
	"139-node-types-backtracking":        "/d:x y and /a:b:c d are errors: a colon with no whitespace before text that has more words (SPEC §2.6)",
}

// errorLines gives the line of the error cases whose zc.zk message names
// none; the others name it ("(3, …)" or "in line 3").
var errorLines = map[string]int{
	"008-error-top-level-property":                  1, // "Can't import properties above imported nodes."
	"009-error-top-level-property-after-node":       2,
	"038-error-value-not-json":                      2, // fails when importing: set([1]) is not JSON serializable
	"077-error-node-name-with-slash-missing-parent": 1, // fails when importing: NoNodeError
	"075-error-top-level-link-line":                 2,
	"032-error-export-nonstring-type":               2, // fails when exporting
	"082-error-string-value-nonstring":              2, // fails when exporting
}

// TestConformance_zczkParse runs every parse case of the zc.zk corpus
// through the command line: an accepted tree must export with
// --compat zc.zk byte for byte as zc.zk exported it (property links
// written "name => target"), a rejected one must fail to validate with an
// error on the line zc.zk names.
func TestConformance_zczkParse(t *testing.T) {
	dir := zczk.Dir(t)
	cases, err := zczk.Cases(dir, "parse")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no parse cases in the corpus index")
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			err := conforms(c)
			reason, listed := differences[c.Name]
			switch {
			case listed && err == nil:
				t.Errorf("listed as a deliberate difference (%s), but conforms: remove it from the list", reason)
			case listed:
				t.Logf("differs on purpose (%s): %v", reason, err)
			case err != nil:
				t.Error(err)
			}
		})
	}
}

// expectedError matches the one-line .expected file of a case that zc.zk
// rejects ("ValueError: …", "TypeError: …").
var expectedError = regexp.MustCompile(`^[A-Za-z]+Error: (.*)\n?$`)

// conforms runs one case and says how zktree's result differs from
// zc.zk's, or returns nil.
func conforms(c zczk.Case) error {
	want, err := c.Read("expected")
	if err != nil {
		return err
	}
	if m := expectedError.FindSubmatch(want); m != nil {
		line, err := errorLine(c.Name, string(m[1]))
		if err != nil {
			return err
		}
		return rejectsAt(c.Path("tree"), line)
	}
	code, stdout, stderr := runMain("export", "--file", c.Path("tree"), "--compat", "zc.zk")
	if code != 0 {
		return fmt.Errorf("zc.zk accepts the tree; zktree export exited %d:\n%s", code, stderr)
	}
	if want := adjustPropertyLinks(want); !bytes.Equal(stdout, want) {
		return fmt.Errorf("export --compat zc.zk differs:\ngot:\n%s\nwant:\n%s", stdout, want)
	}
	return nil
}

// rejectsAt checks that validating path fails with an error on line.
func rejectsAt(path string, line int) error {
	code, _, stderr := runMain("validate", path)
	if code != exitFail {
		return fmt.Errorf("zc.zk rejects the tree at line %d; zktree validate exited %d", line, code)
	}
	prefix := fmt.Sprintf("%s:%d:", path, line)
	for l := range strings.Lines(string(stderr)) {
		if strings.HasPrefix(l, prefix) && strings.Contains(l, ": error: ") {
			return nil
		}
	}
	return fmt.Errorf("zc.zk rejects the tree at line %d; zktree reports:\n%s", line, stderr)
}

var messageLine = regexp.MustCompile(`^\((\d+), |in line (\d+)$`)

// errorLine returns the line that a zc.zk error message names.
func errorLine(name, msg string) (int, error) {
	if line, ok := errorLines[name]; ok {
		return line, nil
	}
	m := messageLine.FindStringSubmatch(msg)
	if m == nil {
		return 0, fmt.Errorf("no line in zc.zk's message %q: add the case to errorLines", msg)
	}
	return strconv.Atoi(m[1] + m[2])
}

// zczkPropLink matches a property link as zc.zk exports it:
// "name => = u'target'" (double quotes when the target holds a quote).
var zczkPropLink = regexp.MustCompile(`(?m)^( *\S+ =>) = u(?:'([^'\\]*)'|"([^"\\]*)")$`)

// adjustPropertyLinks rewrites zc.zk's property-link lines the way zktree
// writes them (SPEC §2.6): "name => target".
func adjustPropertyLinks(export []byte) []byte {
	return zczkPropLink.ReplaceAll(export, []byte("$1 $2$3"))
}

// runMain runs the command line in-process and returns its exit code and
// output.
func runMain(args ...string) (code int, stdout, stderr []byte) {
	var out, errOut bytes.Buffer
	code = Main(args, strings.NewReader(""), &out, &errOut)
	return code, out.Bytes(), errOut.Bytes()
}
