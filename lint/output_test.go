package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
)

func rng(off, line, col, n int32) ast.Range {
	return ast.Range{Start: ast.Pos{Offset: off, Line: line, Col: col}, End: ast.Pos{Offset: off + n, Line: line, Col: col + n}}
}

var (
	sampleSrc = map[string][]byte{"a.zk": []byte("/app\n\tdb -> /databases/mian\n")}
	sample    = ast.Diagnostics{{
		Severity: ast.Error, Code: "DANGLING_LINK", File: "a.zk", Range: rng(12, 2, 8, 15),
		Message:    `link "db": no node /databases/mian, 50% sure`,
		Suggestion: "/databases/main",
		Related:    []ast.Related{{File: "a.zk", Range: rng(0, 1, 1, 4), Message: "the holder"}},
	}, {
		Severity: ast.Info, Code: "UNREFERENCED_SUBTREE", File: "a.zk", Range: rng(1, 1, 2, 3), Message: "subtree /app is not connected",
	}}
)

// TestWriteText checks the location line, the source line and the caret
// under the range (tabs kept, wide characters taking two terminal columns,
// control characters of the source not sent to the terminal), and the
// related places.
func TestWriteText(t *testing.T) {
	wide := map[string][]byte{"w.zk": []byte("/日本\n  名前 -> /日本/な\n  /b\x1b[31m\n")}
	tests := []struct {
		name string
		ds   ast.Diagnostics
		srcs map[string][]byte
		want string
	}{{
		name: "tabs and related",
		ds:   sample, srcs: sampleSrc,
		want: "a.zk:2:8: error DANGLING_LINK link \"db\": no node /databases/mian, 50% sure\n" +
			"    \tdb -> /databases/mian\n" +
			"    \t      ^~~~~~~~~~~~~~~\n" +
			"    a.zk:1:1: the holder\n" +
			"a.zk:1:2: info UNREFERENCED_SUBTREE subtree /app is not connected\n" +
			"    /app\n" +
			"     ^~~\n",
	}, {
		name: "wide and control characters",
		ds: ast.Diagnostics{
			{Severity: ast.Error, Code: "DANGLING_LINK", File: "w.zk", Range: rng(20, 2, 9, 5), Message: "m1"},
			{Severity: ast.Error, Code: "INVALID_NODE_NAME", File: "w.zk", Range: rng(35, 3, 4, 6), Message: "m2"},
		},
		srcs: wide,
		want: "w.zk:2:9: error DANGLING_LINK m1\n" +
			"      名前 -> /日本/な\n" +
			"              ^~~~~~~~\n" +
			"w.zk:3:4: error INVALID_NODE_NAME m2\n" +
			"      /b\ufffd[31m\n" +
			"       ^~~~~~\n",
	}}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := WriteText(&b, tt.ds, tt.srcs); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tt.name, b.String(), tt.want)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sample); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version  int
		Findings []struct {
			Rule, Severity, File, Message, Suggestion string
			Range                                     struct {
				Start, End struct{ Line, Column, Offset int }
			}
			Related []struct{ File, Message string }
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	f := got.Findings[0]
	if got.Version != 1 || len(got.Findings) != 2 || f.Rule != "DANGLING_LINK" || f.Severity != "error" ||
		f.Range.Start.Line != 2 || f.Range.Start.Column != 8 || f.Range.End.Column != 23 || f.Range.Start.Offset != 12 ||
		f.Suggestion != "/databases/main" || len(f.Related) != 1 || got.Findings[1].Severity != "info" {
		t.Errorf("unexpected JSON:\n%s", b.String())
	}
	b.Reset()
	if err := WriteJSON(&b, nil); err != nil || !strings.Contains(b.String(), `"findings": []`) {
		t.Errorf("empty report: %s", b.String())
	}
}

