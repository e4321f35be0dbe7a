package lang

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/zktree/zktree/ast"
)

// This file is the formal definition of the language: a participle grammar
// for one line, with its own lexer layer. The layer splits the text into
// lines, measures indentation, sets whole-line comments aside, and lexes
// each line's content with the stateful lexer below; the grammar then reads
// the tokens. The tree is built from the lines by the same stack algorithm
// as the fast parser (build.go). Participle decides which lines are
// accepted and what they mean; a rejected line is worded by the fast
// parser's messages, so that both parsers report the same text.

// zkLexer lexes the content of one line (no indentation, no trailing
// blanks). A "/" first switches to node-line tokens, anything else to
// entry tokens; then "->" and "=>" switch to path tokens and "=" to Python
// literal tokens.
var zkLexer = sync.OnceValue(func() *lexer.StatefulDefinition {
	return lexer.MustStateful(zkRules)
})

var zkRules = lexer.Rules{
	"Root": {
		{Name: "Slash", Pattern: `/`, Action: lexer.Push("Node")},
		{Name: "FatArrow", Pattern: `=>`, Action: lexer.Push("Path")},
		{Name: "Arrow", Pattern: `->`, Action: lexer.Push("Path")},
		{Name: "Eq", Pattern: `=`, Action: lexer.Push("Value")},
		{Name: "Key", Pattern: `[^ \t=\-]+|-`, Action: lexer.Push("Entry")},
	},
	"Entry": {
		{Name: "FatArrow", Pattern: `=>`, Action: lexer.Push("Path")},
		{Name: "Arrow", Pattern: `->`, Action: lexer.Push("Path")},
		{Name: "Eq", Pattern: `=`, Action: lexer.Push("Value")},
		{Name: "Blank", Pattern: `[ \t]+`},
		{Name: "Key", Pattern: `[^ \t=\-]+|-`},
	},
	"Node": {
		{Name: "Comment", Pattern: `[ \t]+#.*`},
		{Name: "Blank", Pattern: `[ \t]+`},
		{Name: "Colon", Pattern: `:`},
		{Name: "Slash", Pattern: `/`},
		{Name: "Segment", Pattern: `[^ \t:/]+`},
	},
	"Path": {
		{Name: "Comment", Pattern: `[ \t]+#.*`},
		{Name: "Blank", Pattern: `[ \t]+`},
		{Name: "Arrow", Pattern: `->`},
		{Name: "Eq", Pattern: `=`},
		{Name: "Word", Pattern: `[^ \t=\-]+|-`},
	},
	"Value": {
		{Name: "VComment", Pattern: `#.*`},
		{Name: "VBlank", Pattern: `[ \t]+`},
		{Name: "TString", Pattern: `(?i:[ub]?r?|r[ub]?)(?:'''(?:[^\\]|\\.)*?'''|"""(?:[^\\]|\\.)*?""")`},
		{Name: "Unclosed", Pattern: `(?i:[ub]?r?|r[ub]?)(?:'''|""")`},
		{Name: "String", Pattern: `(?i:[ub]?r?|r[ub]?)(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")`},
		{Name: "Number", Pattern: `(?:\d|\.\d)(?:[eE][+-]|[0-9A-Za-z_.])*`},
		{Name: "Name", Pattern: `[A-Za-z_\x{80}-\x{10FFFF}][A-Za-z0-9_\x{80}-\x{10FFFF}]*`},
		{Name: "Punct", Pattern: `[\[\](){},:+\-]`},
		{Name: "Bad", Pattern: `.`},
	},
}

// lineContent is the content of one line: a node line or an entry line.
type lineContent struct {
	Node  *nodeLine  `parser:"  @@"`
	Entry *entryLine `parser:"| @@"`
}

