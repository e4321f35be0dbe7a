package lang

import (
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
)

// at returns a range that starts at line, col (offsets are not needed by
// the printer).
func at(line, col int32) ast.Range {
	return ast.Range{Start: ast.Pos{Line: line, Col: col}}
}

func comment(line, col int32, text string, trailing bool) *ast.Comment {
	return &ast.Comment{Range: at(line, col), Text: text, Trailing: trailing}
}

func TestFprint_handBuilt(t *testing.T) {
	// The tree of this source, built by hand:
	//
	//  1	# head
	//  2	/lb   :  ipvs # balancer
	//  3	    # about pools
	//  4	    /pools
	//  5
	//  6
	//  7	        addr = "1.2.3.4:80"
	//  8	           # after addr, deeper than any level
	//  9	    # back at pools' level
	// 10	# top level again
	// 11	/cms
	// 12	  up -> ../lb
	// 13	  t => /lb threads  # pl
	// 14	# tail
	f := &ast.File{
		Nodes: []*ast.Node{
			{Range: at(2, 1), Name: "lb", Type: "ipvs", Body: []ast.Entry{
				&ast.Node{Range: at(4, 5), Indent: 4, Name: "pools", Body: []ast.Entry{
					&ast.Property{Range: at(7, 9), Indent: 8, Name: "addr", Value: ast.Str("1.2.3.4:80")},
				}},
			}},
			{Range: at(11, 1), Name: "cms", Body: []ast.Entry{
				&ast.Link{Range: at(12, 3), Indent: 2, Name: "up", Target: "../lb"},
				&ast.PropLink{Range: at(13, 3), Indent: 2, Name: "t", Target: "/lb", Prop: "threads"},
			}},
		},
		Comments: []*ast.Comment{
			comment(1, 1, "# head", false),
			comment(2, 16, "# balancer", true),
			comment(3, 5, "# about pools", false),
			comment(8, 12, "# after addr, deeper than any level", false),
			comment(9, 5, "# back at pools' level", false),
			comment(10, 1, "# top level again", false),
			comment(13, 21, "# pl", true),
			comment(14, 1, "# tail", false),
		},
	}
	want := `# head
/lb : ipvs # balancer
  # about pools
  /pools

    addr = '1.2.3.4:80'
    # after addr, deeper than any level
  # back at pools' level
# top level again
/cms
  up -> ../lb
  t => /lb threads # pl
# tail
`
	var b strings.Builder
	if err := Fprint(&b, f); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("Fprint:\n%s\nwant:\n%s", got, want)
	}
}

func TestFprint_noPositions(t *testing.T) {
	f := &ast.File{
		Nodes: []*ast.Node{{Name: "a", Body: []ast.Entry{
			&ast.Property{Name: "l", Value: ast.List(ast.Int(1), ast.Str("x"), ast.None)},
			&ast.Node{Name: "b", Type: "t u"},
		}}},
		Comments: []*ast.Comment{{Text: "# lost its place"}},
	}
	want := "/a\n  l = [1, 'x', None]\n  /b : t u\n# lost its place\n"
	var b strings.Builder
	if err := Fprint(&b, f); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("Fprint:\n%s\nwant:\n%s", got, want)
	}
}

func TestFprint_empty(t *testing.T) {
	var b strings.Builder
	if err := Fprint(&b, &ast.File{}); err != nil {
		t.Fatal(err)
	}
	if b.Len() != 0 {
		t.Errorf("empty file printed %q", b.String())
	}
}
