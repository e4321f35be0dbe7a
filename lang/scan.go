package lang

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zktree/zktree/ast"
)

// This file is the production parser: a hand-written scanner that reads one
// line at a time and never allocates per token. Every string in the tree is
// a substring of one copy of the source, and entries come from chunked
// arenas. The participle grammar (grammar.go) defines the same language and
// is checked against this scanner by tests and a differential fuzz target.

// lineKind says how a line takes part in the structure.
type lineKind uint8

const (
	lineNone  lineKind = iota // blank or comment-only
	lineNode                  // a node line, good or bad
	lineEntry                 // a property, link or property-link line, good or bad
)

// line is the result of reading one line: its kind, indentation and entry,
// or the diagnostic that rejects it (then entry is nil).
type line struct {
	kind   lineKind
	no     int32 // 1-based line number
	indent int32
	entry  ast.Entry
	diag   *ast.Diagnostic
}

// scanner reads the lines of one source text.
type scanner struct {
	file  string
	s     string // the whole source
	valid bool   // s is valid UTF-8
	ascii bool   // s is ASCII: columns are byte counts

	lineNo    int32
	lineStart int
	lineASCII bool
	colOff    int   // a recent offset in the current line …
	col       int32 // … and its column

	vals  []ast.Value    // scratch stack for list and tuple elements
	items []ast.DictItem // scratch stack for dict items
	store valueStore

	comments []*ast.Comment
	nodes    arena[ast.Node]
	props    arena[ast.Property]
	links    arena[ast.Link]
	plinks   arena[ast.PropLink]
	cmts     arena[ast.Comment]
}

// arena hands out pointers into chunks of T, so that many small entries
// cost few allocations. Chunks grow from 16 to 256 elements, so that a
// small file stays small.
type arena[T any] struct{ buf []T }

func (a *arena[T]) alloc() *T {
	if len(a.buf) == cap(a.buf) {
		a.buf = make([]T, 0, min(max(2*cap(a.buf), 16), 256))
	}
	a.buf = a.buf[:len(a.buf)+1]
	return &a.buf[len(a.buf)-1]
}

// chunks hands out exact-size copies of slices carved from shared chunks,
// so that many small slices cost few allocations. Chunks grow from 64 to
// 4096 elements.
type chunks[T any] struct{ buf []T }

func (c *chunks[T]) clone(s []T) []T {
	if len(s) > cap(c.buf)-len(c.buf) {
		if len(s) > 512 {
			return slices.Clone(s)
		}
		c.buf = make([]T, 0, max(min(2*cap(c.buf), 4096), 64, len(s)))
	}
	n := len(c.buf)
	c.buf = append(c.buf, s...)
	return c.buf[n:len(c.buf):len(c.buf)]
}

