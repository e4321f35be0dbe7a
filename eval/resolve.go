package eval

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/zktree/zktree/ast"
)

// Lookup is what link resolution needs to know about a tree: a parsed
// [Model] or a live ZooKeeper.
type Lookup interface {
	// Exists reports whether a real node exists at path.
	Exists(path string) (bool, error)
	// Props returns the raw property set of the node at path (keys "x",
	// "x ->", "x =>", "type"); ok is false when the node does not exist.
	Props(path string) (p ast.Props, ok bool, err error)
}

// NoNodeError reports a path that names no node, directly or through links.
type NoNodeError struct {
	Path string
	// Missing, when set, is the path that was not found at the end of the
	// links followed from Path (a dangling link's target).
	Missing string
}

// Error returns "no node PATH", and through a dangling link "no node PATH
// (a link leads to MISSING, which does not exist)".
func (e *NoNodeError) Error() string {
	if e.Missing == "" || e.Missing == e.Path {
		return "no node " + e.Path
	}
	return "no node " + e.Path + " (a link leads to " + e.Missing + ", which does not exist)"
}

// LinkLoopError reports a cycle of links. Paths holds the links followed, in
// order; the repeated path is both the first element of the cycle and the
// last element of Paths.
type LinkLoopError struct {
	Paths []string
	// PropertyLinks is set for a cycle of property links, whose Paths are
	// the nodes read in turn and Props the property read from each;
	// otherwise Paths are symbolic-link paths and Props is nil.
	PropertyLinks bool
	Props         []string
}

// Error names the cycle: "link loop: /a -> /b -> /a", or for property links
// "property link loop: /a x => /b x => /a x".
func (e *LinkLoopError) Error() string {
	if e.PropertyLinks {
		return "property link loop: " + strings.Join(e.Steps(), " => ")
	}
	return "link loop: " + strings.Join(e.Paths, " -> ")
}

// Steps returns the elements of the loop as text: the paths of a link
// loop, "PATH PROP" for each read of a property-link loop.
func (e *LinkLoopError) Steps() []string {
	if !e.PropertyLinks || len(e.Props) != len(e.Paths) {
		return e.Paths
	}
	steps := make([]string, len(e.Paths))
	for i, p := range e.Paths {
		steps[i] = p + " " + e.Props[i]
	}
	return steps
}

// NoPropertyError reports a property that a node does not have, neither as a
// property nor as a property link.
type NoPropertyError struct {
	Path, Name string
}

// Error names the node and the property.
func (e *NoPropertyError) Error() string {
	return fmt.Sprintf("node %s has no property %q", e.Path, e.Name)
}

// BadPropertyLinkError reports a property link that cannot be followed. Key
// is the link's key ("x =>"), Value its text ("path" or "path prop") and Err
// the reason: a [*NoNodeError], [*LinkLoopError], [*NoPropertyError],
// [ErrInvalidPropertyLink], another BadPropertyLinkError for a chain, or an
// error of the [Lookup].
type BadPropertyLinkError struct {
	Key, Value string
	Err        error
}

// Error names the link, its text and the reason.
func (e *BadPropertyLinkError) Error() string {
	return fmt.Sprintf("bad property link %q (%q): %v", e.Key, e.Value, e.Err)
}

// Unwrap returns the reason.
func (e *BadPropertyLinkError) Unwrap() error { return e.Err }

// ErrInvalidPropertyLink is the reason of a [BadPropertyLinkError] whose text
// is not "path" or "path prop".
var ErrInvalidPropertyLink = errors.New("invalid property link: want \"path\" or \"path prop\"")

// Normalize removes "." and ".." segments from path by text substitution,
// exactly as zc.zk does, before any link is followed: "/a/./b" is "/a/b",
// "/a/b/.." is "/a", also when b is a link. A leading "/.." stays. The root
// is "/" (zc.zk's empty string).
func Normalize(path string) string {
	if !strings.Contains(path, "/.") {
		if path == "" {
			return "/"
		}
		return path
	}
	for {
		next := subDotDot(subDot(path))
		if next == path {
			break
		}
		path = next
	}
	if path == "" {
		return "/"
	}
	return path
}

