package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/zktree/zktree/lint"
)

// Serve runs a language server that reads requests from in and writes
// responses and notifications to out until the client sends "exit" or in
// ends. It returns nil after a clean shutdown ("shutdown", then "exit") and
// an error otherwise, so the caller can exit with status 1 as LSP asks.
func Serve(ctx context.Context, in io.Reader, out io.Writer) error {
	s := newServer(newConn(in, out))
	return s.run(ctx)
}

// server holds the state of one client session. Messages are handled one at
// a time, in order. A change marks the workspace dirty; it is analysed again
// (and its diagnostics published) once no more input is waiting, or before
// the next request, so that a burst of changes is analysed once and every
// response sees the latest text.
type server struct {
	conn        *conn
	state       int
	roots       []string                     // workspace folders
	docs        map[DocumentURI]*document    // open buffers and workspace files
	published   map[DocumentURI][]Diagnostic // diagnostics on the client, by document
	an          *analysis                    // the latest analysis of docs
	lintConfig  *lint.Config                 // from the first workspace folder
	dirty       bool                         // docs changed since the latest analysis
	handlers    map[string]handler           // requests and notifications by method
	diagVersion map[DocumentURI]int          // document version the diagnostics belong to
	watch       bool                         // the client watches files when asked to
	requests    int                          // requests sent to the client
}

// The life cycle of a session.
const (
	stateStarting = iota
	stateRunning
	stateShutdown
)

// handler handles the params of one method. The result of a notification
// is ignored.
type handler func(params json.RawMessage) (any, error)

// on adapts a typed handler function.
func on[P any](fn func(*P) (any, error)) handler {
	return func(raw json.RawMessage) (any, error) {
		p := new(P)
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, p); err != nil {
				return nil, errorf(codeInvalidParams, "%v", err)
			}
		}
		return fn(p)
	}
}

func newServer(c *conn) *server {
	s := &server{
		conn:        c,
		docs:        map[DocumentURI]*document{},
		published:   map[DocumentURI][]Diagnostic{},
		diagVersion: map[DocumentURI]int{},
	}
	s.handlers = map[string]handler{
		"initialize":                          on(s.initialize),
		"initialized":                         on(s.initialized),
		"shutdown":                            on(s.shutdown),
		"textDocument/didOpen":                on(s.didOpen),
		"textDocument/didChange":              on(s.didChange),
		"textDocument/didSave":                on(s.didSave),
		"textDocument/didClose":               on(s.didClose),
		"workspace/didChangeWatchedFiles":     on(s.didChangeWatchedFiles),
		"workspace/didChangeWorkspaceFolders": on(s.didChangeWorkspaceFolders),
		"textDocument/formatting":             on(s.formatting),
		"textDocument/hover":                  on(s.hover),
		"textDocument/definition":             on(s.definition),
		"textDocument/references":             on(s.references),
		"textDocument/documentSymbol":         on(s.documentSymbol),
		"workspace/symbol":                    on(s.workspaceSymbol),
		"textDocument/completion":             on(s.completion),
		"textDocument/prepareRename":          on(s.prepareRename),
		"textDocument/rename":                 on(s.rename),
		"textDocument/codeAction":             on(s.codeAction),
		"textDocument/foldingRange":           on(s.foldingRange),
		"textDocument/semanticTokens/full":    on(s.semanticTokens),
	}
	return s
}

// errExitWithoutShutdown is returned by run when the client exits without
// asking the server to shut down first.
var errExitWithoutShutdown = errors.New("exit without shutdown")

