package nodedata

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/internal/gentree"
)

// benchProps is a typical node: a type, a few properties, a link and a
// property link.
var benchProps = ast.Props{
	"type":         ast.Str("z4m cms"),
	"address":      ast.Str("10.0.3.17:8080"),
	"threads":      ast.Int(8),
	"weight":       ast.Float(0.75),
	"tags":         ast.List(ast.Str("blue"), ast.Str("prod")),
	"providers ->": ast.Str("/cms/providers"),
	"db =>":        ast.Str("/databases/main address"),
}

func BenchmarkDecode(b *testing.B) {
	data, err := Encode(benchProps)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		Decode(data)
	}
}

// BenchmarkDecodeEncodingJSON is the same work with encoding/json
// (UseNumber), for comparison.
func BenchmarkDecodeEncodingJSON(b *testing.B) {
	data, _ := Encode(benchProps)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		var m map[string]any
		if err := d.Decode(&m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(benchProps); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteNode(b *testing.B) {
	for _, compat := range []bool{false, true} {
		name := "canonical"
		if compat {
			name = "compat"
		}
		b.Run(name, func(b *testing.B) {
			w := NewWriter(io.Discard, Options{Compat: compat})
			b.ReportAllocs()
			for b.Loop() {
				if err := w.WriteNode(3, "node-00042", benchProps); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExportFile exports a generated tree of 100,000 nodes (the size
// of the sync benchmarks) with every value through Encode and Decode.
func BenchmarkExportFile(b *testing.B) {
	src, f := gentree.Tree("gen.zk", 100000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if ds, err := ExportFile(io.Discard, f, Options{}); err != nil || len(ds) > 0 {
			b.Fatal(err, ds)
		}
	}
	b.ReportMetric(float64(b.N)*100000/b.Elapsed().Seconds(), "nodes/s")
}