// nodeLine is "/" NAME [TYPE]. The name is the run of characters after the
// "/"; when that run ends with ":" and text follows, or when the text
// after it starts with ":", that ":" separates the type.
type nodeLine struct {
	Slash   lexer.Token   `parser:"@Slash"`
	Name    []lexer.Token `parser:"@( ( Segment | Colon | Slash )+ )"`
	Type    *nodeType     `parser:"@@?"`
	Comment []lexer.Token `parser:"@Comment?"`
}

// nodeType is the text after the name: [":"] text.
type nodeType struct {
	Colon *lexer.Token  `parser:"Blank ( @Colon Blank? )?"`
	Text  []lexer.Token `parser:"@( ( Segment | Colon | Slash ) ( Blank? ( Segment | Colon | Slash ) )* )?"`
}

// entryLine is KEY followed by a property link, link or property.
type entryLine struct {
	Key      []lexer.Token `parser:"@( Key+ )"`
	PropLink *propLinkTail `parser:"( @@"`
	Link     *linkTail     `parser:"| @@"`
	Property *propertyTail `parser:"| @@ )"`
}

// propLinkTail is "=>" PATH [PROPERTY].
type propLinkTail struct {
	Op      lexer.Token   `parser:"Blank? @FatArrow Blank?"`
	Target  []lexer.Token `parser:"@( ( Word | Eq | Arrow )+ )"`
	Prop    []lexer.Token `parser:"( Blank @( ( Word | Eq | Arrow )+ ) )?"`
	Comment []lexer.Token `parser:"@Comment?"`
}

// linkTail is "->" PATH. Written without blanks ("a->b"), the path may not
// hold "=", which zc.zk would read as a property.
type linkTail struct {
	Spaced  *spacedPath   `parser:"(   @@"`
	Glued   *gluedPath    `parser:"  | @@ )"`
	Comment []lexer.Token `parser:"@Comment?"`
}

type spacedPath struct {
	Op     lexer.Token   `parser:"( Blank @Arrow Blank? | @Arrow Blank )"`
	Target []lexer.Token `parser:"@( ( Word | Eq )+ )"`
}

type gluedPath struct {
	Op     lexer.Token   `parser:"@Arrow"`
	Target []lexer.Token `parser:"@( Word+ )"`
}

// propertyTail is "=" VALUE.
type propertyTail struct {
	Op      lexer.Token   `parser:"Blank? @Eq"`
	Value   *literal      `parser:"@@"`
	Comment []lexer.Token `parser:"@VComment?"`
}

// literal is a Python literal.
type literal struct {
	Tokens  []lexer.Token
	Number  *number       `parser:"  @@"`
	Strings []lexer.Token `parser:"| @( ( TString | String )+ )"`
	Keyword string        `parser:"| @( 'True' | 'False' | 'None' )"`
	List    *sequence     `parser:"| '[' @@ ']'"`
	Paren   *sequence     `parser:"| '(' @@ ')'"`
	Dict    *dict         `parser:"| '{' @@ '}'"`
}

// number is a number with an optional sign.
type number struct {
	Sign   string        `parser:"@( '-' | '+' )?"`
	Digits []lexer.Token `parser:"@Number"`
}

// sequence is the inside of a list or of parentheses; Comma records a
// trailing comma, which makes "(x,)" a tuple.
type sequence struct {
	Elems []*literal `parser:"( @@ ( ',' @@ )*"`
	Comma bool       `parser:"  @','? )?"`
}

type dict struct {
	Items []*dictItem `parser:"( @@ ( ',' @@ )* ','? )?"`
}

type dictItem struct {
	Key   *literal `parser:"@@ ':'"`
	Value *literal `parser:"@@"`
}

var refParser = sync.OnceValue(func() *participle.Parser[lineContent] {
	return participle.MustBuild[lineContent](
		participle.Lexer(zkLexer()),
		participle.Elide("VBlank"),
		participle.UseLookahead(1<<20),
	)
})

