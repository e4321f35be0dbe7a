package zksync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/nodedata"
	"github.com/zktree/zktree/zkconn"
)

// Trim says what import does with existing nodes that the tree does not
// have (below the top level, which is never trimmed).
type Trim int

// Trim modes, as zc.zk's trim=None, True and False.
const (
	TrimWarn Trim = iota // print "extra path not trimmed: P" (zc.zk's default)
	TrimYes              // delete them, keeping ephemeral nodes
	TrimNo               // leave them silently
)

// ImportOptions control [PlanImport].
type ImportOptions struct {
	Path   string       // where the tree's top-level nodes go; default "/"
	Trim   Trim         // what to do with extra nodes
	ACL    []zkconn.ACL // ACL of created nodes, checked on existing ones; default open
	DryRun bool         // word the messages as zc.zk's dry run
}

// maxNodeData is the largest node data ZooKeeper accepts by default.
const maxNodeData = maxRequestBytes - 1024

// PlanImport validates the whole tree (every node's properties must encode
// as node data) and, only when it is valid, reads the existing nodes and
// plans the import, as zc.zk's import_tree: missing nodes are created,
// existing ones get the tree's property set (replacing theirs) and ACL,
// extra nodes below the top level are trimmed or reported per opts.Trim.
// The plan's messages are those zc.zk prints: in a dry run the property
// diff of each existing node, "add P" for each new subtree, and the trim
// messages; otherwise the trim messages. Nothing is written: apply the plan
// with [Plan.Apply]. Problems in the tree are diagnostics; error is for
// ZooKeeper failures, including a missing import path.
func PlanImport(ctx context.Context, s zkconn.Store, f *ast.File, opts ImportOptions) (*Plan, ast.Diagnostics, error) {
	root := cleanPath(opts.Path)
	data, diags := encodeTree(f, root)
	if diags.HasErrors() {
		return nil, diags, nil
	}
	if opts.ACL == nil {
		opts.ACL = zkconn.OpenACL
	}
	im := &importer{store: s, opts: opts, data: data, plan: &Plan{Changes: make([]Change, 0, len(data))}}
	if err := im.readExisting(ctx, root, f.Nodes); err != nil {
		if errors.Is(err, zkconn.ErrNoNode) {
			err = &zkconn.Error{Op: "import into", Path: root, Err: zkconn.ErrNoNode}
		}
		return nil, diags, err
	}
	if err := im.node(ctx, root, f.Nodes, true); err != nil {
		return nil, diags, err
	}
	return im.plan, diags, nil
}

// CheckTree reports what in f cannot be stored in ZooKeeper under path: a
// node name that ZooKeeper refuses (or reserves: "zookeeper" for a top
// node when path is "/"), or properties that cannot be encoded or are too
// large. It needs no server, so a command can check a file before it
// connects; [PlanImport] makes the same checks.
func CheckTree(f *ast.File, path string) ast.Diagnostics {
	_, diags := encodeTree(f, cleanPath(path))
	return diags
}

// encodeTree encodes every node's properties for an import under root,
// reporting each node that cannot be stored (see [CheckTree]).
func encodeTree(f *ast.File, root string) (map[*ast.Node][]byte, ast.Diagnostics) {
	atRoot := root == "/"
	var diags ast.Diagnostics
	data := map[*ast.Node][]byte{}
	var visit func([]*ast.Node, bool)
	visit = func(nodes []*ast.Node, top bool) {
		for _, n := range nodes {
			if why := ast.NodeNameProblem(n.Name, top && atRoot); why != "" {
				diags.Errorf("name", f.Name, n.NameRange(), "cannot store node %q: the name %s", n.Name, why)
			}
			b, err := nodedata.Encode(ast.NodeProps(n))
			switch {
			case err != nil:
				r := n.NameRange()
				var ee *nodedata.EncodeError
				if errors.As(err, &ee) {
					r = propRange(n, ee.Key)
				}
				diags.Errorf("encode", f.Name, r, "cannot store node %s: %v", n.Name, err)
			case len(b) > maxNodeData:
				diags.Errorf("encode", f.Name, n.NameRange(), "node %s: data is %d bytes, more than ZooKeeper accepts (%d)", n.Name, len(b), maxNodeData)
			}
			data[n] = b
			visit(n.Children(), false)
		}
	}
	visit(f.Nodes, true)
	diags.Sort()
	return data, diags
}

// propRange returns the range of the entry with the given key, else the
// node's name.
func propRange(n *ast.Node, key string) ast.Range {
	for _, e := range n.Body {
		if _, isNode := e.(*ast.Node); !isNode && e.Key() == key {
			return e.Span()
		}
	}
	return n.NameRange()
}

// existing is the state of a node the tree names, read before planning.
type existing struct {
	data     []byte
	stat     *zkconn.Stat
	acl      []zkconn.ACL
	children []string // sorted
}

