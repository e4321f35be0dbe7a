package ast

import "fmt"

// Pos is a position in a source file. The fields are 32-bit so that the
// syntax tree of a large file stays small.
type Pos struct {
	Offset int32 // byte offset, 0-based
	Line   int32 // 1-based
	Col    int32 // 1-based, in code points
}

// IsValid reports whether p was set (lines are 1-based).
func (p Pos) IsValid() bool { return p.Line > 0 }

// Before reports whether p comes before q.
func (p Pos) Before(q Pos) bool { return p.Offset < q.Offset }

// Range is a span of a source file; End is exclusive. The file is not part
// of the range: syntax trees know their [File], diagnostics carry the name.
type Range struct {
	Start, End Pos
}

// IsValid reports whether r was set.
func (r Range) IsValid() bool { return r.Start.IsValid() }

// Contains reports whether the byte offset off lies within r. An empty range
// contains its start.
func (r Range) Contains(off int) bool {
	o := int32(off)
	return o >= r.Start.Offset && (o < r.End.Offset || o == r.Start.Offset)
}

// Union returns the smallest range that covers r and s.
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

// String formats the start of r as LINE:COL.
func (r Range) String() string {
	return fmt.Sprintf("%d:%d", r.Start.Line, r.Start.Col)
}

// Location formats a file name and the start of r as FILE:LINE:COL (LINE:COL
// when file is empty).
func Location(file string, r Range) string {
	if file == "" {
		return r.String()
	}
	return file + ":" + r.String()
}
