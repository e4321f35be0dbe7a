package graphviz

import "strings"

// markCycles marks the edges that lie on a cycle of dependencies between
// subtrees. An edge from u to v is lifted to the children of their
// deepest common ancestor that contain them (so /app -> /db/providers
// means /app depends on /db); the edges whose lifted ends fall in one
// strongly connected component are marked. Edges within one subtree and
// edges to missing nodes are never part of a cycle. The order of edges
// fixes the traversal, so the result is stable.
func markCycles(edges []*dedge) {
	out := map[string][]string{}
	var order []string
	seen := map[string]bool{}
	for _, e := range edges {
		u, v, ok := lift(e.from, e.to)
		if !ok {
			continue
		}
		out[u] = append(out[u], v)
		for _, id := range []string{u, v} {
			if !seen[id] {
				seen[id] = true
				order = append(order, id)
			}
		}
	}
	comp := components(order, out)
	for _, e := range edges {
		if u, v, ok := lift(e.from, e.to); ok && comp[u] == comp[v] {
			e.cycle = true
		}
	}
}

// lift returns the children of the deepest common ancestor of the paths u
// and v that hold them; ok is false when one path holds the other, or one
// is not a path (a missing node).
func lift(u, v string) (a, b string, ok bool) {
	if !strings.HasPrefix(u, "/") || !strings.HasPrefix(v, "/") || within(u, v) || within(v, u) {
		return "", "", false
	}
	us, vs := strings.Split(u, "/"), strings.Split(v, "/")
	i := 1
	for us[i] == vs[i] {
		i++
	}
	return strings.Join(us[:i+1], "/"), strings.Join(vs[:i+1], "/"), true
}

// components numbers the strongly connected components of a graph.
func components(order []string, out map[string][]string) map[string]int {
	index, low := map[string]int{}, map[string]int{}
	onStack := map[string]bool{}
	comp := map[string]int{}
	var stack []string
	next, ncomp := 0, 0
	var visit func(v string)
	visit = func(v string) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range out[v] {
			if _, ok := index[w]; !ok {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = ncomp
				if w == v {
					break
				}
			}
			ncomp++
		}
	}
	for _, v := range order {
		if _, ok := index[v]; !ok {
			visit(v)
		}
	}
	return comp
}
