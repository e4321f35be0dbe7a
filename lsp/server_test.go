package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The workspace most tests use: two files that link to each other, with
// non-ASCII names (é: one UTF-16 unit, 😀: two) before the ranges that
// tests check.
const (
	cmsZK = `# the content management system
/cms : z4m cms
  threads = 3
  db -> /databases/main
  workers => /databases/main threads
  /providers
    /café : z4m
    /中 : z4m 😀
      up😀 -> ../café
`
	databasesZK = `/databases
  /main : postgres
    threads = 8
    port = 5432
  primary -> main
`
)

func workspace(t *testing.T) *client {
	return newClient(t, map[string]string{"cms.zk": cmsZK, "databases.zk": databasesZK})
}

func TestLifecycle(t *testing.T) {
	c := newClient(t, nil)
	c.shutdown()
}

func TestLifecycle_exitWithoutShutdown(t *testing.T) {
	c := newClient(t, nil)
	c.notify("exit", nil)
	if err := <-c.done; err == nil {
		t.Error("Serve returned nil after exit without shutdown")
	}
}

func TestLifecycle_errors(t *testing.T) {
	c := newClient(t, nil)
	if err := c.call("initialize", map[string]any{}, nil); err == nil || err.Code != codeInvalidRequest {
		t.Errorf("second initialize: %v", err)
	}
	if err := c.call("textDocument/unknown", map[string]any{}, nil); err == nil || err.Code != codeMethodNotFound {
		t.Errorf("unknown method: %v", err)
	}
	c.notify("$/cancelRequest", map[string]any{"id": 1}) // ignored, no log message
	// A position far beyond the text is an error, not a crash.
	uri := c.open("a.zk", "/a\n")
	if err := c.call("textDocument/hover", at(uri, pos(1<<30, 1<<30)), nil); err == nil || err.Code != codeInvalidParams {
		t.Errorf("position beyond the text: %v", err)
	}
	if err := c.call("textDocument/hover", "not an object", nil); err == nil || err.Code != codeInvalidParams {
		t.Errorf("bad params: %v", err)
	}
	c.mu.Lock()
	for _, m := range c.notes {
		if m.Method == "window/logMessage" {
			t.Errorf("log message: %s", m.Params)
		}
	}
	c.mu.Unlock()
	c.shutdown()
}

func TestDiagnostics_openChangeClose(t *testing.T) {
	c := workspace(t)
	uri := c.open("new.zk", "/app\n  db -> /databases/mian\n")
	got := diagString(withCode(c.diagnostics(uri), "DANGLING_LINK"))
	want := []string{"1:8-1:23 DANGLING_LINK link \"db\": no node /databases/mian; did you mean /databases/main?"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after open (-want +got):\n%s", diff)
	}
	if ds := withCode(c.diagnostics(uri), "DANGLING_LINK"); len(ds) != 1 || len(ds[0].RelatedInformation) != 1 ||
		ds[0].RelatedInformation[0].Location != (Location{c.uri("databases.zk"), Range{pos(0, 0), pos(0, 10)}}) {
		t.Errorf("related information: %+v", ds)
	}
	// Fix the typo with an incremental change: "mian" → "main".
	c.change(uri, 2, contentChange{Range: &Range{pos(1, 19), pos(1, 23)}, Text: "main"})
	if got := c.diagnostics(uri); len(got) != 0 {
		t.Errorf("after the fix: %v", diagString(got))
	}
	// A syntax error.
	c.change(uri, 3, contentChange{Range: &Range{pos(1, 5), pos(1, 7)}, Text: ":="})
	got = diagString(withCode(c.diagnostics(uri), "SYNTAX"))
	if len(got) != 1 || !strings.HasPrefix(got[0], "1:") {
		t.Errorf("syntax error: %v", got)
	}
	c.notify("textDocument/didClose", didCloseParams{TextDocument: textDocumentIdentifier{URI: uri}})
	if got := c.diagnostics(uri); len(got) != 0 {
		t.Errorf("after close: %v", diagString(got))
	}
	c.shutdown()
}

// withCode returns the diagnostics that have one of the codes.
func withCode(ds []Diagnostic, codes ...string) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		if slices.Contains(codes, d.Code) {
			out = append(out, d)
		}
	}
	return out
}

func TestDiagnostics_duplicate(t *testing.T) {
	c := workspace(t)
	uri := c.open("new.zk", "/app : t\n  x = 1\n  x = 2\n")
	ds := withCode(c.diagnostics(uri), "DUPLICATE")
	if len(ds) != 1 || ds[0].Range.Start != pos(2, 2) || len(ds[0].RelatedInformation) != 1 ||
		ds[0].RelatedInformation[0].Location.URI != uri || ds[0].RelatedInformation[0].Location.Range.Start != pos(1, 2) {
		t.Errorf("duplicate: %+v", ds)
	}
	c.shutdown()
}