// subDot is one pass of the substitution /\.(/|$) → \1.
func subDot(s string) string {
	return substitute(s, func(i int) int {
		if s[i] == '/' && i+1 < len(s) && s[i+1] == '.' && (i+2 == len(s) || s[i+2] == '/') {
			return i + 2
		}
		return -1
	})
}

// subDotDot is one pass of the substitution /[^/]+/\.\.(/|$) → \1.
func subDotDot(s string) string {
	return substitute(s, func(i int) int {
		if s[i] != '/' {
			return -1
		}
		j := strings.IndexByte(s[i+1:], '/')
		if j <= 0 {
			return -1
		}
		j += i + 1 // the slash after the segment
		if !strings.HasPrefix(s[j+1:], "..") || j+3 < len(s) && s[j+3] != '/' {
			return -1
		}
		return j + 3
	})
}

// substitute is one pass of a substitution X(/|$) → \1 over s, left to
// right without overlaps, as Python's re.sub does: match(i) returns the end
// of an X that starts at i, or -1. The "/" that follows a match is kept and
// cannot start the next one.
func substitute(s string, match func(i int) int) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		end := match(i)
		if end < 0 {
			continue
		}
		b.WriteString(s[last:i])
		last = end
		if end < len(s) {
			b.WriteByte('/')
			last = end + 1
		}
		i = last - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// keyReader reads one raw key of a node's property set.
type keyReader interface {
	Get(key string) (ast.Value, bool)
}

// propsReader reads keys from a property set.
type propsReader ast.Props

// Get returns the value of key.
func (p propsReader) Get(key string) (ast.Value, bool) {
	v, ok := p[key]
	return v, ok
}

// read returns a reader of the properties of the node at path: the node
// itself for a [Model] (no property set is built), else the set that
// l.Props returns. ok is false when the node does not exist.
func read(l Lookup, path string) (r keyReader, ok bool, err error) {
	if m, isModel := l.(*Model); isModel {
		n := m.nodes[path]
		if n == nil {
			return propsReader(nil), false, nil
		}
		return n, true, nil
	}
	p, ok, err := l.Props(path)
	return propsReader(p), ok, err
}

// Resolve returns the real path that path names, following symbolic links
// as zc.zk does: the path is normalised ([Normalize]); a real node wins; a
// real child shadows a link of the same name; links may stand anywhere in
// the path and chain; a relative target is relative to the node that holds
// the link. It fails with [*NoNodeError] (naming path, normalised),
// [*LinkLoopError] or an error of l.
func Resolve(l Lookup, path string) (string, error) {
	return resolve(l, path, nil)
}

func resolve(l Lookup, path string, seen []string) (string, error) {
	path = Normalize(path)
	if ok, err := l.Exists(path); err != nil || ok {
		return path, err
	}
	m, _ := l.(*Model)
	if r, ok := m.cached(path); ok {
		return r, nil
	}
	r, err := follow(l, path, seen)
	if err == nil {
		m.remember(path, r)
	}
	return r, err
}

// follow resolves path, which is not a real node, through links.
func follow(l Lookup, path string, seen []string) (string, error) {
	if slices.Contains(seen, path) {
		return "", &LinkLoopError{Paths: append(slices.Clip(seen), path)}
	}
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return "", &NoNodeError{Path: path}
	}
	base, err := resolve(l, path[:i], seen)
	if err != nil {
		return "", notFoundAs(err, path, false)
	}
	name := path[i+1:]
	child := ast.JoinPath(base, name)
	if ok, err := l.Exists(child); err != nil || ok {
		return child, err
	}
	props, ok, err := read(l, base)
	if err != nil {
		return "", err
	}
	v, _ := props.Get(name + " ->")
	target := v.Str()
	if !ok || target == "" {
		return "", &NoNodeError{Path: path}
	}
	if target[0] != '/' {
		target = ast.JoinPath(base, target)
	}
	r, err := resolve(l, target, append(seen, path))
	return r, notFoundAs(err, path, true)
}

