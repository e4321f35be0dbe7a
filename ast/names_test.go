package ast

import "testing"

func TestNodeNameProblem(t *testing.T) {
	for name, bad := range map[string]bool{
		"ok": false, "a:b": false, "é☃": false, "10.0.0.1:2181": false, "zookeeper": false,
		"tab\there": true, "del\x7f": true, "\u0085x": true, "\ue000": true, "\ufff0": true,
		"ok😀": true, "\U00010000": true, ".": true, "..": true, "": true, "bad\xff": true,
	} {
		if got := NodeNameProblem(name, false) != ""; got != bad {
			t.Errorf("NodeNameProblem(%q, false) = %q", name, NodeNameProblem(name, false))
		}
	}
	if NodeNameProblem("zookeeper", true) == "" {
		t.Error("zookeeper is reserved at the top level")
	}
	if NodeNameProblem("zk", true) != "" {
		t.Error("only zookeeper is reserved at the top level")
	}
}
