package fuzz

import (
	"testing"

	"github.com/zktree/zktree/nodedata"
)

var nodeDataSeeds = []string{
	"", "xxx", "{xxx}", "\n{xxx}\n", "{}", `{"pid":1234}`,
	`{"a":1.0,"b":[1,"x",null,true,false,2.5e-5],"a ->":"/y","t =>":"/x t","type":"svc"}`,
	`{"n":-0,"e":1E2,"big":-100000000000000000000,"inf":Infinity,"ninf":-Infinity,"nan":NaN}`,
	`{"d":{"b":1,"a":{"c":[]}},"s":"\u00e9\ud83d\ude00\ud800\"\\\/\b\f\n\r\t"}`,
	`{"a":01}`, `{"a":1} {"b":2}`, "{\"a\":\"\xff\"}",
}

// FuzzNodeData checks that Decode never panics, that data that is not JSON
// is stored back unchanged, and that for JSON properties encoding succeeds
// and is stable: Encode(Decode(Encode(Decode(x)))) equals
// Encode(Decode(x)). A JSON object whose only member is string_value is
// left out: zc.zk stores that value raw, so it changes meaning on purpose.
func FuzzNodeData(f *testing.F) {
	for _, s := range nodeDataSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := nodedata.Decode(data)
		for _, k := range p.Keys() {
			nodedata.Repr(p[k], true)
		}
		if sv, ok := p[nodedata.StringValue]; ok && len(p) == 1 {
			if enc, err := nodedata.Encode(p); sv.IsBytes() && (err != nil || string(enc) != string(data)) {
				t.Fatalf("raw data %q stored as %q (%v)", data, enc, err)
			}
			return
		}
		enc, err := nodedata.Encode(p)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)): %v", data, err)
		}
		p2 := nodedata.Decode(enc)
		enc2, err := nodedata.Encode(p2)
		if err != nil || string(enc2) != string(enc) {
			t.Fatalf("not stable for %q: %s then %s (%v)", data, enc, enc2, err)
		}
	})
}
