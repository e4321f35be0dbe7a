package lsp

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/zktree/zktree/ast"
)

// lineIndex converts between byte offsets into a text and LSP positions,
// whose characters count UTF-16 code units. Lines end with "\n" or "\r\n".
type lineIndex struct {
	src    []byte
	starts []int // byte offset of the start of each line
}

func newLineIndex(src []byte) *lineIndex {
	starts := make([]int, 1, len(src)/32+1)
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{src: src, starts: starts}
}

// position returns the LSP position of byte offset off. An offset inside a
// multi-byte character maps to the start of that character; offsets beyond
// the text map to its end.
func (x *lineIndex) position(off int) Position {
	off = min(max(off, 0), len(x.src))
	line := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	for off > x.starts[line] && off < len(x.src) && !utf8.RuneStart(x.src[off]) {
		off--
	}
	return Position{Line: line, Character: utf16Len(x.src[x.starts[line]:off])}
}

// offset returns the byte offset of LSP position p. A character beyond the
// end of its line maps to the end of the line (before its newline), a line
// beyond the text to the end of the text, and a position inside a surrogate
// pair to the start of its character.
func (x *lineIndex) offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(x.starts) {
		return len(x.src)
	}
	off, end := x.starts[p.Line], x.lineEnd(p.Line)
	for units := 0; off < end; {
		r, size := utf8.DecodeRune(x.src[off:end])
		units += utf16Units(r)
		if units > p.Character {
			break
		}
		off += size
	}
	return off
}

// checkedOffset returns the byte offset of a position that a client sent.
// A character beyond the end of its line means the end of the line, as
// LSP says. A negative line or character is an error. A line beyond the
// last one maps to the end of the text, with pastEnd set: requests reject
// such positions, changes clamp them.
func (x *lineIndex) checkedOffset(p Position) (off int, pastEnd bool, err error) {
	if p.Line < 0 || p.Character < 0 {
		return 0, false, fmt.Errorf("invalid position %d:%d: line and character must not be negative", p.Line, p.Character)
	}
	return x.offset(p), p.Line >= len(x.starts), nil
}

// requestOffset returns the byte offset of a position in a request, and
// an InvalidParams error for a position outside the text.
func (x *lineIndex) requestOffset(p Position) (int, error) {
	off, pastEnd, err := x.checkedOffset(p)
	switch {
	case err != nil:
		return 0, errorf(codeInvalidParams, "%v", err)
	case pastEnd:
		return 0, errorf(codeInvalidParams, "invalid position %d:%d: the document has %d lines", p.Line, p.Character, len(x.starts))
	}
	return off, nil
}

// lineEnd returns the offset of the "\n" or "\r\n" that ends line, or the
// length of the text for the last line.
func (x *lineIndex) lineEnd(line int) int {
	if line+1 >= len(x.starts) {
		return len(x.src)
	}
	end := x.starts[line+1] - 1
	if end > x.starts[line] && x.src[end-1] == '\r' {
		end--
	}
	return end
}

// rng converts an ast range to an LSP range.
func (x *lineIndex) rng(r ast.Range) Range {
	return Range{Start: x.position(int(r.Start.Offset)), End: x.position(int(r.End.Offset))}
}

// lines returns the number of lines.
func (x *lineIndex) lines() int { return len(x.starts) }

// utf16Len returns the number of UTF-16 code units that encode b.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			n++
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		n += utf16Units(r)
		b = b[size:]
	}
	return n
}

// utf16Units returns 2 for characters outside the Basic Multilingual Plane
// (a surrogate pair) and 1 for the others, invalid bytes included.
func utf16Units(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