// parseError is a rejected line before it becomes a diagnostic.
type parseError struct {
	code       string
	start, end int // byte offsets in the source
	msg        string
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// trailingSpace is what is removed from the end of every line, in any order:
// Python's ASCII whitespace, as zc.zk strips it (so a stray "\r" before
// trailing blanks never ends up in a name or comment).
const trailingSpace = " \t\r\f\v"

func isTrailingSpace(c byte) bool { return strings.IndexByte(trailingSpace, c) >= 0 }

// scan parses src with the fast scanner.
func scan(filename string, src []byte) (*ast.File, ast.Diagnostics) {
	s := string(src)
	p := &scanner{file: filename, s: s, ascii: isASCII(s)}
	p.valid = p.ascii || utf8.ValidString(s)
	b := newBuilder(filename, len(s)/40)
	for off := 0; off < len(s); {
		end := strings.IndexByte(s[off:], '\n')
		next := off + end + 1
		if end < 0 {
			end, next = len(s), len(s)
		} else {
			end += off
		}
		p.lineNo++
		p.lineStart, p.colOff, p.col = off, off, 1
		b.add(p.parseLine(off+bomLen(s, off), end))
		off = next
	}
	f := b.finish()
	f.Name, f.Lines, f.Comments = filename, int(p.lineNo), p.comments
	b.diags.Sort()
	return f, b.diags
}

// pos returns the position of byte offset off in the current line.
func (p *scanner) pos(off int) ast.Pos {
	if p.ascii || p.lineASCII {
		return ast.Pos{Offset: int32(off), Line: p.lineNo, Col: int32(off-p.lineStart) + 1}
	}
	if off < p.colOff {
		p.colOff, p.col = p.lineStart, 1
	}
	seg := p.s[p.colOff:off]
	n := len(seg)
	for i := 0; i < len(seg); i++ {
		if seg[i] >= utf8.RuneSelf {
			n = utf8.RuneCountInString(seg)
			break
		}
	}
	p.col += int32(n)
	p.colOff = off
	return ast.Pos{Offset: int32(off), Line: p.lineNo, Col: p.col}
}

func (p *scanner) rng(start, end int) ast.Range {
	return ast.Range{Start: p.pos(start), End: p.pos(end)}
}

// parseLine reads the line s[start:end] (without its "\n").
func (p *scanner) parseLine(start, end int) line {
	s := p.s
	for end > start && isTrailingSpace(s[end-1]) {
		end--
	}
	i := start
	for i < end && isBlank(s[i]) {
		i++
	}
	ln := line{no: p.lineNo, indent: int32(i - start)}
	p.lineASCII = !p.ascii && isASCII(s[p.lineStart:end])
	if i == end {
		return ln
	}
	ln.kind = lineEntry
	switch s[i] {
	case '#':
		ln.kind = lineNone
	case '/':
		ln.kind = lineNode
	}
	if !p.valid && !utf8.ValidString(s[i:end]) {
		bad := i + invalidUTF8(s[i:end])
		ln.diag = p.diag(&parseError{ast.CodeSyntax, bad, bad + 1,
			fmt.Sprintf("invalid UTF-8 byte 0x%02x; a .zk file is UTF-8 text", s[bad])})
		return ln
	}
	var perr *parseError
	comment := -1
	switch ln.kind {
	case lineNone:
		comment = i
	case lineNode:
		var n *ast.Node
		n, comment, perr = p.nodeLine(i, end)
		if n != nil {
			n.Indent = ln.indent
			ln.entry = n
		}
	default:
		ln.entry, comment, perr = p.entryLine(i, end, ln.indent)
	}
	if perr != nil {
		ln.entry, ln.diag = nil, p.diag(perr)
		return ln
	}
	if comment >= 0 {
		c := p.cmts.alloc()
		*c = ast.Comment{Range: p.rng(comment, end), Text: s[comment:end], Trailing: ln.kind != lineNone}
		p.comments = append(p.comments, c)
	}
	return ln
}

// bomLen is the length of the byte-order mark that starts the file, if the
// line at off is the first; the mark is skipped, like go/scanner does, and
// counts as one column.
func bomLen(s string, off int) int {
	if off == 0 && strings.HasPrefix(s, "\ufeff") {
		return len("\ufeff")
	}
	return 0
}

// isASCII reports whether s has only ASCII bytes, 8 bytes at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func invalidUTF8(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return i
			}
		}
	}
	return 0
}

func (p *scanner) diag(e *parseError) *ast.Diagnostic {
	return &ast.Diagnostic{Severity: ast.Error, Code: e.code, File: p.file, Range: p.rng(e.start, e.end), Message: e.msg}
}

func syntaxErr(start, end int, format string, args ...any) *parseError {
	return &parseError{ast.CodeSyntax, start, end, fmt.Sprintf(format, args...)}
}

// skipBlank returns the first offset at or after i that is not a blank.
func (p *scanner) skipBlank(i, end int) int {
	for i < end && isBlank(p.s[i]) {
		i++
	}
	return i
}

// word returns the end of the run of non-blank characters at i.
func (p *scanner) word(i, end int) int {
	for i < end && !isBlank(p.s[i]) {
		i++
	}
	return i
}

// atComment reports whether a comment starts at i: a "#" after a blank.
func (p *scanner) atComment(i, end int) bool {
	return i < end && p.s[i] == '#' && isBlank(p.s[i-1])
}

// typeEnd returns the end of a node type that starts at i: the start of a
// trailing comment (blanks before it trimmed) or end; and the comment start
// or -1.
func (p *scanner) typeEnd(i, end int) (int, int) {
	for j := i + 1; j < end; j++ {
		if p.atComment(j, end) {
			k := j
			for isBlank(p.s[k-1]) {
				k--
			}
			return k, j
		}
	}
	return end, -1
}

