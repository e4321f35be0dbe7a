package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestDocument_incrementalChanges(t *testing.T) {
	d := newDocument("file:///w/a.zk", 1, []byte("/café\n  x -> /😀/a\n"), true)
	changes := []contentChange{
		// Replace "a" after the emoji (line 1, units 11..12) with "bc".
		{Range: &Range{Position{1, 11}, Position{1, 12}}, Text: "bc"},
		// Insert a line after the first one.
		{Range: &Range{Position{1, 0}, Position{1, 0}}, Text: "  y = 1\n"},
		// Delete "é" (one unit) on line 0.
		{Range: &Range{Position{0, 4}, Position{0, 5}}, Text: "e"},
	}
	if _, err := d.applyChanges(2, changes); err != nil {
		t.Fatal(err)
	}
	if got, want := string(d.text), "/cafe\n  y = 1\n  x -> /😀/bc\n"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	if d.version != 2 || d.index.lines() != 4 {
		t.Errorf("version %d, %d lines; want 2, 4", d.version, d.index.lines())
	}
	if _, err := d.applyChanges(3, []contentChange{{Text: "/new\n"}}); err != nil {
		t.Fatal(err)
	}
	if string(d.text) != "/new\n" {
		t.Errorf("full change: text = %q", d.text)
	}
	bad := []contentChange{{Range: &Range{Position{0, 3}, Position{0, 1}}, Text: ""}}
	if _, err := d.applyChanges(4, bad); err == nil {
		t.Error("a reversed range was accepted")
	}
}

func TestDocument_changeOutsideText(t *testing.T) {
	d := newDocument("file:///w/a.zk", 1, []byte("/a\n  x = 1\n"), true)
	// A character past the end of its line is the end of the line (LSP);
	// that is no clamping.
	clamped, err := d.applyChanges(2, []contentChange{{Range: &Range{Position{0, 99}, Position{0, 99}}, Text: "b"}})
	if err != nil || clamped || string(d.text) != "/ab\n  x = 1\n" {
		t.Errorf("past the end of a line: clamped %v, err %v, text %q", clamped, err, d.text)
	}
	// A range past the last line is clamped to the end of the text.
	clamped, err = d.applyChanges(3, []contentChange{{Range: &Range{Position{7, 3}, Position{9, 0}}, Text: "/c\n"}})
	if err != nil || !clamped || string(d.text) != "/ab\n  x = 1\n/c\n" {
		t.Errorf("past the end of the text: clamped %v, err %v, text %q", clamped, err, d.text)
	}
	// A negative position rejects the whole notification, earlier changes
	// included.
	before := string(d.text)
	for _, p := range []Position{{-1, 0}, {0, -5}} {
		changes := []contentChange{
			{Range: &Range{Position{0, 0}, Position{0, 0}}, Text: "# first\n"},
			{Range: &Range{p, Position{0, 1}}, Text: "z"},
		}
		if _, err := d.applyChanges(4, changes); err == nil {
			t.Errorf("a change at %v was accepted", p)
		}
		if string(d.text) != before || d.version != 3 || d.index.lines() != 4 {
			t.Errorf("after a rejected change at %v: version %d, text %q", p, d.version, d.text)
		}
	}
}

func TestURIs(t *testing.T) {
	for _, path := range []string{"/w/a.zk", "/w/my dir/ünï 😀.zk"} {
		uri := pathToURI(path)
		if !strings.HasPrefix(string(uri), "file:///") {
			t.Errorf("pathToURI(%q) = %q", path, uri)
		}
		if got := uriToPath(uri); got != path {
			t.Errorf("uriToPath(%q) = %q, want %q", uri, got, path)
		}
	}
	if got := uriToPath("file:///w/my%20dir/a.zk"); got != "/w/my dir/a.zk" {
		t.Errorf("escaped URI: %q", got)
	}
	if got, want := canonicalURI("file:///w/%61%2Bb.zk"), canonicalURI("file:///w/a+b.zk"); got != want {
		t.Errorf("canonical URIs differ: %q, %q", got, want)
	}
}

func TestConn_framing(t *testing.T) {
	var out bytes.Buffer
	c := newConn(strings.NewReader(""), &out)
	if err := c.notify("x/y", map[string]int{"a": 1}); err != nil {
		t.Fatal(err)
	}
	if err := c.reply(json.RawMessage("7"), nil, nil); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(&out)
	for _, want := range []string{
		`{"jsonrpc":"2.0","method":"x/y","params":{"a":1}}`,
		`{"jsonrpc":"2.0","id":7,"result":null}`,
	} {
		body, err := readFrame(r)
		if err != nil {
			t.Fatal(err)
		}
		if string(body) != want {
			t.Errorf("body = %s, want %s", body, want)
		}
	}
	if _, err := readFrame(r); err != io.EOF {
		t.Errorf("at the end: %v, want EOF", err)
	}
	for _, bad := range []string{"Content-Length: x\r\n\r\n", "Content-Length: 10\r\n\r\n{}", "Content-Type: a\r\n\r\n"} {
		if _, err := readFrame(bufio.NewReader(strings.NewReader(bad))); err == nil || err == io.EOF {
			t.Errorf("readFrame(%q) = %v, want an error", bad, err)
		}
	}
}

// TestDocument_randomEdits applies random incremental changes, their
// positions counted in UTF-16 units over text full of accents, CJK and
// emoji, and checks the text against a model built on runes, and that
// positions map to their byte offsets and back.
func TestDocument_randomEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ab /->=\n é中😀🇫🇷")
	word := func() string {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	// lspPos returns the position of rune index i in text.
	lspPos := func(text []rune, i int) Position {
		var p Position
		for _, r := range text[:i] {
			if r == '\n' {
				p.Line, p.Character = p.Line+1, 0
			} else {
				p.Character += len(utf16.Encode([]rune{r}))
			}
		}
		return p
	}
	model := []rune("/café\n  x -> /😀/a\n")
	d := newDocument("file:///w/a.zk", 1, []byte(string(model)), true)
	for version := 2; version < 1000; version++ {
		i := rng.IntN(len(model) + 1)
		j := i + rng.IntN(min(len(model)-i, 4)+1)
		text := word()
		r := Range{lspPos(model, i), lspPos(model, j)}
		clamped, err := d.applyChanges(version, []contentChange{{Range: &r, Text: text}})
		if err != nil || clamped {
			t.Fatalf("change %v %q: clamped %v, %v", r, text, clamped, err)
		}
		model = append(model[:i:i], append([]rune(text), model[j:]...)...)
		if string(d.text) != string(model) {
			t.Fatalf("after change %v %q: text %q, want %q", r, text, d.text, string(model))
		}
		for range 10 {
			k := rng.IntN(len(model) + 1)
			p := lspPos(model, k)
			off := len(string(model[:k]))
			if got := d.index.offset(p); got != off {
				t.Fatalf("offset(%v) = %d, want %d in %q", p, got, off, string(model))
			}
			if got := d.index.position(off); got != p {
				t.Fatalf("position(%d) = %v, want %v in %q", off, got, p, string(model))
			}
		}
	}
}