func (s *server) run(ctx context.Context) error {
	for ctx.Err() == nil {
		m, err := s.conn.read()
		var rerr *rpcError
		switch {
		case errors.As(err, &rerr):
			if werr := s.conn.reply(json.RawMessage("null"), nil, rerr); werr != nil {
				return werr
			}
			continue
		case err == io.EOF:
			if s.state == stateShutdown {
				return nil
			}
			return errExitWithoutShutdown
		case err != nil:
			return err
		}
		if m.Method == "exit" {
			if s.state == stateShutdown {
				return nil
			}
			return errExitWithoutShutdown
		}
		if s.dirty && m.isRequest() {
			s.reanalyze()
		}
		if err := s.dispatch(m); err != nil {
			return err
		}
		if s.dirty && s.conn.r.Buffered() == 0 {
			s.reanalyze()
		}
	}
	return ctx.Err()
}

// dispatch handles one message and replies to requests. It returns only
// errors of the connection.
func (s *server) dispatch(m *message) error {
	if m.Method == "" {
		return nil // a response: the server sends no requests that need one
	}
	result, err := s.call(m)
	if !m.isRequest() {
		if err != nil {
			s.logf("%s: %v", m.Method, err)
		}
		return nil
	}
	var rerr *rpcError
	if err != nil && !errors.As(err, &rerr) {
		rerr = errorf(codeRequestFailed, "%v", err)
	}
	return s.conn.reply(m.ID, result, rerr)
}

// call runs the handler of a message. A handler that panics fails its
// request instead of ending the session.
func (s *server) call(m *message) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, errorf(codeInternalError, "%s: internal error: %v", m.Method, r)
		}
	}()
	switch {
	case s.state == stateStarting && m.Method != "initialize" && !m.isRequest():
		return nil, nil // notifications before initialize are dropped
	case s.state == stateStarting && m.Method != "initialize":
		return nil, errorf(codeServerNotInitialized, "server not initialized")
	case s.state == stateShutdown:
		return nil, errorf(codeInvalidRequest, "server is shutting down")
	}
	h, ok := s.handlers[m.Method]
	switch {
	case !ok && !m.isRequest():
		return nil, nil // notifications the server does not know are ignored
	case !ok:
		return nil, errorf(codeMethodNotFound, "method not supported: %s", m.Method)
	}
	return h(m.Params)
}

// Message types of window/logMessage.
const (
	logError   = 1
	logWarning = 2
)

// logf sends an error message to the client's log.
func (s *server) logf(format string, args ...any) {
	s.log(logError, fmt.Sprintf(format, args...))
}

// log sends a message of a type to the client's log.
func (s *server) log(typ int, msg string) {
	s.conn.notify("window/logMessage", map[string]any{"type": typ, "message": msg})
}

func (s *server) initialize(p *initializeParams) (any, error) {
	if s.state != stateStarting {
		return nil, errorf(codeInvalidRequest, "initialize sent twice")
	}
	s.state = stateRunning
	for _, f := range p.WorkspaceFolders {
		s.roots = append(s.roots, uriToPath(f.URI))
	}
	if len(s.roots) == 0 && p.RootURI != "" {
		s.roots = append(s.roots, uriToPath(p.RootURI))
	}
	s.watch = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	s.loadWorkspace()
	s.loadLintConfig()
	s.an = analyze(s.docs, s.lintConfig) // diagnostics wait for "initialized"
	return initializeResult{Capabilities: capabilities(), ServerInfo: serverInfo{Name: "zktree"}}, nil
}

func (s *server) initialized(*struct{}) (any, error) {
	if s.watch {
		s.watchFiles()
	}
	s.reanalyze()
	return nil, nil
}

// watchFiles asks the client to report changes to the .zk files and lint
// configurations on disk (workspace/didChangeWatchedFiles), so that files
// edited, created or deleted outside the editor are analysed again.
func (s *server) watchFiles() {
	s.requests++
	opts := didChangeWatchedFilesRegistrationOptions{Watchers: []fileSystemWatcher{
		{GlobPattern: "**/*.zk"}, {GlobPattern: "**/" + lint.ConfigFile},
	}}
	s.conn.request(s.requests, "client/registerCapability", registrationParams{Registrations: []registration{
		{ID: "zktree-watch", Method: "workspace/didChangeWatchedFiles", RegisterOptions: opts},
	}})
}