// nodeLine reads "/name [: type] [# comment]" starting at the "/" at i. It
// returns the node, the offset of a trailing comment (or -1) and the error.
func (p *scanner) nodeLine(i, end int) (*ast.Node, int, *parseError) {
	s := p.s
	r := p.word(i+1, end)
	if r == i+1 {
		return nil, -1, syntaxErr(i, i+1, `expected a node name right after "/"; a node line is /NAME [: TYPE]`)
	}
	nameEnd, typeStart := r, -1
	k := p.skipBlank(r, end)
	comment := -1
	switch {
	case k == end:
	case p.atComment(k, end):
		comment = k
	case s[r-1] == ':' && r-1 > i+1:
		nameEnd, typeStart = r-1, k
	case s[k] == ':':
		typeStart = p.skipBlank(k+1, end)
		if typeStart == end || p.atComment(typeStart, end) {
			return nil, -1, syntaxErr(k, k+1, `expected a type after ":"; a node line is /NAME [: TYPE]`)
		}
	default:
		w := p.word(k, end)
		return nil, -1, syntaxErr(k, w, `unexpected %q after node name; a node line is /NAME [: TYPE] (a type follows a ":" with a blank before or after it)`, s[k:w])
	}
	name := s[i+1 : nameEnd]
	if e := checkNodeName(name, i+1); e != nil {
		return nil, -1, e
	}
	n := p.nodes.alloc()
	n.Name = name
	last := nameEnd
	if typeStart >= 0 {
		var te int
		te, comment = p.typeEnd(typeStart, end)
		n.Type = s[typeStart:te]
		n.TypeRange = p.rng(typeStart, te)
		last = te
	}
	n.Range = p.rng(i, last)
	return n, comment, nil
}

// checkNodeName rejects node names that ZooKeeper or the language cannot
// hold; start is the name's offset.
func checkNodeName(name string, start int) *parseError {
	if name == "." || name == ".." {
		return syntaxErr(start, start+len(name), "node name %q is not allowed; ZooKeeper rejects \".\" and \"..\"", name)
	}
	if j := strings.IndexAny(name, "/="); j >= 0 || strings.Contains(name, "->") {
		if k := strings.Index(name, "->"); k >= 0 && (j < 0 || k < j) {
			return syntaxErr(start+k, start+k+2, `unexpected "->" in node name %q; a link is NAME -> PATH, without a leading "/"`, name)
		}
		if name[j] == '/' {
			return syntaxErr(start+j, start+j+1, `unexpected "/" in node name %q; write each node on its own line`, name)
		}
		return syntaxErr(start+j, start+j+1, `unexpected "=" in node name %q; a property is NAME = VALUE, without a leading "/"`, name)
	}
	return nil
}

// keyEnd returns the end of the key at i: the first blank, "=" or "->".
func keyEnd(s string, i, end int) int {
	for ; i < end; i++ {
		c := s[i]
		if isBlank(c) || c == '=' || (c == '-' && i+1 < end && s[i+1] == '>') {
			break
		}
	}
	return i
}

// entryLine reads a property, link or property-link line starting at i.
func (p *scanner) entryLine(i, end int, indent int32) (ast.Entry, int, *parseError) {
	s := p.s
	k := keyEnd(s, i, end)
	if k == i {
		op := s[i : i+1]
		if s[i] == '-' {
			op = "->"
		}
		return nil, -1, syntaxErr(i, i+len(op), "expected a name before %q", op)
	}
	name := s[i:k]
	j := p.skipBlank(k, end)
	switch {
	case strings.HasPrefix(s[j:end], "=>"):
		return p.propLinkLine(i, k, j, end, indent)
	case strings.HasPrefix(s[j:end], "->"):
		return p.linkLine(i, k, j, end, indent)
	case j < end && s[j] == '=':
		return p.propertyLine(i, k, j, end, indent)
	case j == end || p.atComment(j, end):
		return nil, -1, syntaxErr(i, k, `expected "=", "->" or "=>" after %q; a line is /NODE, NAME = VALUE, NAME -> PATH or NAME => PATH [PROPERTY]`, name)
	}
	w := p.word(j, end)
	return nil, -1, syntaxErr(j, w, `unexpected %q after %q; expected "=", "->" or "=>"`, s[j:w], name)
}