func TestDiagnostics_crossFile(t *testing.T) {
	c := workspace(t)
	cms := c.uri("cms.zk")
	if got := c.diagnostics(cms); len(got) != 0 {
		t.Fatalf("workspace diagnostics: %v", diagString(got))
	}
	// Renaming /databases/main in the other file breaks the links of cms.zk.
	dbs := c.open("databases.zk", databasesZK)
	c.change(dbs, 2, contentChange{Range: &Range{pos(1, 3), pos(1, 7)}, Text: "pg"})
	got := c.diagnostics(cms)
	codes := []string{}
	for _, d := range got {
		codes = append(codes, d.Code)
	}
	if !slices.Contains(codes, "DANGLING_LINK") || !slices.Contains(codes, "DANGLING_PROPERTY_LINK") {
		t.Errorf("cms.zk after the change: %v", diagString(got))
	}
	for _, d := range got {
		if d.Code == "DANGLING_LINK" && (d.Range != Range{pos(3, 8), pos(3, 23)}) {
			t.Errorf("range %v", d.Range)
		}
	}
	c.change(dbs, 3, contentChange{Range: &Range{pos(1, 3), pos(1, 5)}, Text: "main"})
	if got := c.diagnostics(cms); len(got) != 0 {
		t.Errorf("after the change back: %v", diagString(got))
	}
	c.shutdown()
}

func TestHover(t *testing.T) {
	c := workspace(t)
	cms := c.uri("cms.zk")
	cases := []struct {
		at   Position
		want []string
	}{
		{pos(3, 12), []string{"link `db` of `/cms`", "resolves to node `/databases/main` : `postgres`"}},
		{pos(4, 5), []string{"property link `workers`", "workers = 8", "read from `/databases/main`"}},
		{pos(1, 2), []string{"node `/cms` : `z4m cms`", "1 child", "3 properties and links"}},
		{pos(7, 5), []string{"node `/cms/providers/中` : `z4m 😀`"}},
		{pos(8, 14), []string{"resolves to node `/cms/providers/café`"}},
		{pos(2, 3), []string{"property `threads` of `/cms`", "threads = 3"}},
	}
	for _, tc := range cases {
		var h hover
		c.mustCall("textDocument/hover", at(cms, tc.at), &h)
		for _, w := range tc.want {
			if !strings.Contains(h.Contents.Value, w) {
				t.Errorf("hover at %v = %q, want it to contain %q", tc.at, h.Contents.Value, w)
			}
		}
	}
	var h *hover
	c.mustCall("textDocument/hover", at(cms, pos(9, 0)), &h)
	if h != nil {
		t.Errorf("hover on a blank line: %+v", h)
	}
	c.shutdown()
}

func TestDefinition(t *testing.T) {
	c := workspace(t)
	cms, dbs := c.uri("cms.zk"), c.uri("databases.zk")
	cases := []struct {
		at   Position
		want Location
	}{
		// The target of "db -> /databases/main": on "main", then on "databases".
		{pos(3, 20), Location{dbs, Range{pos(1, 3), pos(1, 7)}}},
		{pos(3, 10), Location{dbs, Range{pos(0, 1), pos(0, 10)}}},
		// The property a property link reads.
		{pos(4, 32), Location{dbs, Range{pos(2, 4), pos(2, 15)}}},
		// A relative link after an emoji: "up😀 -> ../café", on "café".
		{pos(8, 18), Location{cms, Range{pos(6, 5), pos(6, 9)}}},
		// On "..".
		{pos(8, 15), Location{cms, Range{pos(5, 3), pos(5, 12)}}},
	}
	for _, tc := range cases {
		var got []Location
		c.mustCall("textDocument/definition", at(cms, tc.at), &got)
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("definition at %v = %v, want %v", tc.at, got, tc.want)
		}
	}
	c.shutdown()
}

func TestReferences(t *testing.T) {
	c := workspace(t)
	cms, dbs := c.uri("cms.zk"), c.uri("databases.zk")
	var got []Location
	p := referenceParams{textDocumentPositionParams: at(dbs, pos(1, 4))}
	p.Context.IncludeDeclaration = true
	c.mustCall("textDocument/references", p, &got)
	want := []Location{
		{cms, Range{pos(3, 8), pos(3, 23)}},
		{cms, Range{pos(4, 13), pos(4, 28)}},
		{dbs, Range{pos(1, 3), pos(1, 7)}},
		{dbs, Range{pos(4, 13), pos(4, 17)}},
	}
	sortLocations(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("references (-want +got):\n%s", diff)
	}
	c.shutdown()
}

