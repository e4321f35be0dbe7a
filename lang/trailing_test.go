package lang

import (
	"strings"
	"testing"
)

// A "\r" that is not right before the "\n" is trailing whitespace too, as in
// zc.zk: it must never end up in a name, type or comment, or the formatter's
// output would read back as a CRLF line with other content.
func TestParse_trailingWhitespace(t *testing.T) {
	for _, src := range []string{"#000\r  \n/a\n", "/0\n  x=1 #c\r \n", "/a : t\r\f\v \n", "/a\n  l -> /b \r\t\n"} {
		f, ds := Parse("t.zk", []byte(src))
		if ds.HasErrors() {
			t.Fatalf("%q: %v", src, ds)
		}
		for _, c := range f.Comments {
			if strings.ContainsAny(c.Text, "\r\f\v") {
				t.Errorf("%q: comment %q keeps trailing whitespace", src, c.Text)
			}
		}
		if n := f.Nodes[0]; strings.ContainsAny(n.Name+n.Type, "\r\f\v") {
			t.Errorf("%q: node %q type %q keeps trailing whitespace", src, n.Name, n.Type)
		}
		ref, rds := ParseReference("t.zk", []byte(src))
		if len(rds) != len(ds) || len(ref.Comments) != len(f.Comments) {
			t.Errorf("%q: reference parser disagrees: %v / %v", src, rds, ds)
		}
		out, fds := Format("t.zk", []byte(src))
		if fds.HasErrors() {
			t.Fatalf("%q: %v", src, fds)
		}
		again, _ := Format("t.zk", out)
		if string(again) != string(out) {
			t.Errorf("%q: format is not idempotent: %q then %q", src, out, again)
		}
	}
}
