package lint

import "testing"

func TestNodeNameProblem(t *testing.T) {
	for _, tc := range []struct {
		name     string
		topLevel bool
		bad      bool
	}{
		{"app", true, false},
		{"zookeeper", true, true},
		{"zookeeper", false, false},
		{".", false, true},
		{"..", true, true},
		{"", false, true},
		{"tab\there", false, true},
		{"bell\a", true, true},
		{"é☃", false, false},
	} {
		if got := NodeNameProblem(tc.name, tc.topLevel); (got != "") != tc.bad {
			t.Errorf("NodeNameProblem(%q, %v) = %q, want a problem: %v", tc.name, tc.topLevel, got, tc.bad)
		}
	}
}