const grammarHeader = `(* One line of a .zk file, after its indentation (spaces and tabs, one
   column each). Blank lines and lines whose content starts with "#" are
   comments; nesting follows indentation. In a NodeLine whose name ends in
   ":" and is followed by a type, that ":" separates the type; otherwise a
   type needs a ":" of its own. A node name is not "." or "..", and holds
   no "=" or "->". Literals mean what they mean in Python. *)
`

// grammarText is the EBNF of the grammar followed by its tokens.
var grammarText = sync.OnceValue(func() string {
	var b strings.Builder
	b.WriteString(grammarHeader)
	b.WriteString(refParser().String())
	b.WriteString("\n\n(* Tokens, by lexer state. *)\n")
	rules := zkRules
	for _, state := range []string{"Root", "Node", "Entry", "Path", "Value"} {
		for _, r := range rules[state] {
			fmt.Fprintf(&b, "%s.%s = /%s/", state, r.Name, r.Pattern)
			if push, ok := r.Action.(lexer.ActionPush); ok {
				fmt.Fprintf(&b, " (then %s)", push.State)
			}
			b.WriteString(" .\n")
		}
	}
	return b.String()
})

// reference parses src line by line with the participle grammar.
func reference(filename string, src []byte) (*ast.File, ast.Diagnostics) {
	s := string(src)
	r := &refLines{file: filename, s: s}
	b := newBuilder(filename, 0)
	lines := strings.Split(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	off := 0
	for i, text := range lines {
		b.add(r.line(int32(i+1), off, text))
		off += len(text) + 1
	}
	f := b.finish()
	f.Name, f.Lines, f.Comments = filename, len(lines), r.comments
	b.diags.Sort()
	return f, b.diags
}

// refLines is the lexer layer of the reference parser.
type refLines struct {
	file     string
	s        string
	comments []*ast.Comment
	// The line being read.
	lineNo int32
	base   int   // offset of the line's content
	col    int32 // column of the line's content
}

// line reads one line at offset off.
func (r *refLines) line(no int32, off int, raw string) line {
	text := strings.TrimRight(raw, trailingSpace)
	bom := 0
	if no == 1 && strings.HasPrefix(text, "\ufeff") {
		text, bom = text[len("\ufeff"):], len("\ufeff")
	}
	content := strings.TrimLeft(text, " \t")
	indent := len(text) - len(content)
	content = strings.TrimRight(content, " \t")
	r.lineNo, r.base, r.col = no, off+bom+indent, int32(indent)+1+int32(min(bom, 1))
	ln := line{no: no, indent: int32(indent)}
	switch {
	case content == "":
		return ln
	case content[0] == '#':
		ln.kind = lineNone
		if utf8.ValidString(content) {
			r.comment(0, content, false)
			return ln
		}
	case content[0] == '/':
		ln.kind = lineNode
	default:
		ln.kind = lineEntry
	}
	if utf8.ValidString(content) {
		if e, cs, ok := r.parse(content); ok {
			ln.entry = e
			if cs := solid(cs); len(cs) > 0 {
				c := cs[len(cs)-1]
				text := strings.TrimLeft(c.Value, " \t") // path and node comments start with their blanks
				r.comment(c.Pos.Offset+len(c.Value)-len(text), text, true)
			}
			setIndent(e, ln.indent)
			return ln
		}
	}
	ln.diag = r.explain(off, len(raw))
	return ln
}

func setIndent(e ast.Entry, indent int32) {
	switch e := e.(type) {
	case *ast.Node:
		e.Indent = indent
	case *ast.Property:
		e.Indent = indent
	case *ast.Link:
		e.Indent = indent
	case *ast.PropLink:
		e.Indent = indent
	}
}

// explain words the rejection of a line with the fast parser's messages.
func (r *refLines) explain(off, n int) *ast.Diagnostic {
	p := &scanner{file: r.file, s: r.s, lineNo: r.lineNo, lineStart: off, colOff: off, col: 1}
	if ln := p.parseLine(off+bomLen(r.s, off), off+n); ln.diag != nil {
		return ln.diag
	}
	return &ast.Diagnostic{Severity: ast.Error, Code: ast.CodeSyntax, File: r.file,
		Range:   ast.Range{Start: r.pos(lexer.Position{Column: 1}), End: r.pos(lexer.Position{Column: 1})},
		Message: "the grammar rejects this line, but the fast parser accepts it"}
}

func (r *refLines) comment(rel int, text string, trailing bool) {
	start := r.posAt(rel)
	end := start
	end.Offset += int32(len(text))
	end.Col += int32(utf8.RuneCountInString(text))
	r.comments = append(r.comments, &ast.Comment{Range: ast.Range{Start: start, End: end}, Text: text, Trailing: trailing})
}

// posAt converts an offset in the line's content to a position.
func (r *refLines) posAt(rel int) ast.Pos {
	content := r.s[r.base:]
	return ast.Pos{Offset: int32(r.base + rel), Line: r.lineNo, Col: r.col + int32(utf8.RuneCountInString(content[:rel]))}
}

// pos converts a lexer position (relative to the content) to a position.
func (r *refLines) pos(p lexer.Position) ast.Pos {
	return ast.Pos{Offset: int32(r.base + p.Offset), Line: r.lineNo, Col: r.col + int32(p.Column) - 1}
}

func (r *refLines) start(t lexer.Token) ast.Pos { return r.pos(t.Pos) }

func (r *refLines) end(t lexer.Token) ast.Pos {
	p := t.Pos
	p.Advance(t.Value)
	return r.pos(p)
}

func (r *refLines) span(first, last lexer.Token) ast.Range {
	return ast.Range{Start: r.start(first), End: r.end(last)}
}

func text(toks []lexer.Token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.Value)
	}
	return b.String()
}