func sortLocations(ls []Location) {
	sort.Slice(ls, func(i, j int) bool {
		a, b := ls[i], ls[j]
		if a.URI != b.URI {
			return a.URI < b.URI
		}
		return a.Range.Start.Line < b.Range.Start.Line
	})
}

func TestDocumentSymbols(t *testing.T) {
	c := workspace(t)
	var got []DocumentSymbol
	c.mustCall("textDocument/documentSymbol", documentSymbolParams{TextDocument: textDocumentIdentifier{URI: c.uri("cms.zk")}}, &got)
	var outline []string
	var walk func(prefix string, syms []DocumentSymbol)
	walk = func(prefix string, syms []DocumentSymbol) {
		for _, s := range syms {
			outline = append(outline, prefix+s.Name+" "+s.Detail)
			walk(prefix+"  ", s.Children)
		}
	}
	walk("", got)
	want := []string{
		"/cms z4m cms",
		"  threads = 3",
		"  db -> /databases/main",
		"  workers => /databases/main threads",
		"  /providers ",
		"    /café z4m",
		"    /中 z4m 😀",
		"      up😀 -> ../café",
	}
	if diff := cmp.Diff(want, outline); diff != "" {
		t.Errorf("outline (-want +got):\n%s", diff)
	}
	if len(got) == 0 || got[0].Range != (Range{pos(1, 0), pos(8, 21)}) || got[0].SelectionRange != (Range{pos(1, 1), pos(1, 4)}) {
		t.Errorf("/cms: %+v", got)
	}
	c.shutdown()
}

func TestWorkspaceSymbols(t *testing.T) {
	c := workspace(t)
	var got []SymbolInformation
	c.mustCall("workspace/symbol", workspaceSymbolParams{Query: "CAFÉ"}, &got)
	if len(got) != 1 || got[0].Name != "/cms/providers/café" || got[0].Location != (Location{c.uri("cms.zk"), Range{pos(6, 5), pos(6, 9)}}) {
		t.Errorf("café: %+v", got)
	}
	c.mustCall("workspace/symbol", workspaceSymbolParams{Query: "dbmain"}, &got)
	if len(got) != 1 || got[0].Name != "/databases/main" {
		t.Errorf("dbmain: %+v", got)
	}
	c.mustCall("workspace/symbol", workspaceSymbolParams{Query: ""}, &got)
	if len(got) != 6 {
		t.Errorf("all symbols: %d, want 6", len(got))
	}
	c.shutdown()
}

func TestCompletion(t *testing.T) {
	c := workspace(t)
	uri := c.open("new.zk", "/app\n  a -> /databases/\n  b => /databases/main \n  c -> ../cms/pro\n  d => ../databases/main po\n/typed : \n")
	cases := []struct {
		at   Position
		want []string
		edit Range
	}{
		{pos(5, 9), []string{"postgres", "z4m", "z4m cms", "z4m 😀"}, Range{pos(5, 9), pos(5, 9)}},
		{pos(1, 18), []string{"main", "primary"}, Range{pos(1, 18), pos(1, 18)}},
		{pos(2, 23), []string{"port", "threads"}, Range{pos(2, 23), pos(2, 23)}},
		{pos(3, 17), []string{"db", "providers"}, Range{pos(3, 14), pos(3, 17)}},
		{pos(4, 27), []string{"port", "threads"}, Range{pos(4, 25), pos(4, 27)}},
	}
	for _, tc := range cases {
		var got completionList
		c.mustCall("textDocument/completion", at(uri, tc.at), &got)
		var labels []string
		for _, it := range got.Items {
			labels = append(labels, it.Label)
			if it.TextEdit == nil || it.TextEdit.Range != tc.edit {
				t.Errorf("completion at %v: %s edits %v, want %v", tc.at, it.Label, it.TextEdit, tc.edit)
			}
		}
		sort.Strings(labels)
		if diff := cmp.Diff(tc.want, labels); diff != "" {
			t.Errorf("completion at %v (-want +got):\n%s", tc.at, diff)
		}
	}
	c.shutdown()
}

