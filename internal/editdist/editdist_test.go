package editdist

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "abc", 0}, {"mian", "main", 2}, {"providers", "provders", 1}, {"héllo", "hello", 1}, {"", "ab", 2}, {"DANGLNG_LINK", "DANGLING_LINK", 1}} {
		if got := Distance(c.a, c.b); got != c.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}
