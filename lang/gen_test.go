package lang

import (
	"bytes"
	"fmt"
	"math/rand/v2"
)

// genTree writes a deterministic, realistic tree: nodes nested up to five
// levels deep with types, properties of every value kind, links, property
// links and some comments. It has exactly nodes node lines and entries
// property, link and property-link lines.
func genTree(nodes, entries int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.Grow(nodes*30 + entries*30)
	b.WriteString("# Generated architecture tree.\n\n")
	kinds := []string{"service", "database", "cache", "queue", "pool", "worker", "gateway", "shard"}
	types := []string{"z4m cms", "ipvs", "postgres primary", "redis", "kafka topic", "nginx", "grpc backend"}
	keys := []string{"threads", "address", "timeout", "enabled", "tags", "port", "weight", "owner",
		"replicas", "limits", "db", "upstream", "backup", "region"}
	depth := 0
	left := entries
	for i := 0; i < nodes; i++ {
		switch x := r.IntN(20); {
		case i == 0:
		case x < 8 && depth < 4:
			depth++ // a child of the node before
		case x < 15: // a sibling
		default:
			depth = max(0, depth-1-r.IntN(5)/4) // back up, mostly one level
		}
		indent := bytes.Repeat([]byte("  "), depth)
		b.Write(indent)
		fmt.Fprintf(&b, "/%s-%d", kinds[r.IntN(len(kinds))], i)
		if r.IntN(3) == 0 {
			fmt.Fprintf(&b, " : %s", types[r.IntN(len(types))])
		}
		b.WriteByte('\n')
		n := min(left, entries/nodes-2+r.IntN(5))
		if i == nodes-1 {
			n = left
		}
		left -= n
		first := r.IntN(len(keys))
		for k := 0; k < n; k++ {
			b.Write(indent)
			b.WriteString("  ")
			writeEntry(&b, r, keys[(first+k)%len(keys)]+suffix(k/len(keys)), i)
		}
	}
	return b.Bytes()
}

func suffix(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

// writeEntry writes one property, link or property-link line.
func writeEntry(b *bytes.Buffer, r *rand.Rand, name string, i int) {
	switch r.IntN(10) {
	case 0:
		fmt.Fprintf(b, "%s -> /service-%d/providers\n", name, r.IntN(i+1))
	case 1:
		fmt.Fprintf(b, "%s => ../worker-%d threads\n", name, r.IntN(i+1))
	case 2:
		fmt.Fprintf(b, "%s = '10.%d.%d.%d:%d'\n", name, r.IntN(256), r.IntN(256), r.IntN(256), 1024+r.IntN(60000))
	case 3:
		fmt.Fprintf(b, "%s = %d.%d  # seconds\n", name, r.IntN(100), r.IntN(100))
	case 4:
		fmt.Fprintf(b, "%s = ['web', %d]\n", name, r.IntN(1000))
	case 5:
		fmt.Fprintf(b, "%s = {'cpu': %d, 'mem': %d}\n", name, r.IntN(16), 128*r.IntN(64))
	case 6:
		fmt.Fprintf(b, "%s = %s\n", name, []string{"True", "False", "None"}[r.IntN(3)])
	default:
		fmt.Fprintf(b, "%s = %d\n", name, r.IntN(100000))
	}
}
