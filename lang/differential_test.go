package lang

import (
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// fragments are the pieces random lines are made of: every token of the
// language, the characters that end or split tokens, and some near misses.
var fragments = []string{
	"/", "a", "b1", "x.y", ":", " ", "  ", "\t", "=", "==", "->", "=>", "-", ">", "#", " #c",
	"'", "\"", "'''", "'s'", "\"d\"", "u", "r", "b", "\\", "\\x4", "\\u20ac", "\\n", "\\'",
	"[", "]", "(", ")", "{", "}", ",", "1", "0", "07", "0x1f", "1e5", ".5", "5.", "1L", "e", "+",
	"True", "None", "foo", "é", "☃", "\r", "\f", ".", "..", "/x", "../y", ": ", " :", "a:", "::",
	"x ->", "-> ", " => ", " = ", "\xff", "j", "_", "'''a'''", "\\\\", "\\N{X}", "\\ud800", "1_0",
}

// TestDifferentialRandom compares the two parsers on random lines built
// from fragments (ZKTREE_DIFF_N sets the number of files, default 600;
// ZKTREE_DIFF_SEED the random seed).
func TestDifferentialRandom(t *testing.T) {
	n := 600
	if s := os.Getenv("ZKTREE_DIFF_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	seed, _ := strconv.ParseUint(os.Getenv("ZKTREE_DIFF_SEED"), 10, 64)
	r := rand.New(rand.NewPCG(7, 11+seed))
	for i := 0; i < n; i++ {
		var b strings.Builder
		for range 1 + r.IntN(6) {
			b.WriteString(strings.Repeat(" ", 2*r.IntN(3)))
			switch r.IntN(4) {
			case 0:
				b.WriteString("/")
			case 1:
				b.WriteString("k = ")
			}
			for range 1 + r.IntN(7) {
				b.WriteString(fragments[r.IntN(len(fragments))])
			}
			b.WriteString("\n")
		}
		src := b.String()
		if d := diffParsers("r.zk", []byte(src)); d != "" {
			t.Fatalf("input %q:\n%s", src, d)
		}
	}
}