// afterTarget checks what follows a link target ending at t: nothing or a
// comment. It returns the comment offset or -1, or the error.
func (p *scanner) afterTarget(t, end int, what string) (int, *parseError) {
	k := p.skipBlank(t, end)
	if k == end {
		return -1, nil
	}
	if p.atComment(k, end) {
		return k, nil
	}
	w := p.word(k, end)
	return -1, syntaxErr(k, w, "unexpected %q after %s", p.s[k:w], what)
}

func (p *scanner) linkLine(i, k, j, end int, indent int32) (ast.Entry, int, *parseError) {
	s := p.s
	t0 := p.skipBlank(j+2, end)
	if t0 == end || (t0 > j+2 && p.atComment(t0, end)) {
		return nil, -1, syntaxErr(j, j+2, `expected a path after "->"; a link is NAME -> PATH`)
	}
	t1 := p.word(t0, end)
	if a := strings.Index(s[t0:t1], "->"); a >= 0 {
		return nil, -1, syntaxErr(t0+a, t0+a+2, `unexpected "->" after link target; a link is NAME -> PATH`)
	}
	if j == k && t0 == j+2 {
		if e := strings.IndexByte(s[t0:t1], '='); e >= 0 {
			return nil, -1, syntaxErr(t0+e, t0+e+1, `unexpected "=" in %q; write a link as NAME -> PATH with blanks around "->"`, s[i:t1])
		}
	}
	comment, err := p.afterTarget(t1, end, "link target; a link is NAME -> PATH")
	if err != nil {
		return nil, -1, err
	}
	l := p.links.alloc()
	*l = ast.Link{Range: p.rng(i, t1), Indent: indent, Name: s[i:k], Target: s[t0:t1]}
	l.TargetRange = p.rng(t0, t1)
	return l, comment, nil
}

func (p *scanner) propLinkLine(i, k, j, end int, indent int32) (ast.Entry, int, *parseError) {
	s := p.s
	t0 := p.skipBlank(j+2, end)
	if t0 == end || (t0 > j+2 && p.atComment(t0, end)) {
		return nil, -1, syntaxErr(j, j+2, `expected a path after "=>"; a property link is NAME => PATH [PROPERTY]`)
	}
	t1 := p.word(t0, end)
	last, p0, p1 := t1, -1, -1
	if k2 := p.skipBlank(t1, end); k2 < end && !p.atComment(k2, end) {
		p0, p1 = k2, p.word(k2, end)
		last = p1
	}
	comment, err := p.afterTarget(last, end, "PROPERTY; a property link is NAME => PATH [PROPERTY]")
	if err != nil {
		return nil, -1, err
	}
	l := p.plinks.alloc()
	*l = ast.PropLink{Range: p.rng(i, last), Indent: indent, Name: s[i:k], Target: s[t0:t1]}
	l.TargetRange = p.rng(t0, t1)
	if p0 >= 0 {
		l.Prop, l.PropRange = s[p0:p1], p.rng(p0, p1)
	}
	return l, comment, nil
}

func (p *scanner) propertyLine(i, k, j, end int, indent int32) (ast.Entry, int, *parseError) {
	v := valueScanner{s: p.s, i: j + 1, end: end, vals: &p.vals, items: &p.items, store: &p.store}
	if v.blanks(); v.atEnd() {
		return nil, -1, syntaxErr(j, j+1, `expected a value after "="; a property is NAME = VALUE`)
	}
	val, v0, v1, err := v.top()
	if err != nil {
		return nil, -1, err
	}
	pr := p.props.alloc()
	*pr = ast.Property{Range: p.rng(i, v1), Indent: indent, Name: p.s[i:k], Value: val}
	pr.ValueRange = p.rng(v0, v1)
	comment := -1
	if v.i < end {
		comment = v.i
	}
	return pr, comment, nil
}

// valueScanner reads a Python literal from s[i:end]. A "#" outside a string
// ends the value (Python's comment rule).
type valueScanner struct {
	s      string
	i, end int
	vals   *[]ast.Value    // scratch stack shared by nested containers
	items  *[]ast.DictItem // the same for dict items
	store  *valueStore     // where the elements of finished containers go
	depth  int             // containers open around v.i
}

// valueStore holds the elements of lists, tuples and dicts.
type valueStore struct {
	vals  chunks[ast.Value]
	items chunks[ast.DictItem]
}