// parse reads the content of a line with the grammar and lowers it to an
// entry; ok is false when the line is rejected.
func (r *refLines) parse(content string) (ast.Entry, []lexer.Token, bool) {
	lex, err := zkLexer().LexString(r.file, content)
	if err != nil {
		return nil, nil, false
	}
	peek, err := lexer.Upgrade(lex, zkLexer().Symbols()["VBlank"])
	if err != nil {
		return nil, nil, false
	}
	cst, err := refParser().ParseFromLexer(peek)
	if err != nil {
		return nil, nil, false
	}
	if cst.Node != nil {
		return r.node(content, cst.Node)
	}
	e := cst.Entry
	key := text(e.Key)
	first := e.Key[0]
	switch {
	case e.PropLink != nil:
		pl := e.PropLink
		l := &ast.PropLink{Name: key, Target: text(pl.Target), TargetRange: r.span(pl.Target[0], pl.Target[len(pl.Target)-1])}
		last := pl.Target[len(pl.Target)-1]
		if len(pl.Prop) > 0 {
			last = pl.Prop[len(pl.Prop)-1]
			l.Prop, l.PropRange = text(pl.Prop), r.span(pl.Prop[0], last)
		}
		l.Range = r.span(first, last)
		return l, pl.Comment, true
	case e.Link != nil:
		path := e.Link.Spaced
		if path == nil {
			path = (*spacedPath)(e.Link.Glued)
		}
		last := path.Target[len(path.Target)-1]
		return &ast.Link{Range: r.span(first, last), Name: key, Target: text(path.Target),
			TargetRange: r.span(path.Target[0], last)}, e.Link.Comment, true
	}
	v, ok := r.value(e.Property.Value, 0)
	if !ok {
		return nil, nil, false
	}
	vr := r.valueRange(e.Property.Value)
	return &ast.Property{Range: ast.Range{Start: r.start(first), End: vr.End}, Name: key, Value: v, ValueRange: vr},
		e.Property.Comment, true
}