// notFoundAs replaces a *NoNodeError by one naming path, so that callers see
// the path they asked for, keeping the missing target of a link on the way;
// viaLink says that err came from resolving the target of a link at path,
// which makes err's own path that target. Other errors pass unchanged.
func notFoundAs(err error, path string, viaLink bool) error {
	if nn, ok := err.(*NoNodeError); ok {
		missing := nn.Missing
		if missing == "" && viaLink {
			missing = nn.Path
		}
		return &NoNodeError{Path: path, Missing: missing}
	}
	return err
}

// ResolveProp returns property name of the node at path (resolved with
// [Resolve]), following property links as zc.zk does: a real property
// shadows a property link "name =>"; a link "p [prop]" reads prop (default:
// name) of the node at p, relative to path as given (not as resolved); chains
// are followed. name may also be a raw key such as "x ->" or "x =>". It fails
// with [*NoNodeError] when path names no node, [*NoPropertyError] when the
// node has neither name nor "name =>", and [*BadPropertyLinkError] when a
// link cannot be followed, including property-link cycles (reported, not
// recursed into). A cycle is a chain that reads the same property of the
// same node twice; zc.zk also failed on a chain that read two different
// properties of one node, which is no cycle.
func ResolveProp(l Lookup, path, name string) (ast.Value, error) {
	return resolveProp(l, path, name, nil)
}

// propRead is one step of a property-link chain: the property prop read
// from the node at the real path.
type propRead struct{ path, prop string }

// loopError returns the cycle that reading r closes after the reads seen.
func loopError(seen []propRead, r propRead) *LinkLoopError {
	e := &LinkLoopError{PropertyLinks: true}
	for _, s := range append(slices.Clip(seen), r) {
		e.Paths, e.Props = append(e.Paths, s.path), append(e.Props, s.prop)
	}
	return e
}

func resolveProp(l Lookup, path, name string, seen []propRead) (ast.Value, error) {
	real, err := Resolve(l, path)
	if err != nil {
		return ast.None, err
	}
	props, ok, err := read(l, real)
	if err != nil {
		return ast.None, err
	}
	if !ok {
		return ast.None, &NoNodeError{Path: path}
	}
	if v, ok := props.Get(name); ok {
		return v, nil
	}
	key := name + " =>"
	link, ok := props.Get(key)
	if !ok {
		return ast.None, &NoPropertyError{Path: path, Name: name}
	}
	target, prop, err := SplitPropLink(link)
	if err == nil {
		var v ast.Value
		if _, v, err = followPropLink(l, path, name, target, prop, seen); err == nil {
			return v, nil
		}
	}
	return ast.None, &BadPropertyLinkError{Key: key, Value: link.Str(), Err: err}
}

// followPropLink reads property prop (default: name) of the node at target,
// relative to path; seen holds the reads so far along a chain. It returns
// the real path of the target node too.
func followPropLink(l Lookup, path, name, target, prop string, seen []propRead) (string, ast.Value, error) {
	if prop == "" {
		prop = name
	}
	if target == "" {
		return "", ast.None, ErrInvalidPropertyLink
	}
	if target[0] != '/' {
		target = ast.JoinPath(path, target)
	}
	real, err := Resolve(l, target)
	if err != nil {
		return "", ast.None, err
	}
	r := propRead{real, prop}
	if slices.Contains(seen, r) {
		return real, ast.None, loopError(seen, r)
	}
	v, err := resolveProp(l, real, prop, append(seen, r))
	return real, v, err
}

// SplitPropLink splits the stored value of a property link ("path" or
// "path prop", words separated by white space) into its target and
// property name ("" when absent). It fails with [ErrInvalidPropertyLink]
// when the value is not a string of one or two words.
func SplitPropLink(v ast.Value) (target, prop string, err error) {
	target, rest := nextField(v.Str())
	prop, rest = nextField(rest)
	if extra, _ := nextField(rest); v.Kind() != ast.StringKind || target == "" || extra != "" {
		return "", "", ErrInvalidPropertyLink
	}
	return target, prop, nil
}

// nextField returns the first white-space separated word of s and the text
// after it.
func nextField(s string) (field, rest string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}