func valueErr(start, end int, format string, args ...any) *parseError {
	return &parseError{ast.CodeValue, start, end, fmt.Sprintf(format, args...)}
}

// top reads one whole value: blanks, the value, blanks, then the end or a
// comment (v.i is left there). It returns the value and its range.
func (v *valueScanner) top() (ast.Value, int, int, *parseError) {
	v.blanks()
	v0 := v.i
	val, err := v.value()
	if err != nil {
		return val, v0, v0, v.hint(v0, err)
	}
	v1 := v.i
	v.blanks()
	if v.i < v.end && v.s[v.i] != '#' {
		return val, v0, v1, v.hint(v0, v.trailing())
	}
	return val, v0, v1, nil
}

// hint adds a suggestion to err, the error of the value that starts at v0,
// when the whole value is one bare word: the literal it was likely meant
// to be (true: True), or the quoted string.
func (v *valueScanner) hint(v0 int, err *parseError) *parseError {
	text := v.s[v0:v.end]
	for i := 1; i < len(text); i++ {
		if text[i] == '#' && isBlank(text[i-1]) {
			text = text[:i]
			break
		}
	}
	text = strings.TrimRight(text, " \t")
	if text == "" || strings.ContainsAny(text, " \t'\"()[]{},#\\") {
		return err
	}
	switch strings.ToLower(text) {
	case "true":
		err.msg += "; did you mean True?"
	case "false":
		err.msg += "; did you mean False?"
	case "none", "null", "nil":
		err.msg += "; did you mean None?"
	default:
		if !strings.ContainsAny(text, "+*/%@&|^~<>=!") { // not arithmetic
			err.msg += " (to store text, quote it: '" + text + "')"
		}
	}
	return err
}

// trailing reports what follows a complete value.
func (v *valueScanner) trailing() *parseError {
	start, end := v.token()
	tok := v.s[start:end]
	if strings.ContainsAny(tok[:1], "+-*/%@&|^~<>=!.([") || isIdentByte(tok[0]) {
		return valueErr(start, end, "%s: found %q after the value", msgExpr, tok)
	}
	return valueErr(start, end, "unexpected %q after the value; a value is one literal", tok)
}

func (v *valueScanner) blanks() {
	for v.i < v.end && isBlank(v.s[v.i]) {
		v.i++
	}
}

func (v *valueScanner) atEnd() bool { return v.i >= v.end || v.s[v.i] == '#' }

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// token returns the extent of the token at v.i, for messages: a name, a
// number, or one character.
func (v *valueScanner) token() (int, int) {
	s, i := v.s, v.i
	switch {
	case isIdentByte(s[i]):
		j := i
		for j < v.end && (isIdentByte(s[j]) || isDigit(s[j])) {
			j++
		}
		return i, j
	case v.atNumber():
		return i, v.numberEnd()
	}
	_, n := utf8.DecodeRuneInString(s[i:v.end])
	return i, i + n
}

func (v *valueScanner) atNumber() bool {
	s, i := v.s, v.i
	return i < v.end && (isDigit(s[i]) || s[i] == '.' && i+1 < v.end && isDigit(s[i+1]))
}

// numberEnd returns the end of the number token at v.i: digits, letters,
// "_", "." and a sign right after an "e" or "E".
func (v *valueScanner) numberEnd() int {
	s, j := v.s, v.i
	for j < v.end {
		c := s[j]
		switch {
		case (c == 'e' || c == 'E') && j+1 < v.end && (s[j+1] == '+' || s[j+1] == '-'):
			j += 2
		case isDigit(c) || c == '.' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j++
		default:
			return j
		}
	}
	return j
}