func capabilities() serverCapabilities {
	return serverCapabilities{
		PositionEncoding:           "utf-16",
		TextDocumentSync:           textDocumentSyncOpts{OpenClose: true, Change: syncIncremental},
		HoverProvider:              true,
		DefinitionProvider:         true,
		ReferencesProvider:         true,
		DocumentSymbolProvider:     true,
		WorkspaceSymbolProvider:    true,
		DocumentFormattingProvider: true,
		CompletionProvider:         completionOptions{TriggerCharacters: []string{"/", ">", " ", ":"}},
		RenameProvider:             renameOptions{PrepareProvider: true},
		CodeActionProvider:         codeActionOptions{CodeActionKinds: []string{codeActionQuickFix}},
		FoldingRangeProvider:       true,
		SemanticTokensProvider:     semanticTokensOptions{Legend: tokenLegend, Full: true},
		Workspace:                  workspaceCapabilities{WorkspaceFolders: workspaceFoldersCapability{Supported: true, ChangeNotifications: true}},
	}
}

func (s *server) shutdown(*struct{}) (any, error) {
	s.state = stateShutdown
	return nil, nil
}

// Bounds on reading the workspace folders, so that opening a home directory
// stays fast: at most maxWorkspaceFiles .zk files are read, and at most
// maxWorkspaceEntries files and directories are looked at. The user is told
// when a bound cuts the workspace short. Variables for the tests.
var (
	maxWorkspaceFiles   = 2000
	maxWorkspaceEntries = 50000
)

// loadWorkspace reads the .zk files under the workspace folders, as the
// command line finds them in a directory (hidden files and directories
// skipped, and node_modules), within the bounds above.
func (s *server) loadWorkspace() {
	files, entries := 0, 0
	for _, root := range s.roots {
		stop := ""
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			entries++
			hidden := path != root && strings.HasPrefix(d.Name(), ".")
			switch {
			case entries > maxWorkspaceEntries:
				stop = fmt.Sprintf("looked at %d files and directories", maxWorkspaceEntries)
				return filepath.SkipAll
			case d.IsDir() && (hidden || d.Name() == "node_modules"):
				return filepath.SkipDir
			case d.IsDir() || hidden || filepath.Ext(path) != ".zk":
				return nil
			case files >= maxWorkspaceFiles:
				stop = fmt.Sprintf("read %d .zk files", maxWorkspaceFiles)
				return filepath.SkipAll
			}
			files++
			s.loadFile(pathToURI(path))
			return nil
		})
		if stop != "" {
			s.log(logWarning, fmt.Sprintf("%s: stopped reading the workspace after it %s; "+
				"links into the .zk files not read show as dangling (open a smaller folder)", root, stop))
			return
		}
	}
}

// didChangeWorkspaceFolders forgets the files of removed folders (unless
// they are open) and reads those of added ones.
func (s *server) didChangeWorkspaceFolders(p *didChangeWorkspaceFoldersParams) (any, error) {
	for _, f := range p.Event.Removed {
		s.roots = slices.DeleteFunc(s.roots, func(r string) bool { return r == uriToPath(f.URI) })
	}
	for _, f := range p.Event.Added {
		s.roots = append(s.roots, uriToPath(f.URI))
	}
	for uri, d := range s.docs {
		if !d.open && !s.inWorkspace(d.path) {
			delete(s.docs, uri)
		}
	}
	s.loadWorkspace()
	s.loadLintConfig()
	s.dirty = true
	return nil, nil
}

// loadFile reads a workspace file from disk unless it is open in the
// editor. A file that cannot be read is forgotten.
func (s *server) loadFile(uri DocumentURI) {
	if d := s.docs[uri]; d != nil && d.open {
		return
	}
	text, err := os.ReadFile(uriToPath(uri))
	if err != nil {
		delete(s.docs, uri)
		return
	}
	s.docs[uri] = newDocument(uri, 0, text, false)
}

