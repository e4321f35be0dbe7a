package ast

import "fmt"

// Pos is a position in a source file.
type Pos struct {
	Offset int // byte offset, 0-based
	Line   int // 1-based
	Col    int // 1-based, in code points
}

// IsValid reports whether p was set (lines are 1-based).
func (p Pos) IsValid() bool { return p.Line > 0 }

// Before reports whether p comes before q.
func (p Pos) Before(q Pos) bool { return p.Offset < q.Offset }

// Range is a span of a source file; End is exclusive.
type Range struct {
	File       string
	Start, End Pos
}

// IsValid reports whether r was set.
func (r Range) IsValid() bool { return r.Start.IsValid() }

// Contains reports whether the byte offset off lies within r. An empty range
// contains its start.
func (r Range) Contains(off int) bool {
	return off >= r.Start.Offset && (off < r.End.Offset || off == r.Start.Offset)
}

// Union returns the smallest range that covers r and s (r's file).
func (r Range) Union(s Range) Range {
	if !r.IsValid() {
		return s
	}
	if !s.IsValid() {
		return r
	}
	u := r
	if s.Start.Offset < u.Start.Offset {
		u.Start = s.Start
	}
	if s.End.Offset > u.End.Offset {
		u.End = s.End
	}
	return u
}

// String formats the start of r as FILE:LINE:COL (LINE:COL without a file).
func (r Range) String() string {
	if r.File == "" {
		return fmt.Sprintf("%d:%d", r.Start.Line, r.Start.Col)
	}
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Col)
}
