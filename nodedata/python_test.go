package nodedata

import (
	"bufio"
	"encoding/hex"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
)

// TestPythonReference compares the Python renderings with CPython's own
// output for about 1,600 floats, strings and byte strings
// (testdata/python_reference.txt, made by python_reference.py): float
// repr, Python 2's str of a float, json.dumps of a string, and the
// reprs of unicode and byte strings.
func TestPythonReference(t *testing.T) {
	f, err := os.Open("testdata/python_reference.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	cases := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		cases++
		fields := strings.Split(line, "\t")
		switch fields[0] {
		case "float":
			bits, _ := strconv.ParseUint(fields[1], 16, 64)
			v := ast.Float(math.Float64frombits(bits))
			if got := Repr(v, true); got != fields[2] {
				t.Errorf("repr(%s) = %s, want %s", fields[2], got, fields[2])
			}
			if got, want := pyStr(v, true), pyStrWant(fields[3]); got != want {
				t.Errorf("str(%s) = %s, want %s", fields[2], got, want)
			}
		case "str":
			s := unhex(t, fields[1])
			if got := string(appendJSONString(nil, s)); got != fields[2] {
				t.Errorf("json.dumps(%q) = %s, want %s", s, got, fields[2])
			}
			if got := Repr(ast.Str(s), true); got != "u"+fields[3] {
				t.Errorf("repr(%q) = %s, want u%s", s, got, fields[3])
			}
		case "bytes":
			s := unhex(t, fields[1])
			if got := Repr(ast.Bytes(s), true); got != fields[2] {
				t.Errorf("repr(%q) = %s, want %s", s, got, fields[2])
			}
		}
	}
	if err := sc.Err(); err != nil || cases < 1000 {
		t.Fatalf("read %d cases: %v", cases, err)
	}
}

// pyStrWant turns '%.12g' into Python 2's str of a float, which adds ".0"
// to integral results.
func pyStrWant(g string) string {
	if strings.ContainsAny(g, ".en") {
		return g
	}
	return g + ".0"
}

func unhex(t *testing.T, s string) string {
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
