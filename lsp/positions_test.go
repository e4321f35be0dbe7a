package lsp

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestPositions_outOfRange sends every request that takes a position a
// position outside the document: each fails with InvalidParams. A
// character past the end of its line is the end of the line, as LSP says.
func TestPositions_outOfRange(t *testing.T) {
	c := newClient(t, nil)
	uri := c.open("a.zk", "/a : t\n  x = 1\n  l -> /a\n")
	requests := map[string]func(Position) any{
		"textDocument/hover":         func(p Position) any { return at(uri, p) },
		"textDocument/definition":    func(p Position) any { return at(uri, p) },
		"textDocument/references":    func(p Position) any { return referenceParams{textDocumentPositionParams: at(uri, p)} },
		"textDocument/completion":    func(p Position) any { return at(uri, p) },
		"textDocument/prepareRename": func(p Position) any { return at(uri, p) },
		"textDocument/rename": func(p Position) any {
			return renameParams{textDocumentPositionParams: at(uri, p), NewName: "b"}
		},
		"textDocument/codeAction": func(p Position) any {
			return codeActionParams{TextDocument: textDocumentIdentifier{URI: uri}, Range: Range{p, p}}
		},
	}
	for method, params := range requests {
		for _, p := range []Position{{-1, -5}, {-1, 0}, {0, -1}, {4, 0}, {1 << 30, 1 << 30}} {
			if err := c.call(method, params(p), nil); err == nil || err.Code != codeInvalidParams {
				t.Errorf("%s at %v: error %v, want InvalidParams", method, p, err)
			}
		}
		// The empty line after the last newline is inside the document.
		if err := c.call(method, params(pos(3, 0)), nil); err != nil && method != "textDocument/rename" {
			t.Errorf("%s on the last line: %v", method, err)
		}
	}
	var h *hover
	c.mustCall("textDocument/hover", at(uri, pos(0, 99)), &h)
	if h == nil || !strings.Contains(h.Contents.Value, "node `/a`") {
		t.Errorf("hover past the end of line 0: %+v", h)
	}
	c.mustCall("textDocument/hover", at(uri, pos(3, 0)), &h)
	if h != nil {
		t.Errorf("hover on the last, empty line: %+v", h)
	}
	c.shutdown()
}

// TestDidChange_outsideText checks that a change past the end of the text
// is applied at its end, with a warning in the client's log, and that a
// change at a negative position is rejected, with an error in the log.
func TestDidChange_outsideText(t *testing.T) {
	c := newClient(t, nil)
	uri := c.open("a.zk", "/a : t\n")
	c.change(uri, 2, contentChange{Range: &Range{pos(5, 2), pos(9, 0)}, Text: "/b : t\n  l -> /nowhere\n"})
	if got := diagString(withCode(c.diagnostics(uri), "DANGLING_LINK")); len(got) != 1 || !strings.HasPrefix(got[0], "2:7-2:15 ") {
		t.Errorf("after a change past the end: %v", got)
	}
	if got := c.logMessages(); len(got) != 1 || got[0].Type != logWarning || !strings.Contains(got[0].Message, "past the end") {
		t.Errorf("log after a change past the end: %+v", got)
	}
	// The negative change would fix the link; rejected, it leaves it dangling.
	c.change(uri, 3, contentChange{Range: &Range{pos(-1, 0), pos(2, 15)}, Text: "/nowhere\n"})
	if got := withCode(c.diagnostics(uri), "DANGLING_LINK"); len(got) != 1 {
		t.Errorf("after a rejected change: %v", diagString(got))
	}
	if got := c.logMessages(); len(got) != 2 || got[1].Type != logError || !strings.Contains(got[1].Message, "negative") {
		t.Errorf("log after a change at a negative position: %+v", got)
	}
	c.shutdown()
}

type logMessage struct {
	Type    int    `json:"type"`
	Message string `json:"message"`
}

// logMessages returns the window/logMessage notifications received so far.
func (c *client) logMessages() []logMessage {
	c.t.Helper()
	c.mustCall("workspace/symbol", workspaceSymbolParams{Query: "\x00"}, nil)
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []logMessage
	for _, m := range c.notes {
		if m.Method == "window/logMessage" {
			var lm logMessage
			if err := json.Unmarshal(m.Params, &lm); err != nil {
				c.t.Fatal(err)
			}
			out = append(out, lm)
		}
	}
	return out
}
