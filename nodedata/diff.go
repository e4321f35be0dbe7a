package nodedata

import (
	"math"
	"math/big"
	"strings"

	"github.com/zktree/zktree/ast"
)

// Diff returns the dry-run messages of an import for the existing node at
// path, exactly as zc.zk prints them: for each key of old, sorted, "PATH
// remove property K = V" or "PATH remove link K -> V" when new lacks it,
// "PATH K change from OLD to NEW" or "PATH K link change from OLD to NEW"
// when the values differ; then for each key only in new, sorted, "PATH add
// property K = V" or "PATH add link K -> V". Values compare with Python's
// == (1 == 1.0 == True, a tuple never equals a list, NaN never equals
// anything) and print as Python 2's str() does. old is the node's decoded
// data; new is the tree's properties as parsed, whose strings print inside
// containers as Python 2 str literals ('v', never u'v'). The type and
// property links are ordinary properties here.
func Diff(path string, old, new ast.Props) []string {
	var out []string
	for _, k := range old.Keys() {
		o := old[k]
		name, isLink := strings.CutSuffix(k, " ->")
		n, ok := new[k]
		switch {
		case !ok && isLink:
			out = append(out, path+" remove link "+k+" "+pyStr(o, true))
		case !ok:
			out = append(out, path+" remove property "+k+" = "+pyStr(o, true))
		case PyEqual(o, n):
		case isLink:
			out = append(out, path+" "+name+" link change from "+pyStr(o, true)+" to "+pyStr(n, false))
		default:
			out = append(out, path+" "+k+" change from "+pyStr(o, true)+" to "+pyStr(n, false))
		}
	}
	for _, k := range new.Keys() {
		if _, ok := old[k]; ok {
			continue
		}
		if strings.HasSuffix(k, " ->") {
			out = append(out, path+" add link "+k+" "+pyStr(new[k], false))
		} else {
			out = append(out, path+" add property "+k+" = "+pyStr(new[k], false))
		}
	}
	return out
}

// PyEqual reports whether a == b in Python 2, for values from JSON or a
// tree: bools, ints and floats compare as exact numbers (True == 1 ==
// 1.0); strings compare by text, byte string or not; lists equal lists
// and tuples equal tuples element by element; dicts are equal when they
// have equal keys with equal values; None equals only None; NaN equals
// nothing.
func PyEqual(a, b ast.Value) bool {
	if isNumber(a) && isNumber(b) {
		return numEqual(a, b)
	}
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case ast.NoneKind:
		return true
	case ast.StringKind:
		return a.Str() == b.Str()
	case ast.ListKind, ast.TupleKind:
		x, y := a.Elems(), b.Elems()
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !PyEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case ast.DictKind:
		return dictEqual(a.Items(), b.Items())
	}
	return false
}

func dictEqual(x, y []ast.DictItem) bool {
	if len(x) != len(y) {
		return false
	}
	for _, it := range x {
		found := false
		for _, jt := range y {
			if PyEqual(it.Key, jt.Key) {
				if !PyEqual(it.Value, jt.Value) {
					return false
				}
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func isNumber(v ast.Value) bool {
	switch v.Kind() {
	case ast.BoolKind, ast.IntKind, ast.FloatKind:
		return true
	}
	return false
}

// numEqual compares two numbers exactly, as Python 2.7 does.
func numEqual(a, b ast.Value) bool {
	if a.Kind() == ast.FloatKind && b.Kind() == ast.FloatKind {
		return a.Float() == b.Float()
	}
	x, xok := exactNumber(a)
	y, yok := exactNumber(b)
	return xok && yok && x.Cmp(y) == 0
}

// exactNumber returns a number as an exact big.Float; ok is false for
// infinities and NaN, which equal no integer.
func exactNumber(v ast.Value) (*big.Float, bool) {
	switch v.Kind() {
	case ast.BoolKind:
		if v.Bool() {
			return big.NewFloat(1), true
		}
		return big.NewFloat(0), true
	case ast.IntKind:
		return new(big.Float).SetInt(v.BigInt()), true
	}
	f := v.Float()
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, false
	}
	return big.NewFloat(f), true
}