// value reads one value at v.i (blanks before it already skipped).
func (v *valueScanner) value() (ast.Value, *parseError) {
	if v.atEnd() {
		return ast.Value{}, valueErr(v.i, v.i, "expected a value")
	}
	s := v.s
	c := s[v.i]
	switch {
	case c == '-' || c == '+':
		sign := v.i
		v.i++
		v.blanks()
		if !v.atNumber() {
			if v.atEnd() {
				return ast.Value{}, valueErr(sign, sign+1, "expected a number after %q", string(c))
			}
			return ast.Value{}, valueErr(sign, sign+1, "%s: found %q before a value that is not a number", msgExpr, string(c))
		}
		n, err := v.number()
		if c == '-' {
			n = negate(n)
		}
		return n, err
	case v.atNumber():
		return v.number()
	case c == '\'' || c == '"':
		return v.str()
	case c == '[' || c == '(' || c == '{':
		return v.container(c)
	case isIdentByte(c):
		start, end := v.token()
		if end < v.end && (s[end] == '\'' || s[end] == '"') && isStringPrefix(s[start:end]) {
			return v.str()
		}
		switch s[start:end] {
		case "True":
			v.i = end
			return ast.True, nil
		case "False":
			v.i = end
			return ast.False, nil
		case "None":
			v.i = end
			return ast.None, nil
		}
		return ast.Value{}, valueErr(start, end, "%s: found name %q", msgExpr, s[start:end])
	}
	start, end := v.token()
	return ast.Value{}, valueErr(start, end, "unexpected %q; expected a value", s[start:end])
}

func (v *valueScanner) number() (ast.Value, *parseError) {
	start, end := v.i, v.numberEnd()
	v.i = end
	n, err := numberValue(v.s[start:end])
	if err != nil {
		return n, valueErr(start+err.Off, start+err.End, "%s", err.Msg)
	}
	return n, nil
}

// stringEnd returns the end of the string literal at v.i (prefix
// included), or an error for an unterminated one.
func (v *valueScanner) stringEnd() (int, *parseError) {
	s, i := v.s, v.i
	for s[i] != '\'' && s[i] != '"' {
		i++
	}
	q := s[i]
	triple := i+2 < v.end && s[i+1] == q && s[i+2] == q
	if triple {
		i += 3
	} else {
		i++
	}
	for i < v.end {
		switch {
		case s[i] == '\\':
			i += 2
			continue
		case s[i] != q:
		case !triple:
			return i + 1, nil
		case i+2 < v.end && s[i+1] == q && s[i+2] == q:
			return i + 3, nil
		}
		i++
	}
	quote := string(q)
	if triple {
		quote = strings.Repeat(quote, 3)
	}
	return 0, valueErr(v.i, v.end, "unterminated string; expected a closing %s on the same line", quote)
}

// strings reads one or more adjacent string literals and concatenates them.
func (v *valueScanner) str() (ast.Value, *parseError) {
	var parts []string
	for {
		start := v.i
		end, err := v.stringEnd()
		if err != nil {
			return ast.Value{}, err
		}
		str, lerr := unquote(v.s[start:end])
		if lerr != nil {
			return ast.Value{}, valueErr(start+lerr.Off, start+lerr.End, "%s", lerr.Msg)
		}
		v.i = end
		parts = append(parts, str)
		save := v.i
		v.blanks()
		if !v.atStringStart() {
			v.i = save
			break
		}
	}
	if len(parts) == 1 {
		return ast.Str(parts[0]), nil
	}
	return ast.Str(strings.Join(parts, "")), nil
}

// atStringStart reports whether a string literal (with its prefix) starts
// at v.i.
func (v *valueScanner) atStringStart() bool {
	s, i := v.s, v.i
	j := i
	for j < v.end && j-i < 3 && isIdentByte(s[j]) {
		j++
	}
	return j < v.end && (s[j] == '\'' || s[j] == '"') && isStringPrefix(s[i:j])
}

// elems reads values separated by commas up to the closer; the opener has
// been read. It reports whether a comma was seen.
func (v *valueScanner) elems(closer byte, what string) ([]ast.Value, bool, *parseError) {
	base := len(*v.vals)
	defer func() { *v.vals = (*v.vals)[:base] }()
	comma := false
	for {
		v.blanks()
		if v.i < v.end && v.s[v.i] == closer {
			v.i++
			var out []ast.Value
			if len(*v.vals) > base {
				out = v.store.vals.clone((*v.vals)[base:])
			}
			return out, comma, nil
		}
		if v.atEnd() {
			return nil, false, valueErr(v.i, v.i, "unexpected end of line in %s; expected %q", what, string(closer))
		}
		if v.s[v.i] == ',' {
			return nil, false, valueErr(v.i, v.i+1, "unexpected \",\" in %s; expected a value", what)
		}
		x, err := v.value()
		if err != nil {
			return nil, false, err
		}
		*v.vals = append(*v.vals, x)
		if err := v.separator(closer, what); err != nil {
			return nil, false, err
		}
		if v.s[v.i] == ',' {
			comma = true
			v.i++
		}
	}
}

