package eval

import (
	"os"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/lang"
)

// Load reads and parses the .zk files at paths and builds their model with
// every file mounted at mount ("" or "/" for the root; see [Mount]): the
// parse_tree of several files at once. The diagnostics are the parser's (a
// file with syntax errors contributes the nodes it could read) followed by
// those of [EvalMounts], sorted. The error is set, and the model nil, when
// a file cannot be read.
func Load(mount string, paths ...string) (*Model, ast.Diagnostics, error) {
	var (
		mounts []Mount
		all    ast.Diagnostics
	)
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, err
		}
		f, ds := lang.Parse(p, src)
		mounts, all = append(mounts, Mount{Path: mount, File: f}), append(all, ds...)
	}
	m, ds := EvalMounts(mounts...)
	all = append(all, ds...)
	all.Sort()
	return m, all, nil
}
