package lsp

import "testing"

func TestLineIndex_positions(t *testing.T) {
	// "é" is 2 bytes and 1 unit, "€" 3 bytes and 1 unit, "😀" 4 bytes and 2
	// units (a surrogate pair), "中" 3 bytes and 1 unit.
	src := []byte("/café : t\r\n  x -> /😀/a\n/中€\n")
	x := newLineIndex(src)
	cases := []struct {
		off  int
		want Position
	}{
		{0, Position{0, 0}},
		{4, Position{0, 4}},  // the "é"
		{6, Position{0, 5}},  // after "é"
		{10, Position{0, 9}}, // the CR ends line 0
		{12, Position{1, 0}},
		{20, Position{1, 8}},  // the "😀"
		{24, Position{1, 10}}, // after "😀": two units
		{26, Position{1, 12}}, // end of line 1
		{27, Position{2, 0}},
		{31, Position{2, 2}}, // the "€"
		{34, Position{2, 3}}, // end of line 2
		{35, Position{3, 0}}, // the empty last line
		{99, Position{3, 0}}, // beyond the end
	}
	for _, c := range cases {
		if got := x.position(c.off); got != c.want {
			t.Errorf("position(%d) = %v, want %v", c.off, got, c.want)
		}
		if c.off <= len(src) {
			if got := x.offset(c.want); got != c.off {
				t.Errorf("offset(%v) = %d, want %d", c.want, got, c.off)
			}
		}
	}
}

func TestLineIndex_crlf(t *testing.T) {
	x := newLineIndex([]byte("/a\r\n  b = 1\r\n"))
	// A character beyond the end of a line stops before its "\r\n".
	if got := x.offset(Position{0, 99}); got != 2 {
		t.Errorf("offset(0:99) = %d, want 2", got)
	}
	if got := x.offset(Position{1, 99}); got != 11 {
		t.Errorf("offset(1:99) = %d, want 11", got)
	}
}

func TestLineIndex_clamps(t *testing.T) {
	src := []byte("a😀b\nxy\n")
	x := newLineIndex(src)
	cases := []struct {
		pos  Position
		want int
	}{
		{Position{0, 2}, 1},  // inside the surrogate pair: start of the emoji
		{Position{0, 3}, 5},  // after the emoji
		{Position{0, 99}, 6}, // beyond the end of the line: before its newline
		{Position{1, 1}, 8},
		{Position{7, 0}, len(src)},
		{Position{-1, 3}, 0},
	}
	for _, c := range cases {
		if got := x.offset(c.pos); got != c.want {
			t.Errorf("offset(%v) = %d, want %d", c.pos, got, c.want)
		}
	}
	// Offsets inside a multi-byte character map to its start.
	for off := 2; off <= 4; off++ {
		if got, want := x.position(off), (Position{0, 1}); got != want {
			t.Errorf("position(%d) = %v, want %v", off, got, want)
		}
	}
}
