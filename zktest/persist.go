package zktest

import (
	"encoding/gob"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// snapshotFile is the name of the snapshot in the data directory.
const snapshotFile = "zktest.snapshot"

type snapshot struct {
	Zxid  int64
	Nodes []snapshotNode
}

type snapshotNode struct {
	Path    string
	Data    []byte
	ACL     []wire.ACL
	Stat    wire.Stat
	Created int32
}

// saveLocked writes the tree, without ephemeral nodes, to the data
// directory, atomically.
func (s *Server) saveLocked() error {
	snap := snapshot{Zxid: s.tree.zxid}
	for p, n := range s.tree.nodes {
		if n.stat.EphemeralOwner > 0 {
			continue
		}
		snap.Nodes = append(snap.Nodes, snapshotNode{Path: p, Data: n.data, ACL: n.acl, Stat: n.stat, Created: n.created})
	}
	tmp, err := os.CreateTemp(s.cfg.DataDir, snapshotFile+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := gob.NewEncoder(tmp).Encode(&snap); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(s.cfg.DataDir, snapshotFile)); err != nil {
		return err
	}
	s.dirty = false
	return nil
}

// loadSnapshot reads the tree saved in dir; nil when there is none.
func loadSnapshot(dir string) (*tree, error) {
	f, err := os.Open(filepath.Join(dir, snapshotFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var snap snapshot
	if err := gob.NewDecoder(f).Decode(&snap); err != nil {
		return nil, err
	}
	t := &tree{nodes: make(map[string]*znode, len(snap.Nodes)), zxid: snap.Zxid}
	for _, sn := range snap.Nodes {
		t.nodes[sn.Path] = &znode{data: sn.Data, acl: sn.ACL, stat: sn.Stat, created: sn.Created}
	}
	for p := range t.nodes {
		if p == "/" {
			continue
		}
		parent, name := splitPath(p)
		pn := t.nodes[parent]
		if pn == nil {
			return nil, errors.New("zktest: snapshot has " + p + " without its parent")
		}
		if pn.children == nil {
			pn.children = map[string]struct{}{}
		}
		pn.children[name] = struct{}{}
	}
	for _, n := range t.nodes {
		n.stat.NumChildren = int32(len(n.children))
	}
	return t, nil
}
