package lang

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zktree/zktree/internal/zczk"
)

// zczkCase is one parse case of the corpus.
type zczkCase struct {
	name     string
	tree     []byte
	expected string
}

func zczkParseCases(t testing.TB) []zczkCase {
	dir := zczk.Dir(t)
	index, err := zczk.Cases(dir, "parse")
	if err != nil {
		t.Fatal(err)
	}
	var cases []zczkCase
	for _, c := range index {
		tree, err := c.Read("tree")
		if err != nil {
			t.Fatal(err)
		}
		exp, err := c.Read("expected")
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, zczkCase{c.Name, tree, string(exp)})
	}
	if len(cases) < 80 {
		t.Fatalf("only %d parse cases in %s", len(cases), dir)
	}
	return cases
}

// zczkErrorLine matches the exception line of a rejected case.
var zczkErrorLine = regexp.MustCompile(`^[A-Za-z]+Error: (?:\((\d+), |.* in line (\d+)$)?`)

// zczkNoLine gives the line for rejected cases whose message carries no
// line number: the line that makes zc.zk fail.
var zczkNoLine = map[string]int{
	"008-error-top-level-property":                  1, // property outside a node
	"009-error-top-level-property-after-node":       2, // property outside a node
	"032-error-export-nonstring-type":               2, // type = 1 crashes export
	"038-error-value-not-json":                      2, // a set is not JSON
	"075-error-top-level-link-line":                 2, // "/x->y" read as a top-level link
	"077-error-node-name-with-slash-missing-parent": 1, // "/a/b" needs /a on the server
	"082-error-string-value-nonstring":              2, // string_value = 5 crashes export
}

// zczkDifferences are the cases where zktree differs from zc.zk on
// purpose (SPEC §2.6): the lines zktree rejects (nil: it accepts the tree).
var zczkDifferences = map[string]struct {
	lines  []int
	reason string
}{
	"022-error-trailing-comment-on-node": {nil, "trailing comments are allowed on every line"},
	"033-values-scalars":                 {[]int{12, 13, 14}, "values are literals: 1+2, 'ab'*2 and len('abc') are not evaluated"},
	"035-values-numbers":                 {[]int{11}, "values are literals: 10**20 is not evaluated"},
	"037-values-special-floats":          {[]int{2, 3, 4}, "values are literals: float('inf') is not evaluated"},
	"041-property-name-greedy":           {[]int{2}, `"x==1" is an error, not a property named "x="`},
	"046-link-name-containing-arrow":     {[]int{2}, `"a->b->c" is an error, not a link named "a->b"`},
	"048-property-link-forms":            {[]int{6}, "a property link has at most a path and a property name"},
	"054-node-lines-that-are-properties": {[]int{2, 3}, `a line starting with "/" is always a node line`},
	"076-node-name-with-slash":           {[]int{2}, `a node name cannot contain "/"`},
	"082-error-string-value-nonstring":   {nil, "string_value is an ordinary property to the language; its storage is the node-data encoder's concern"},
	"139-node-types-backtracking":        {[]int{1, 2}, `"/d:x y" is an error: a type follows a ":" with a blank before or after it`},
}

// TestZCZKCorpus checks that every tree zc.zk rejects is rejected on the
// same line, and every tree it accepts parses without errors, apart from
// the listed deliberate differences.
func TestZCZKCorpus(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range zczkParseCases(t) {
		t.Run(c.name, func(t *testing.T) {
			f, diags := Parse(c.name+".tree", c.tree)
			if f == nil {
				t.Fatal("nil file")
			}
			var got []int
			for _, d := range diags {
				got = append(got, int(d.Range.Start.Line))
			}
			if diff, ok := zczkDifferences[c.name]; ok {
				seen[c.name] = true
				if !slices.Equal(got, diff.lines) {
					t.Errorf("deliberate difference (%s): rejected lines %v, want %v\n%s", diff.reason, got, diff.lines, diags.Error())
				}
				return
			}
			m := zczkErrorLine.FindStringSubmatch(strings.TrimSpace(c.expected))
			if m == nil {
				if len(diags) > 0 {
					t.Errorf("zc.zk accepts this tree; got\n%s", diags.Error())
				}
				return
			}
			want, ok := zczkNoLine[c.name]
			if n := m[1] + m[2]; n != "" {
				want, _ = strconv.Atoi(n)
			} else if !ok {
				t.Fatalf("no line for zc.zk error %q", strings.TrimSpace(c.expected))
			}
			if len(got) != 1 || got[0] != want {
				t.Errorf("zc.zk rejects line %d (%s); got lines %v\n%s", want, strings.TrimSpace(c.expected), got, diags.Error())
			}
		})
	}
	for name := range zczkDifferences {
		if !seen[name] {
			t.Errorf("listed difference %s is not a parse case", name)
		}
	}
}