type importer struct {
	store zkconn.Store
	opts  ImportOptions
	data  map[*ast.Node][]byte
	plan  *Plan

	mu    sync.Mutex
	nodes map[string]*existing // nil entry: missing
}

// readExisting reads, level by level with pipelined requests, the tree
// nodes that exist. Which ones exist is known from their parent's child
// list, so a new node costs no request at all.
func (im *importer) readExisting(ctx context.Context, root string, top []*ast.Node) error {
	im.nodes = map[string]*existing{}
	names, _, err := im.store.Children(ctx, root)
	if err != nil {
		return err
	}
	type item struct {
		path string
		n    *ast.Node
	}
	var level []item
	present := func(names []string, path string, nodes []*ast.Node) {
		for _, n := range nodes {
			if slices.Contains(names, n.Name) {
				level = append(level, item{join(path, n.Name), n})
			}
		}
	}
	present(names, root, top)
	sem := make(chan struct{}, maxInFlight)
	for len(level) > 0 {
		var wg sync.WaitGroup
		errs := make([]error, len(level))
		for i, it := range level {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				e, err := im.read(ctx, it.path)
				im.mu.Lock()
				im.nodes[it.path] = e
				im.mu.Unlock()
				errs[i] = err
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return err
		}
		prev := level
		level = nil
		for _, it := range prev {
			if e := im.nodes[it.path]; e != nil {
				present(e.children, it.path, it.n.Children())
			}
		}
	}
	return nil
}

// read returns the state of the node at path, nil if it has gone.
func (im *importer) read(ctx context.Context, path string) (*existing, error) {
	data, st, err := im.store.Get(ctx, path)
	if errors.Is(err, zkconn.ErrNoNode) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	e := &existing{data: data, stat: st}
	if e.acl, _, err = im.store.GetACL(ctx, path); err != nil {
		return nil, err
	}
	if st.NumChildren > 0 {
		if e.children, _, err = im.store.Children(ctx, path); err != nil {
			return nil, err
		}
		slices.Sort(e.children)
	}
	return e, nil
}

// node plans the children of the existing node at path: trim first (not at
// the top), then each tree child in name order.
func (im *importer) node(ctx context.Context, path string, children []*ast.Node, top bool) error {
	p := im.plan
	if !top {
		if err := im.trim(ctx, path, children); err != nil {
			return err
		}
	}
	for _, c := range sortedByName(children) {
		cpath := join(path, c.Name)
		e := im.nodes[cpath]
		if e == nil {
			if im.opts.DryRun {
				p.say("add %s", cpath)
			}
			im.create(cpath, c)
			continue
		}
		if im.opts.DryRun {
			p.Messages = append(p.Messages, nodedata.Diff(cpath, nodedata.Decode(e.data), ast.NodeProps(c))...)
		}
		if data := im.data[c]; !bytes.Equal(data, e.data) {
			p.Changes = append(p.Changes, Change{Kind: Update, Path: cpath, Version: e.stat.Version, Data: data, OldData: e.data})
		}
		if !zkconn.ACLEqual(e.acl, im.opts.ACL) {
			if im.opts.DryRun {
				p.say("%s ACL change from %s to %s", cpath, zkconn.FormatACL(e.acl), zkconn.FormatACL(im.opts.ACL))
			}
			p.Changes = append(p.Changes, Change{Kind: SetACL, Path: cpath, Version: e.stat.Aversion, ACL: im.opts.ACL, OldACL: e.acl})
		}
		if err := im.node(ctx, cpath, c.Children(), false); err != nil {
			return err
		}
	}
	return nil
}

// create plans the creation of the subtree of n at path.
func (im *importer) create(path string, n *ast.Node) {
	im.plan.Changes = append(im.plan.Changes, Change{Kind: Create, Path: path, Version: -1, Data: im.data[n], ACL: im.opts.ACL})
	for _, c := range sortedByName(n.Children()) {
		im.create(join(path, c.Name), c)
	}
}

// trim handles the existing children of path that the tree lacks.
func (im *importer) trim(ctx context.Context, path string, children []*ast.Node) error {
	e := im.nodes[path]
	if e == nil || im.opts.Trim == TrimNo {
		return nil
	}
	names := map[string]bool{}
	for _, c := range children {
		names[c.Name] = true
	}
	for _, name := range e.children {
		if names[name] {
			continue
		}
		xpath := join(path, name)
		if im.opts.Trim == TrimWarn {
			im.plan.say("extra path not trimmed: %s", xpath)
			continue
		}
		err := planDelete(ctx, im.store, xpath, DeleteOptions{DryRun: im.opts.DryRun, IgnoreIfEphemeral: true}, im.plan)
		if err != nil && !errors.Is(err, zkconn.ErrNoNode) {
			return fmt.Errorf("trim: %w", err)
		}
	}
	return nil
}

func sortedByName(nodes []*ast.Node) []*ast.Node {
	out := slices.Clone(nodes)
	slices.SortFunc(out, func(a, b *ast.Node) int { return strings.Compare(a.Name, b.Name) })
	return out
}
