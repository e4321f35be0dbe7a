package graphviz

import "hash/fnv"

// palette holds twelve light fill colours of well separated hues that keep
// black text readable (ColorBrewer Pastel1 without its grey, and three
// from Set3).
var palette = []string{
	"#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc",
	"#e5d8bd", "#fddaec", "#8dd3c7", "#bebada", "#80b1d3", "#b3de69",
}

// untypedColor fills nodes that have no type.
const untypedColor = "#ffffff"

// TypeColor returns the fill colour of nodes of type typ. It depends on
// the type text alone, so a type keeps its colour in every diagram.
func TypeColor(typ string) string {
	if typ == "" {
		return untypedColor
	}
	h := fnv.New32a()
	h.Write([]byte(typ))
	return palette[h.Sum32()%uint32(len(palette))]
}
