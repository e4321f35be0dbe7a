package ast

import (
	"fmt"
	"unicode/utf8"
)

// NodeNameProblem says why ZooKeeper refuses or reserves name as the name
// of a node, or returns "". topLevel says whether the node sits directly
// under the root, where "zookeeper" is reserved. The message completes a
// sentence that starts with the name: "is not allowed by ZooKeeper".
//
// ZooKeeper refuses ".", "..", the empty name, control characters
// (U+0000–U+001F, U+007F–U+009F), the private-use area U+E000–U+F8FF and
// everything from U+FFF0 on, which includes every character above U+FFFF.
func NodeNameProblem(name string, topLevel bool) string {
	switch {
	case topLevel && name == "zookeeper":
		return "is reserved by ZooKeeper at the top level"
	case name == "." || name == "..":
		return "is not allowed by ZooKeeper"
	case name == "":
		return "is empty"
	case !utf8.ValidString(name):
		return "is not valid UTF-8"
	}
	for _, r := range name {
		if r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0xe000 && r <= 0xf8ff || r >= 0xfff0 {
			return fmt.Sprintf("contains the character %U, which ZooKeeper rejects", r)
		}
	}
	return ""
}