// separator checks that a "," or the closer follows an element.
func (v *valueScanner) separator(closer byte, what string) *parseError {
	v.blanks()
	if v.atEnd() {
		return valueErr(v.i, v.i, "unexpected end of line in %s; expected \",\" or %q", what, string(closer))
	}
	if c := v.s[v.i]; c != ',' && c != closer {
		start, end := v.token()
		if strings.IndexByte("+-*/%@&|^~<>=!.([", c) >= 0 || isIdentByte(c) {
			return valueErr(start, end, "%s: found %q in %s", msgExpr, v.s[start:end], what)
		}
		return valueErr(start, end, "unexpected %q in %s; expected \",\" or %q", v.s[start:end], what, string(closer))
	}
	return nil
}

// maxDepth is how deeply lists, tuples and dicts may nest.
const maxDepth = 100

// container reads a list, tuple or dict, keeping count of the nesting.
func (v *valueScanner) container(c byte) (ast.Value, *parseError) {
	if v.depth >= maxDepth {
		return ast.Value{}, valueErr(v.i, v.i+1, "values nest more than %d levels deep", maxDepth)
	}
	v.depth++
	defer func() { v.depth-- }()
	switch c {
	case '[':
		return v.list()
	case '(':
		return v.tuple()
	}
	return v.dict()
}

func (v *valueScanner) list() (ast.Value, *parseError) {
	v.i++
	elems, _, err := v.elems(']', "list")
	if err != nil {
		return ast.Value{}, err
	}
	return ast.List(elems...), nil
}

// tuple reads "(...)": a tuple, or a parenthesised single value.
func (v *valueScanner) tuple() (ast.Value, *parseError) {
	v.i++
	elems, comma, err := v.elems(')', "tuple")
	if err != nil {
		return ast.Value{}, err
	}
	if len(elems) == 1 && !comma {
		return elems[0], nil
	}
	return ast.Tuple(elems...), nil
}

// dict reads "{key: value, ...}".
func (v *valueScanner) dict() (ast.Value, *parseError) {
	open := v.i
	v.i++
	base := len(*v.items)
	defer func() { *v.items = (*v.items)[:base] }()
	var keys keySet
	for {
		v.blanks()
		if v.i < v.end && v.s[v.i] == '}' {
			v.i++
			if len(*v.items) == base {
				return ast.Dict(), nil
			}
			return ast.Dict(v.store.items.clone((*v.items)[base:])...), nil
		}
		if v.atEnd() {
			return ast.Value{}, valueErr(v.i, v.i, "unexpected end of line in dict; expected \"}\"")
		}
		if v.s[v.i] == ',' {
			return ast.Value{}, valueErr(v.i, v.i+1, "unexpected \",\" in dict; expected a key")
		}
		k0 := v.i
		k, err := v.value()
		if err != nil {
			return ast.Value{}, err
		}
		k1 := v.i
		v.blanks()
		if v.i < v.end && (v.s[v.i] == ',' || v.s[v.i] == '}') {
			return ast.Value{}, valueErr(open, v.i+1, "found a set; sets are not JSON values: use a list [...]")
		}
		if v.atEnd() || v.s[v.i] != ':' {
			if err := v.separator(':', "dict"); err != nil {
				return ast.Value{}, err
			}
		}
		if msg := checkDictKey(k); msg != "" {
			return ast.Value{}, valueErr(k0, k1, "%s", msg)
		}
		v.i++
		v.blanks()
		x, err := v.value()
		if err != nil {
			return ast.Value{}, err
		}
		*v.items = append(*v.items, ast.DictItem{Key: k, Value: x})
		if j := keys.add(k); j >= 0 {
			if first := (*v.items)[base+j].Key; first.String() != k.String() {
				return ast.Value{}, valueErr(k0, k1, "duplicate dict key %s; it is the same key as %s", k, first)
			}
			return ast.Value{}, valueErr(k0, k1, "duplicate dict key %s", k)
		}
		if err := v.separator('}', "dict"); err != nil {
			return ast.Value{}, err
		}
		if v.s[v.i] == ',' {
			v.i++
		}
	}
}
