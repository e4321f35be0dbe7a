package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// client drives a server over a pipe with real JSON-RPC messages, as an
// editor does.
type client struct {
	t      testing.TB
	conn   *conn
	root   string
	nextID int
	done   chan error // the result of Serve

	mu      sync.Mutex
	pending map[string]chan *message
	diags   map[DocumentURI][]Diagnostic // latest published, by document
	version map[DocumentURI]int          // version of the latest diagnostics
	updated chan struct{}                // receives after each publication
	notes   []*message
}

// newClient starts a server and initializes it with root as the workspace
// folder. files are written to root first (name → text).
func newClient(t testing.TB, files map[string]string) *client {
	t.Helper()
	return newClientWith(t, files, map[string]any{})
}

// newClientWith is newClient for a client with the given capabilities.
func newClientWith(t testing.TB, files map[string]string, capabilities map[string]any) *client {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	toServer, fromClient := io.Pipe()
	toClient, fromServer := io.Pipe()
	c := &client{
		t: t, conn: newConn(toClient, fromClient), root: root, done: make(chan error, 1),
		pending: map[string]chan *message{}, diags: map[DocumentURI][]Diagnostic{},
		version: map[DocumentURI]int{}, updated: make(chan struct{}, 1),
	}
	go func() {
		c.done <- Serve(context.Background(), toServer, fromServer)
		fromServer.Close()
	}()
	go c.readLoop()
	t.Cleanup(func() { fromClient.Close() })
	var res initializeResult
	c.mustCall("initialize", map[string]any{
		"processId": nil, "rootUri": pathToURI(root), "capabilities": capabilities,
		"workspaceFolders": []workspaceFolder{{URI: pathToURI(root), Name: "w"}},
	}, &res)
	if res.Capabilities.TextDocumentSync.Change != syncIncremental {
		t.Fatalf("sync kind %d, want incremental", res.Capabilities.TextDocumentSync.Change)
	}
	c.notify("initialized", map[string]any{})
	return c
}

func (c *client) readLoop() {
	for {
		m, err := c.conn.read()
		if err != nil {
			return
		}
		c.mu.Lock()
		if m.Method == "" {
			if ch := c.pending[string(m.ID)]; ch != nil {
				ch <- m
			}
		} else {
			c.notes = append(c.notes, m)
			if m.Method == "textDocument/publishDiagnostics" {
				var p publishDiagnosticsParams
				if err := json.Unmarshal(m.Params, &p); err == nil {
					c.diags[p.URI] = p.Diagnostics
					if p.Version != nil {
						c.version[p.URI] = *p.Version
					}
					select {
					case c.updated <- struct{}{}:
					default:
					}
				}
			}
		}
		c.mu.Unlock()
	}
}

// call sends a request and decodes its result into result (when not nil).
func (c *client) call(method string, params, result any) *rpcError {
	c.t.Helper()
	c.nextID++
	id := strconv.Itoa(c.nextID)
	ch := make(chan *message, 1)
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
	raw, err := json.Marshal(params)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.conn.write(&message{ID: json.RawMessage(id), Method: method, Params: raw}); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return m.Error
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("%s: decoding %s: %v", method, m.Result, err)
			}
		}
		return nil
	case <-time.After(10 * time.Second):
		c.t.Fatalf("%s: no response", method)
		return nil
	}
}

func (c *client) mustCall(method string, params, result any) {
	c.t.Helper()
	if err := c.call(method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.notify(method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// uri returns the URI of a file in the workspace.
func (c *client) uri(name string) DocumentURI { return pathToURI(filepath.Join(c.root, name)) }

func (c *client) open(name, text string) DocumentURI {
	uri := c.uri(name)
	c.notify("textDocument/didOpen", didOpenParams{TextDocument: textDocumentItem{URI: uri, LanguageID: "zk", Version: 1, Text: text}})
	return uri
}

func (c *client) change(uri DocumentURI, version int, changes ...contentChange) {
	c.notify("textDocument/didChange", didChangeParams{
		TextDocument:   versionedTextDocumentIdentifier{URI: uri, Version: version},
		ContentChanges: changes,
	})
}

// diagnostics returns the diagnostics last published for uri, after a
// round trip that makes sure the server has handled every earlier message.
func (c *client) diagnostics(uri DocumentURI) []Diagnostic {
	c.t.Helper()
	c.mustCall("workspace/symbol", workspaceSymbolParams{Query: "\x00"}, nil)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.diags[uri]
}

// waitVersion waits until the diagnostics of a version of uri arrive.
func (c *client) waitVersion(uri DocumentURI, version int) {
	c.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		v := c.version[uri]
		c.mu.Unlock()
		if v >= version {
			return
		}
		select {
		case <-c.updated:
		case <-timeout:
			c.t.Fatalf("no diagnostics for version %d of %s", version, uri)
		}
	}
}

// shutdown ends the session cleanly and checks that the server returns nil.
func (c *client) shutdown() {
	c.t.Helper()
	c.mustCall("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Fatalf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		c.t.Fatal("server did not exit")
	}
}

// pos returns a position for tests.
func pos(line, char int) Position { return Position{Line: line, Character: char} }

func at(uri DocumentURI, p Position) textDocumentPositionParams {
	return textDocumentPositionParams{TextDocument: textDocumentIdentifier{URI: uri}, Position: p}
}

// diagString renders diagnostics compactly for comparisons.
func diagString(ds []Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d:%d-%d:%d %s %s", d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Line, d.Range.End.Character, d.Code, d.Message))
	}
	return out
}
