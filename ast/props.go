package ast

import "sort"

// Props is a node's property set as zc.zk stores it in ZooKeeper: key "x"
// for a property, "x ->" for a link (value: the target as written),
// "x =>" for a property link (value: "path" or "path prop") and "type" for
// the node type.
type Props map[string]Value

// Keys returns the keys of p in code-point order.
func (p Props) Keys() []string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Equal reports whether p and q hold the same keys with equal values.
func (p Props) Equal(q Props) bool {
	if len(p) != len(q) {
		return false
	}
	for k, v := range p {
		w, ok := q[k]
		if !ok || !v.Equal(w) {
			return false
		}
	}
	return true
}

// NodeProps returns the property set of a parsed node: its type, properties,
// links and property links (not its children).
func NodeProps(n *Node) Props {
	p := Props{}
	if n.Type != "" {
		p["type"] = Str(n.Type)
	}
	for _, e := range n.Body {
		switch e := e.(type) {
		case *Property:
			p[e.Name] = e.Value
		case *Link:
			p[e.Key()] = Str(e.Target)
		case *PropLink:
			p[e.Key()] = Str(e.TargetText())
		}
	}
	return p
}
