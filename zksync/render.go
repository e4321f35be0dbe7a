package zksync

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/nodedata"
	"github.com/zktree/zktree/zkconn"
)

// WriteDiff writes the plan as a readable diff: "+ PATH" for a node created,
// "- PATH" for one deleted, "~ PATH" for one changed, each followed by its
// property lines marked + or -, then the plan's messages as "# …" lines.
// Make the plan without DryRun, so that its messages are only the trim
// warnings.
func (p *Plan) WriteDiff(w io.Writer) error {
	var b strings.Builder
	for _, c := range p.Changes {
		switch c.Kind {
		case Create:
			fmt.Fprintf(&b, "+ %s\n", c.Path)
			props := nodedata.Decode(c.Data)
			for _, k := range props.Keys() {
				fmt.Fprintf(&b, "+     %s\n", propLine(k, props[k]))
			}
		case Delete:
			fmt.Fprintf(&b, "- %s\n", c.Path)
		case Update:
			fmt.Fprintf(&b, "~ %s\n", c.Path)
			writePropDiff(&b, nodedata.Decode(c.OldData), nodedata.Decode(c.Data))
		case SetACL:
			fmt.Fprintf(&b, "~ %s\n-     ACL %s\n+     ACL %s\n", c.Path, zkconn.FormatACL(c.OldACL), zkconn.FormatACL(c.ACL))
		}
	}
	for _, m := range p.Messages {
		fmt.Fprintf(&b, "# %s\n", m)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writePropDiff(b *strings.Builder, old, new ast.Props) {
	keys := old.Keys()
	for _, k := range new.Keys() {
		if _, ok := old[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		o, inOld := old[k]
		n, inNew := new[k]
		if inOld && inNew && o.Equal(n) {
			continue
		}
		if inOld {
			fmt.Fprintf(b, "-     %s\n", propLine(k, o))
		}
		if inNew {
			fmt.Fprintf(b, "+     %s\n", propLine(k, n))
		}
	}
}

// propLine writes one property as the export layout does.
func propLine(k string, v ast.Value) string {
	for _, arrow := range []string{" ->", " =>"} {
		if name, ok := strings.CutSuffix(k, arrow); ok && v.Kind() == ast.StringKind {
			return name + arrow + " " + v.Str()
		}
	}
	return k + " = " + nodedata.Repr(v, false)
}

type jsonChange struct {
	Op      ChangeKind `json:"op"`
	Path    string     `json:"path"`
	Version int32      `json:"version"`
	Data    *string    `json:"data,omitempty"`
	OldData *string    `json:"old_data,omitempty"`
	ACL     string     `json:"acl,omitempty"`
	OldACL  string     `json:"old_acl,omitempty"`
}

// WriteJSON writes the plan as one JSON object: {"changes": [{"op",
// "path", "version", "data", "old_data", "acl", "old_acl"}…], "messages":
// […]}, where data is the node data as text and version the version the
// write expects (-1 for a create).
func (p *Plan) WriteJSON(w io.Writer) error {
	out := struct {
		Changes  []jsonChange `json:"changes"`
		Messages []string     `json:"messages"`
	}{Changes: []jsonChange{}, Messages: p.Messages}
	if out.Messages == nil {
		out.Messages = []string{}
	}
	for _, c := range p.Changes {
		j := jsonChange{Op: c.Kind, Path: c.Path, Version: c.Version, ACL: zkconn.FormatACL(c.ACL), OldACL: zkconn.FormatACL(c.OldACL)}
		if c.Kind == Create || c.Kind == Update {
			d := string(c.Data)
			j.Data = &d
		}
		if c.Kind == Update {
			d := string(c.OldData)
			j.OldData = &d
		}
		out.Changes = append(out.Changes, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "x ->" keys stay readable
	return enc.Encode(out)
}