func TestRename(t *testing.T) {
	c := workspace(t)
	cms, dbs := c.uri("cms.zk"), c.uri("databases.zk")
	var prep struct {
		Range       Range
		Placeholder string
	}
	c.mustCall("textDocument/prepareRename", at(cms, pos(3, 19)), &prep)
	if prep.Placeholder != "main" || prep.Range != (Range{pos(3, 19), pos(3, 23)}) {
		t.Errorf("prepareRename: %+v", prep)
	}
	var edit WorkspaceEdit
	c.mustCall("textDocument/rename", renameParams{textDocumentPositionParams: at(cms, pos(3, 20)), NewName: "pg"}, &edit)
	got := map[DocumentURI]string{
		cms: applyEdits(t, cmsZK, edit.Changes[cms]),
		dbs: applyEdits(t, databasesZK, edit.Changes[dbs]),
	}
	want := map[DocumentURI]string{
		cms: strings.ReplaceAll(cmsZK, "/databases/main", "/databases/pg"),
		dbs: strings.ReplaceAll(strings.Replace(databasesZK, "/main", "/pg", 1), "-> main", "-> pg"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("renamed (-want +got):\n%s", diff)
	}
	// A node reached through a relative link, with an emoji sibling.
	c.mustCall("textDocument/rename", renameParams{textDocumentPositionParams: at(cms, pos(6, 6)), NewName: "tea"}, &edit)
	if got := applyEdits(t, cmsZK, edit.Changes[cms]); got != strings.ReplaceAll(cmsZK, "café", "tea") {
		t.Errorf("café renamed:\n%s", got)
	}
	for _, bad := range []string{"", "a b", "x/y", "..", ".", "中", "a\x01b", "del\x7f", "\ue000", "bad\xff"} {
		if err := c.call("textDocument/rename", renameParams{textDocumentPositionParams: at(cms, pos(6, 6)), NewName: bad}, nil); err == nil {
			t.Errorf("rename to %q accepted", bad)
		}
	}
	// A node must not take the name of a link of its parent: it would hide
	// the link.
	if err := c.call("textDocument/rename", renameParams{textDocumentPositionParams: at(dbs, pos(1, 4)), NewName: "primary"}, nil); err == nil ||
		!strings.Contains(err.Message, "link of that name") {
		t.Errorf("rename of /databases/main to primary, the name of a link beside it: %v", err)
	}
	// "zookeeper" is reserved at the top level only.
	if err := c.call("textDocument/rename", renameParams{textDocumentPositionParams: at(cms, pos(1, 2)), NewName: "zookeeper"}, nil); err == nil {
		t.Error("rename of /cms to zookeeper accepted")
	}
	c.mustCall("textDocument/rename", renameParams{textDocumentPositionParams: at(cms, pos(6, 6)), NewName: "zookeeper"}, &edit)
	c.shutdown()
}

// applyEdits applies non-overlapping edits to text.
func applyEdits(t *testing.T, text string, edits []TextEdit) string {
	t.Helper()
	edits = slices.Clone(edits)
	sort.Slice(edits, func(i, j int) bool {
		a, b := edits[i].Range.Start, edits[j].Range.Start
		return a.Line > b.Line || a.Line == b.Line && a.Character > b.Character
	})
	d := newDocument("file:///x.zk", 0, []byte(text), true)
	for _, e := range edits {
		r := e.Range
		if _, err := d.applyChanges(0, []contentChange{{Range: &r, Text: e.NewText}}); err != nil {
			t.Fatal(err)
		}
	}
	return string(d.text)
}

func TestCodeAction_didYouMean(t *testing.T) {
	c := workspace(t)
	text := "/app\n  db -> /databases/mian\n  threads => /databases/main thread\n"
	uri := c.open("new.zk", text)
	if n := len(c.diagnostics(uri)); n != 2 {
		t.Fatalf("%d diagnostics, want 2", n)
	}
	var got []CodeAction
	c.mustCall("textDocument/codeAction", codeActionParams{TextDocument: textDocumentIdentifier{URI: uri}, Range: Range{pos(1, 0), pos(2, 0)}}, &got)
	if len(got) != 2 || got[0].Title != "Change to /databases/main" || got[0].Kind != "quickfix" || got[1].Title != "Ignore DANGLING_LINK for this line" {
		t.Fatalf("actions on line 1: %+v", got)
	}
	if fixed := applyEdits(t, text, got[0].Edit.Changes[uri]); fixed != strings.Replace(text, "mian", "main", 1) {
		t.Errorf("fixed:\n%s", fixed)
	}
	ignored := applyEdits(t, text, got[1].Edit.Changes[uri])
	if want := strings.Replace(text, "  db", "  # zktree:ignore DANGLING_LINK\n  db", 1); ignored != want {
		t.Errorf("ignored:\n%s", ignored)
	}
	// The comment silences the finding.
	c.change(uri, 2, contentChange{Text: ignored})
	if ds := withCode(c.diagnostics(uri), "DANGLING_LINK"); len(ds) != 0 {
		t.Errorf("after the ignore comment: %v", diagString(ds))
	}
	c.change(uri, 3, contentChange{Text: text})
	c.mustCall("textDocument/codeAction", codeActionParams{TextDocument: textDocumentIdentifier{URI: uri}, Range: Range{pos(2, 30), pos(2, 30)}}, &got)
	if len(got) != 2 || got[0].Title != "Change to threads" {
		t.Fatalf("actions on line 2: %+v", got)
	}
	if fixed := applyEdits(t, text, got[0].Edit.Changes[uri]); fixed != strings.Replace(text, "main thread\n", "main threads\n", 1) {
		t.Errorf("fixed:\n%s", fixed)
	}
	// A property link that names no property reads its own name: the fix
	// adds the property after the target.
	text = "/app\n  thread => /databases/main\n"
	c.change(uri, 4, contentChange{Text: text})
	c.mustCall("textDocument/codeAction", codeActionParams{TextDocument: textDocumentIdentifier{URI: uri}, Range: Range{pos(1, 14), pos(1, 14)}}, &got)
	if len(got) == 0 {
		t.Fatal("no actions on the property link")
	}
	if fixed := applyEdits(t, text, got[0].Edit.Changes[uri]); fixed != "/app\n  thread => /databases/main threads\n" {
		t.Errorf("fixed:\n%s", fixed)
	}
	c.shutdown()
}

func TestFoldingRanges(t *testing.T) {
	c := workspace(t)
	uri := c.open("new.zk", "# one\n# two\n/a\n  x = 1\n  /b\n    y = 2\n/c\n")
	var got []FoldingRange
	c.mustCall("textDocument/foldingRange", foldingRangeParams{TextDocument: textDocumentIdentifier{URI: uri}}, &got)
	want := []FoldingRange{{StartLine: 2, EndLine: 5}, {StartLine: 4, EndLine: 5}, {StartLine: 0, EndLine: 1, Kind: "comment"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("folding ranges (-want +got):\n%s", diff)
	}
	c.shutdown()
}

func TestSemanticTokens(t *testing.T) {
	c := workspace(t)
	uri := c.open("new.zk", "/😀é : t # c\n  x = 'é'\n  l -> /😀é\n  p => .. x\n")
	var got semanticTokens
	c.mustCall("textDocument/semanticTokens/full", semanticTokensParams{TextDocument: textDocumentIdentifier{URI: uri}}, &got)
	// Decode to absolute "line:char+len type".
	var toks []string
	line, char := 0, 0
	for i := 0; i+4 < len(got.Data); i += 5 {
		if got.Data[i] > 0 {
			line, char = line+int(got.Data[i]), 0
		}
		char += int(got.Data[i+1])
		toks = append(toks, tokenString(line, char, got.Data[i+2], got.Data[i+3]))
	}
	want := []string{
		"0:1+3 namespace", "0:7+1 type", "0:9+3 comment",
		"1:2+1 property", "1:6+3 string",
		"2:2+1 property", "2:7+4 namespace",
		"3:2+1 property", "3:7+2 namespace", "3:10+1 property",
	}
	if diff := cmp.Diff(want, toks); diff != "" {
		t.Errorf("tokens (-want +got):\n%s", diff)
	}
	c.shutdown()
}

func tokenString(line, char int, length, typ uint32) string {
	return fmt.Sprintf("%d:%d+%d %s", line, char, length, tokenLegend.TokenTypes[typ])
}

func TestFormatting(t *testing.T) {
	c := workspace(t)
	text := "# keep\n/a   :  t\n    x=1\n\n\n\n    /b\n        y   ->   /a\n"
	uri := c.open("new.zk", text)
	var edits []TextEdit
	c.mustCall("textDocument/formatting", documentFormattingParams{TextDocument: textDocumentIdentifier{URI: uri}}, &edits)
	want := "# keep\n/a : t\n  x = 1\n\n  /b\n    y -> /a\n"
	if got := applyEdits(t, text, edits); got != want {
		t.Errorf("formatted:\n%s\nwant:\n%s", got, want)
	}
	if len(edits) != 1 || edits[0].Range.Start != pos(1, 0) {
		t.Errorf("edits %+v do not keep the unchanged first line", edits)
	}
	// Formatting a formatted file changes nothing.
	c.change(uri, 2, contentChange{Text: want})
	c.mustCall("textDocument/formatting", documentFormattingParams{TextDocument: textDocumentIdentifier{URI: uri}}, &edits)
	if len(edits) != 0 {
		t.Errorf("edits on a formatted file: %+v", edits)
	}
	// A file with syntax errors is left alone, without an error that
	// editors formatting on save would show.
	c.change(uri, 3, contentChange{Text: "/a\n  x == 1\n"})
	edits = nil
	if err := c.call("textDocument/formatting", documentFormattingParams{TextDocument: textDocumentIdentifier{URI: uri}}, &edits); err != nil {
		t.Errorf("formatting a file with errors: %v", err)
	}
	if len(edits) != 0 {
		t.Errorf("edits on a file with errors: %+v", edits)
	}
	c.shutdown()
}

func TestWorkspace_diskFilesAndConfig(t *testing.T) {
	c := newClient(t, map[string]string{
		"a.zk":         "/a : t\n  to -> /b/x\n",
		"sub/b.zk":     "/b : t\n  back -> /a\n",
		".hidden/c.zk": "/c\n  x -> /nowhere\n",
		".zktree.yaml": "lint:\n  disable: [UNTYPED_NODE]\n",
	})
	a, b := c.uri("a.zk"), c.uri("sub/b.zk")
	if got := diagString(c.diagnostics(a)); len(got) != 1 || !strings.Contains(got[0], "DANGLING_LINK") {
		t.Errorf("a.zk, unopened: %v", got)
	}
	if got := c.diagnostics(c.uri(".hidden/c.zk")); got != nil {
		t.Errorf("a file in a hidden directory was read: %v", diagString(got))
	}
	// The file changes on disk: the dangling link of the other file is fixed.
	if err := os.WriteFile(uriToPath(b), []byte("/b\n  back -> /a\n  /x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", didChangeWatchedFilesParams{Changes: []fileEvent{{URI: b, Type: 2}}})
	if got := c.diagnostics(a); len(got) != 0 {
		t.Errorf("a.zk after b.zk changed on disk: %v", diagString(got))
	}
	// The untyped nodes of b.zk are not reported: the configuration disables the rule.
	if got := c.diagnostics(b); len(got) != 0 {
		t.Errorf("b.zk: %v", diagString(got))
	}
	// Deleting b.zk breaks the link again.
	if err := os.Remove(uriToPath(b)); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", didChangeWatchedFilesParams{Changes: []fileEvent{{URI: b, Type: fileDeleted}}})
	if got := withCode(c.diagnostics(a), "DANGLING_LINK"); len(got) != 1 {
		t.Errorf("a.zk after b.zk was deleted: %v", diagString(got))
	}
	// Removing the workspace folder forgets its files; adding it back reads them.
	folders := func(added, removed []workspaceFolder) didChangeWorkspaceFoldersParams {
		var p didChangeWorkspaceFoldersParams
		p.Event.Added, p.Event.Removed = added, removed
		return p
	}
	root := []workspaceFolder{{URI: pathToURI(c.root), Name: "w"}}
	c.notify("workspace/didChangeWorkspaceFolders", folders(nil, root))
	if got := c.diagnostics(a); len(got) != 0 {
		t.Errorf("a.zk after its folder was removed: %v", diagString(got))
	}
	c.notify("workspace/didChangeWorkspaceFolders", folders(root, nil))
	if got := withCode(c.diagnostics(a), "DANGLING_LINK"); len(got) != 1 {
		t.Errorf("a.zk after its folder was added: %v", diagString(got))
	}
	// Saving with text replaces the buffer.
	c.open("a.zk", "/a : t\n  to -> /b/x\n")
	text := "/a : t\n"
	c.notify("textDocument/didSave", didSaveParams{TextDocument: textDocumentIdentifier{URI: a}, Text: &text})
	if got := c.diagnostics(a); len(got) != 0 {
		t.Errorf("a.zk after save: %v", diagString(got))
	}
	c.shutdown()
}

func TestLifecycle_beforeInitializeAndBadJSON(t *testing.T) {
	var frames strings.Builder
	for _, body := range []string{
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{}}`, // dropped without a log message
		`{"jsonrpc":"2.0","id":1,"method":"textDocument/hover"}`,
		`{"id":]}`,
	} {
		fmt.Fprintf(&frames, "Content-Length: %d\r\n\r\n%s", len(body), body)
	}
	in := strings.NewReader(frames.String())
	var out strings.Builder
	if err := Serve(context.Background(), in, &out); err == nil {
		t.Error("Serve returned nil at the end of input without shutdown")
	}
	r := bufio.NewReader(strings.NewReader(out.String()))
	for _, code := range []int{codeServerNotInitialized, codeParseError} {
		body, err := readFrame(r)
		if err != nil {
			t.Fatal(err)
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil || m.Error == nil || m.Error.Code != code {
			t.Errorf("response %s, want error code %d", body, code)
		}
	}
}

func TestDispatch_panicFailsTheRequest(t *testing.T) {
	var out strings.Builder
	s := newServer(newConn(strings.NewReader(""), &out))
	s.state = stateRunning
	s.handlers["x/panic"] = func(json.RawMessage) (any, error) { panic("boom") }
	if err := s.dispatch(&message{ID: json.RawMessage("1"), Method: "x/panic"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"code":-32603,"message":"x/panic: internal error: boom"`) {
		t.Errorf("response: %s", out.String())
	}
}

// TestDidChange_burst sends a burst of changes that arrive together: the
// server analyses them once, and the diagnostics it publishes last are those
// of the final text.
func TestDidChange_burst(t *testing.T) {
	const changes = 20
	uri := pathToURI("/w/a.zk")
	msgs := []any{
		map[string]any{"id": 1, "method": "initialize", "params": map[string]any{}},
		map[string]any{"method": "initialized", "params": map[string]any{}},
		map[string]any{"method": "textDocument/didOpen", "params": didOpenParams{TextDocument: textDocumentItem{URI: uri, Version: 1, Text: "/a : t\n  l -> /a/x\n"}}},
	}
	for v := 2; v < changes+2; v++ {
		// Each change appends a character to the link target: /a/x, /a/xx, …
		ch := contentChange{Range: &Range{pos(1, 10), pos(1, 10)}, Text: "x"}
		msgs = append(msgs, map[string]any{"method": "textDocument/didChange", "params": didChangeParams{
			TextDocument: versionedTextDocumentIdentifier{URI: uri, Version: v}, ContentChanges: []contentChange{ch}}})
	}
	msgs = append(msgs, map[string]any{"id": 2, "method": "shutdown"}, map[string]any{"method": "exit"})
	var in strings.Builder
	for _, m := range msgs {
		body, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&in, "Content-Length: %d\r\n\r\n%s", len(body), body)
	}
	var out strings.Builder
	if err := Serve(context.Background(), strings.NewReader(in.String()), &out); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(strings.NewReader(out.String()))
	var last publishDiagnosticsParams
	published := 0
	for {
		body, err := readFrame(r)
		if err != nil {
			break
		}
		var m message
		if json.Unmarshal(body, &m); m.Method == "textDocument/publishDiagnostics" {
			published++
			json.Unmarshal(m.Params, &last)
		}
	}
	if published == 0 || published > 2 {
		t.Errorf("%d publications for %d changes, want 1 or 2", published, changes)
	}
	if last.Version == nil || *last.Version != changes+1 || len(last.Diagnostics) != 1 ||
		!strings.Contains(last.Diagnostics[0].Message, "/a/x"+strings.Repeat("x", changes)) {
		t.Errorf("last publication: %+v", last)
	}
}