// loadLintConfig reads the lint configuration of the first workspace
// folder, if it has one; without one, lint runs with its defaults.
func (s *server) loadLintConfig() {
	s.lintConfig = nil
	if len(s.roots) == 0 {
		return
	}
	cfg, err := lint.LoadConfig(filepath.Join(s.roots[0], lint.ConfigFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		s.logf("%v", err)
	default:
		s.lintConfig = cfg
	}
}

// workspaceFile reports whether the walk of loadWorkspace would read the
// file at path: a .zk file in a workspace folder, neither hidden nor in a
// hidden directory or node_modules.
func (s *server) workspaceFile(path string) bool {
	if filepath.Ext(path) != ".zk" {
		return false
	}
	for _, root := range s.roots {
		rel, err := filepath.Rel(root, path)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		for _, elem := range strings.Split(rel, string(filepath.Separator)) {
			if strings.HasPrefix(elem, ".") || elem == "node_modules" {
				return false
			}
		}
		return true
	}
	return false
}

// inWorkspace reports whether a path lies inside a workspace folder.
func (s *server) inWorkspace(path string) bool {
	for _, root := range s.roots {
		if rel, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(rel, "..") {
			return true
		}
	}
	return false
}

func (s *server) didOpen(p *didOpenParams) (any, error) {
	td := p.TextDocument
	uri := canonicalURI(td.URI)
	s.docs[uri] = newDocument(uri, td.Version, []byte(td.Text), true)
	s.dirty = true
	return nil, nil
}

func (s *server) didChange(p *didChangeParams) (any, error) {
	d, err := s.openDoc(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	clamped, err := d.applyChanges(p.TextDocument.Version, p.ContentChanges)
	if err != nil {
		return nil, err
	}
	if clamped {
		s.log(logWarning, fmt.Sprintf("%s: a change reached past the end of the document and was applied at its end", d.uri))
	}
	s.dirty = true
	return nil, nil
}

func (s *server) didSave(p *didSaveParams) (any, error) {
	d, err := s.openDoc(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	if p.Text != nil {
		d.applyChanges(d.version, []contentChange{{Text: *p.Text}}) // a whole text cannot fail
	}
	s.dirty = true
	return nil, nil
}

func (s *server) didClose(p *didCloseParams) (any, error) {
	uri := canonicalURI(p.TextDocument.URI)
	delete(s.docs, uri)
	if s.workspaceFile(uriToPath(uri)) {
		s.loadFile(uri)
	}
	s.dirty = true
	return nil, nil
}

// File change types of workspace/didChangeWatchedFiles.
const fileDeleted = 3

func (s *server) didChangeWatchedFiles(p *didChangeWatchedFilesParams) (any, error) {
	for _, c := range p.Changes {
		uri := canonicalURI(c.URI)
		if len(s.roots) > 0 && uriToPath(uri) == filepath.Join(s.roots[0], lint.ConfigFile) {
			s.loadLintConfig()
			continue
		}
		if d := s.docs[uri]; d != nil && d.open {
			continue
		}
		if c.Type == fileDeleted {
			delete(s.docs, uri)
		} else if s.workspaceFile(uriToPath(uri)) {
			s.loadFile(uri)
		}
	}
	s.dirty = true
	return nil, nil
}

// openDoc returns a document the client has opened.
func (s *server) openDoc(uri DocumentURI) (*document, error) {
	d := s.docs[canonicalURI(uri)]
	if d == nil || !d.open {
		return nil, fmt.Errorf("%s is not open", uri)
	}
	return d, nil
}

// doc returns a known document, open or not.
func (s *server) doc(uri DocumentURI) (*document, error) {
	d := s.docs[canonicalURI(uri)]
	if d == nil {
		return nil, errorf(codeInvalidParams, "unknown document %s", uri)
	}
	return d, nil
}