// node lowers a node line, applying the rules for the type separator.
func (r *refLines) node(content string, n *nodeLine) (ast.Entry, []lexer.Token, bool) {
	name := text(n.Name)
	last := n.Name[len(n.Name)-1]
	out := &ast.Node{}
	if t := n.Type; t != nil {
		var typ []lexer.Token
		switch {
		case strings.HasSuffix(name, ":") && len(name) > 1 && (t.Colon != nil || len(t.Text) > 0):
			name = name[:len(name)-1]
			if t.Colon != nil {
				typ = append([]lexer.Token{*t.Colon}, t.Text...)
			} else {
				typ = t.Text
			}
		case t.Colon != nil && len(t.Text) > 0:
			typ = t.Text
		default:
			return nil, nil, false
		}
		first, end := typ[0], typ[len(typ)-1]
		out.TypeRange = r.span(first, end)
		out.Type = content[first.Pos.Offset : end.Pos.Offset+len(end.Value)]
		last = end
	}
	if checkNodeName(name, 0) != nil {
		return nil, nil, false
	}
	out.Name = name
	out.Range = r.span(n.Slash, last)
	return out, n.Comment, true
}

// valueRange is the range of a value's tokens.
func (r *refLines) valueRange(v *literal) ast.Range {
	toks := solid(v.Tokens)
	return r.span(toks[0], toks[len(toks)-1])
}

// solid drops the elided blanks that participle includes in captured
// token lists.
func solid(toks []lexer.Token) []lexer.Token {
	blank := zkLexer().Symbols()["VBlank"]
	out := toks[:0:0]
	for _, t := range toks {
		if t.Type != blank {
			out = append(out, t)
		}
	}
	return out
}

// value lowers a literal inside depth containers; ok is false when it is
// not a valid value.
func (r *refLines) value(v *literal, depth int) (ast.Value, bool) {
	if (v.List != nil || v.Paren != nil || v.Dict != nil) && depth >= maxDepth {
		return ast.Value{}, false
	}
	switch {
	case v.Number != nil:
		n, err := numberValue(solid(v.Number.Digits)[0].Value)
		if err != nil {
			return ast.Value{}, false
		}
		if v.Number.Sign == "-" {
			n = negate(n)
		}
		return n, true
	case v.Strings != nil:
		var b strings.Builder
		for _, t := range solid(v.Strings) {
			s, err := unquote(t.Value)
			if err != nil {
				return ast.Value{}, false
			}
			b.WriteString(s)
		}
		return ast.Str(b.String()), true
	case v.Keyword != "":
		return map[string]ast.Value{"True": ast.True, "False": ast.False, "None": ast.None}[v.Keyword], true
	case v.List != nil:
		elems, ok := r.values(v.List.Elems, depth+1)
		return ast.List(elems...), ok
	case v.Paren != nil:
		elems, ok := r.values(v.Paren.Elems, depth+1)
		if len(elems) == 1 && !v.Paren.Comma {
			return elems[0], ok
		}
		return ast.Tuple(elems...), ok
	}
	var items []ast.DictItem
	var keys keySet
	for _, it := range v.Dict.Items {
		k, ok := r.value(it.Key, depth+1)
		if !ok || checkDictKey(k) != "" {
			return ast.Value{}, false
		}
		x, ok := r.value(it.Value, depth+1)
		if !ok {
			return ast.Value{}, false
		}
		items = append(items, ast.DictItem{Key: k, Value: x})
		if keys.add(k) >= 0 {
			return ast.Value{}, false
		}
	}
	return ast.Dict(items...), true
}

func (r *refLines) values(vs []*literal, depth int) ([]ast.Value, bool) {
	out := make([]ast.Value, 0, len(vs))
	for _, v := range vs {
		x, ok := r.value(v, depth)
		if !ok {
			return nil, false
		}
		out = append(out, x)
	}
	return out, true
}