// TestWorkspace_watchedFiles checks that the server asks a client that can
// watch files to report changes to .zk files and the lint configuration,
// and that a changed or deleted configuration takes effect at once.
func TestWorkspace_watchedFiles(t *testing.T) {
	caps := map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}}
	c := newClientWith(t, map[string]string{
		"a.zk":         "/a : web\n/b : web\n/c\n",
		".zktree.yaml": "lint:\n  disable: [UNTYPED_NODE]\n",
	}, caps)
	a := c.uri("a.zk")
	if got := c.diagnostics(a); len(got) != 0 {
		t.Fatalf("a.zk with UNTYPED_NODE disabled: %v", diagString(got))
	}
	c.mu.Lock()
	var reg *message
	for _, m := range c.notes {
		if m.Method == "client/registerCapability" {
			reg = m
		}
	}
	c.mu.Unlock()
	if reg == nil || len(reg.ID) == 0 {
		t.Fatal("no client/registerCapability request")
	}
	var p registrationParams
	p.Registrations = []registration{{RegisterOptions: &didChangeWatchedFilesRegistrationOptions{}}}
	if err := json.Unmarshal(reg.Params, &p); err != nil {
		t.Fatal(err)
	}
	opts := p.Registrations[0].RegisterOptions.(*didChangeWatchedFilesRegistrationOptions)
	if len(p.Registrations) != 1 || p.Registrations[0].Method != "workspace/didChangeWatchedFiles" ||
		!slices.Equal(opts.Watchers, []fileSystemWatcher{{"**/*.zk"}, {"**/.zktree.yaml"}}) {
		t.Errorf("registration: %s", reg.Params)
	}
	// The client answers; the server reads the answer and goes on.
	c.conn.write(&message{ID: reg.ID, Result: json.RawMessage("null")})

	config := filepath.Join(c.root, ".zktree.yaml")
	if err := os.WriteFile(config, []byte("lint:\n  disable: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", didChangeWatchedFilesParams{Changes: []fileEvent{{URI: pathToURI(config), Type: 2}}})
	if got := withCode(c.diagnostics(a), "UNTYPED_NODE"); len(got) != 1 {
		t.Errorf("a.zk after UNTYPED_NODE was enabled: %v", diagString(c.diagnostics(a)))
	}
	if err := os.WriteFile(config, []byte("lint:\n  disable: [UNTYPED_NODE]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", didChangeWatchedFilesParams{Changes: []fileEvent{{URI: pathToURI(config), Type: 2}}})
	if got := c.diagnostics(a); len(got) != 0 {
		t.Errorf("a.zk after UNTYPED_NODE was disabled again: %v", diagString(got))
	}
	if err := os.Remove(config); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", didChangeWatchedFilesParams{Changes: []fileEvent{{URI: pathToURI(config), Type: fileDeleted}}})
	if got := withCode(c.diagnostics(a), "UNTYPED_NODE"); len(got) != 1 {
		t.Errorf("a.zk after the configuration was deleted: %v", diagString(c.diagnostics(a)))
	}
	c.shutdown()

	// A client that cannot watch files is not asked to.
	c = newClient(t, nil)
	c.mustCall("workspace/symbol", workspaceSymbolParams{Query: "x"}, nil)
	c.mu.Lock()
	for _, m := range c.notes {
		if m.Method == "client/registerCapability" {
			t.Errorf("registration sent to a client without dynamic registration: %s", m.Params)
		}
	}
	c.mu.Unlock()
	c.shutdown()
}

// TestWorkspace_bounds checks that a large workspace folder is read only in
// part, with a warning that says so, and that hidden files and node_modules
// are skipped.
func TestWorkspace_bounds(t *testing.T) {
	files := map[string]string{
		"a.zk": "/a : t\n", "b.zk": "/b : t\n", "c.zk": "/c : t\n",
		".old.zk": "/old : t\n", "node_modules/x/n.zk": "/n : t\n",
	}
	symbols := func(c *client) []string {
		var got []SymbolInformation
		c.mustCall("workspace/symbol", workspaceSymbolParams{Query: ""}, &got)
		var names []string
		for _, s := range got {
			names = append(names, s.Name)
		}
		sort.Strings(names)
		return names
	}
	warnings := func(c *client) []string {
		var out []string
		for _, m := range c.logMessages() {
			if m.Type == logWarning {
				out = append(out, m.Message)
			}
		}
		return out
	}
	c := newClient(t, files)
	if got := symbols(c); !slices.Equal(got, []string{"/a", "/b", "/c"}) {
		t.Errorf("workspace symbols: %v", got)
	}
	if got := warnings(c); len(got) != 0 {
		t.Errorf("warnings: %v", got)
	}
	// Files created later count as the walk counts them.
	var events []fileEvent
	for name, text := range map[string]string{"d.zk": "/d : t\n", ".new.zk": "/new : t\n", "node_modules/y.zk": "/y : t\n"} {
		path := filepath.Join(c.root, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		events = append(events, fileEvent{URI: pathToURI(path), Type: 1})
	}
	c.notify("workspace/didChangeWatchedFiles", didChangeWatchedFilesParams{Changes: events})
	if got := symbols(c); !slices.Equal(got, []string{"/a", "/b", "/c", "/d"}) {
		t.Errorf("workspace symbols after files were created: %v", got)
	}
	c.shutdown()

	defer func(f, e int) { maxWorkspaceFiles, maxWorkspaceEntries = f, e }(maxWorkspaceFiles, maxWorkspaceEntries)
	maxWorkspaceFiles = 2
	c = newClient(t, files)
	if got := symbols(c); len(got) != 2 {
		t.Errorf("workspace symbols with at most 2 files: %v", got)
	}
	if got := warnings(c); len(got) != 1 || !strings.Contains(got[0], "after it read 2 .zk files") || !strings.Contains(got[0], c.root) {
		t.Errorf("warnings with at most 2 files: %v", got)
	}
	c.shutdown()

	maxWorkspaceFiles, maxWorkspaceEntries = 2000, 3
	c = newClient(t, files)
	if got := symbols(c); len(got) > 2 {
		t.Errorf("workspace symbols with at most 3 entries: %v", got)
	}
	if got := warnings(c); len(got) != 1 || !strings.Contains(got[0], "after it looked at 3 files and directories") {
		t.Errorf("warnings with at most 3 entries: %v", got)
	}
	c.shutdown()
}