func TestWriteGitHub(t *testing.T) {
	var b bytes.Buffer
	if err := WriteGitHub(&b, sample); err != nil {
		t.Fatal(err)
	}
	want := "::error file=a.zk,line=2,col=8,endLine=2,endColumn=23,title=DANGLING_LINK::link \"db\": no node /databases/mian, 50%25 sure\n" +
		"::notice file=a.zk,line=1,col=2,endLine=1,endColumn=5,title=UNREFERENCED_SUBTREE::subtree /app is not connected\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestWriteGitHub_escapes checks the escapes of workflow commands: % and
// line breaks in the message, and also : and , in properties.
func TestWriteGitHub_escapes(t *testing.T) {
	ds := ast.Diagnostics{{Severity: ast.Hint, Code: "X_Y", File: "d,ir:x/a%b.zk", Range: rng(0, 1, 1, 1), Message: "100%\r\nsure: a, b"}}
	var b bytes.Buffer
	if err := WriteGitHub(&b, ds); err != nil {
		t.Fatal(err)
	}
	want := "::notice file=d%2Cir%3Ax/a%25b.zk,line=1,col=1,endLine=1,endColumn=2,title=X_Y::100%25%0D%0Asure: a, b\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

// TestWriteSARIF checks the fields that the SARIF 2.1.0 schema requires
// (sarifLog: version, runs; run: tool; tool: driver; driver: name;
// reportingDescriptor: id; result: message; message: text; location
// regions 1-based) and the ones code scanning needs.
func TestWriteSARIF(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSARIF(&b, sample, "1.2.3"); err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	get := func(v any, path ...any) any {
		for _, p := range path {
			switch p := p.(type) {
			case string:
				m, ok := v.(map[string]any)
				if !ok || m[p] == nil {
					t.Fatalf("missing required field %v", path)
				}
				v = m[p]
			case int:
				a, ok := v.([]any)
				if !ok || len(a) <= p {
					t.Fatalf("missing element %v", path)
				}
				v = a[p]
			}
		}
		return v
	}
	if get(log, "version") != "2.1.0" || get(log, "$schema") == "" {
		t.Error("bad version or schema")
	}
	run := get(log, "runs", 0)
	if get(run, "tool", "driver", "name") != "zktree" {
		t.Error("driver name")
	}
	rules := get(run, "tool", "driver", "rules").([]any)
	if len(rules) != len(registry) {
		t.Errorf("%d rules in the driver, want %d", len(rules), len(registry))
	}
	for i := range rules {
		get(rules[i], "id")
		get(rules[i], "shortDescription", "text")
		get(rules[i], "defaultConfiguration", "level")
		if uri := get(rules[i], "helpUri").(string); !strings.HasSuffix(uri, "/lint/RULES.md#"+strings.ToLower(registry[i].ID)) {
			t.Errorf("rule %d: helpUri %s", i, uri)
		}
	}
	res := get(run, "results", 0)
	idx := int(get(res, "ruleIndex").(float64))
	if get(res, "ruleId") != "DANGLING_LINK" || get(rules[idx], "id") != "DANGLING_LINK" || get(res, "level") != "error" {
		t.Error("result rule or level")
	}
	get(res, "message", "text")
	region := get(res, "locations", 0, "physicalLocation", "region")
	if get(region, "startLine").(float64) != 2 || get(region, "startColumn").(float64) != 8 || get(region, "endColumn").(float64) != 23 {
		t.Errorf("region %v", region)
	}
	if get(res, "locations", 0, "physicalLocation", "artifactLocation", "uri") != "a.zk" {
		t.Error("uri")
	}
	get(res, "relatedLocations", 0, "message", "text")
	if get(run, "results", 1, "level") != "note" {
		t.Error("info must map to note")
	}
	// Enumerations and bounds of the schema.
	levels := map[any]bool{"none": true, "note": true, "warning": true, "error": true}
	for i := range rules {
		if !levels[get(rules[i], "defaultConfiguration", "level")] {
			t.Errorf("rule %d: bad default level", i)
		}
	}
	if k := get(run, "columnKind"); k != "unicodeCodePoints" && k != "utf16CodeUnits" {
		t.Errorf("columnKind %v", k)
	}
	for i, r := range get(run, "results").([]any) {
		if !levels[get(r, "level")] || get(r, "message", "text") == "" {
			t.Errorf("result %d: bad level or empty message", i)
		}
		if idx, ok := r.(map[string]any)["ruleIndex"].(float64); ok && (idx < 0 || int(idx) >= len(rules) || get(rules[int(idx)], "id") != get(r, "ruleId")) {
			t.Errorf("result %d: ruleIndex %v does not name its rule", i, idx)
		}
		reg := get(r, "locations", 0, "physicalLocation", "region")
		if get(reg, "startLine").(float64) < 1 || get(reg, "startColumn").(float64) < 1 {
			t.Errorf("result %d: region not 1-based", i)
		}
		ids := map[float64]bool{}
		rel, _ := r.(map[string]any)["relatedLocations"].([]any)
		for _, l := range rel {
			id := get(l, "id").(float64)
			if id < 0 || ids[id] {
				t.Errorf("result %d: related location id %v negative or repeated", i, id)
			}
			ids[id] = true
		}
	}
}

func TestSARIFURI(t *testing.T) {
	for in, want := range map[string]string{
		"a.zk": "a.zk", "trees/prod env.zk": "trees/prod%20env.zk", "100%#1?.zk": "100%25%231%3F.zk",
		"c:/x.zk": "c%3A/x.zk", "/abs/日本.zk": "/abs/日本.zk", "a\tb": "a%09b",
	} {
		if got := sarifURI(in); got != want {
			t.Errorf("sarifURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "xml", nil, nil, ""); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestBaseline(t *testing.T) {
	b := NewBaseline(sample[:1])
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var back Baseline
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || len(back.Findings) != 1 || back.Findings[0].Count != 1 {
		t.Fatalf("round trip: %v %+v", err, back)
	}
	moved := *sample[0]
	moved.Range = rng(40, 5, 3, 4) // the same finding after edits above it
	twice := ast.Diagnostics{&moved, sample[0], sample[1]}
	got := back.Filter(twice)
	if len(got) != 2 || got[0] != sample[0] || got[1] != sample[1] {
		t.Errorf("Filter kept %v", got)
	}
	dotted := *sample[0]
	dotted.File = "./" + dotted.File // the same file, named another way
	if got := back.Filter(ast.Diagnostics{&dotted}); len(got) != 0 {
		t.Errorf("Filter kept %v", got)
	}
}

func TestConfig(t *testing.T) {
	c, err := ParseConfig("c.yaml", []byte("lint:\n  disable: [UNTYPED_NODE, UNREFERENCED_SUBTREE]\n  enable: [TAB_INDENTATION]\n  severity:\n    DANGLING_LINK: warning\n    LINK_CYCLE: off\n    UNREFERENCED_SUBTREE: error\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c2 := range []struct {
		id  string
		sev ast.Severity
		on  bool
	}{
		{"UNTYPED_NODE", ast.Warning, false}, {"TAB_INDENTATION", ast.Warning, true},
		{"DANGLING_LINK", ast.Warning, true}, {"LINK_CYCLE", ast.Error, false}, {"INVALID_NODE_NAME", ast.Error, true},
		{"UNREFERENCED_SUBTREE", ast.Error, false},
	} {
		sev, on := c.Rule(RuleByID(c2.id))
		if sev != c2.sev || on != c2.on {
			t.Errorf("%s: got %v %v, want %v %v", c2.id, sev, on, c2.sev, c2.on)
		}
	}
	for bad, want := range map[string]string{
		"lint:\n  disable: [NO_SUCH_RULE]\n":             "c.yaml:2:13: unknown rule NO_SUCH_RULE (rules: ",
		"lint:\n  severity:\n    DANGLING_LINK: fatal\n": `c.yaml:3:20: rule DANGLING_LINK: severity "fatal" is not error`,
		"lint:\n  unknown: 1\n":                          `c.yaml:2:3: unknown key "lint.unknown"; want disable, enable or severity`,
		"rules: {DANGLING_LINK: warning}\n":              `c.yaml:1:1: unknown key "rules"; the file holds a "lint:" section`,
		"lint:\n  disable: DANGLING_LINK\n":              `c.yaml:2:12: "disable" wants a list of rule IDs`,
		"lint: [":                                        "c.yaml: yaml: ",
	} {
		if _, err := ParseConfig("c.yaml", []byte(bad)); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("ParseConfig(%q) = %v, want an error starting %q", bad, err, want)
		}
	}
	if c, err := ParseConfig("empty.yaml", nil); err != nil || c == nil {
		t.Errorf("empty config: %v", err)
	}
}

func TestIgnoredIDs(t *testing.T) {
	for in, want := range map[string]string{
		"# zktree:ignore DANGLING_LINK":                    "DANGLING_LINK@16",
		"#zktree:ignore A_B, C_D because of reasons E_F":   "A_B@15 C_D@20",
		"# zktree:ignore":                                  "",
		"# zktree:ignore\tLINK_CYCLE":                      "LINK_CYCLE@16",
		"# zktree:ignore DANGLING_LINK LINK_CYCLE -- note": "DANGLING_LINK@16 LINK_CYCLE@30",
		"# zktree:ignore LINK_CYCLE TODO":                  "LINK_CYCLE@16",
		"# zktree:ignore DANGLNG_LINK,,LINK_CYCLE":         "DANGLNG_LINK@16 LINK_CYCLE@30",
	} {
		ids, _, ok := ignoredIDs(in)
		var got []string
		for _, id := range ids {
			got = append(got, fmt.Sprintf("%s@%d", id.id, id.off))
			if in[id.off:id.off+len(id.id)] != id.id {
				t.Errorf("ignoredIDs(%q): %s is not at offset %d", in, id.id, id.off)
			}
		}
		if !ok || strings.Join(got, " ") != want {
			t.Errorf("ignoredIDs(%q) = %q, %v, want %q, true", in, got, ok, want)
		}
	}
	for _, in := range []string{"# something else DANGLING_LINK", "# zktree:ignore-all LINK_CYCLE", "# see zktree:ignore LINK_CYCLE"} {
		if ids, _, ok := ignoredIDs(in); ok {
			t.Errorf("ignoredIDs(%q) = %v, true: not a suppression comment", in, ids)
		}
	}
}

// TestJSONOutputsUnescaped checks that every JSON output writes text as
// UTF-8 and without HTML escapes.
func TestJSONOutputsUnescaped(t *testing.T) {
	ds := ast.Diagnostics{{
		Severity: ast.Error, Code: "PROPERTY_LINK_CYCLE", File: "日本.zk", Range: rng(0, 1, 1, 1),
		Message: `property link "x" is in a loop: /日本/a => /b & <c>`,
	}}
	writers := map[string]func(*bytes.Buffer) error{
		"json":     func(b *bytes.Buffer) error { return WriteJSON(b, ds) },
		"sarif":    func(b *bytes.Buffer) error { return WriteSARIF(b, ds, "1.0") },
		"baseline": func(b *bytes.Buffer) error { return NewBaseline(ds).Write(b) },
	}
	for name, write := range writers {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.Contains(out, `/日本/a => /b & <c>`) || !strings.Contains(out, `"日本.zk"`) || strings.Contains(out, `\u`) {
			t.Errorf("%s output escapes text:\n%s", name, out)
		}
	}
}

func TestLoadBaseline(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	var b bytes.Buffer
	if err := NewBaseline(sample).Write(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if bl, err := LoadBaseline(good); err != nil || len(bl.Filter(sample)) != 0 {
		t.Errorf("LoadBaseline(written file) = %v, %v", bl, err)
	}
	for name, text := range map[string]string{"empty.json": "{}", "other.json": `{"version": 2, "findings": []}`, "bad.json": "[1"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadBaseline(p); err == nil || !strings.HasPrefix(err.Error(), p+": not a baseline file") {
			t.Errorf("LoadBaseline(%s) = %v, want an error naming the file", text, err)
		}
	}
}
