package zktest

import (
	"crypto/sha1"
	"encoding/base64"
	"net/netip"
	"slices"
	"strings"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// DigestID returns the digest-scheme id for user:password, as ZooKeeper's
// DigestAuthenticationProvider computes it: user:base64(sha1(user:password)).
func DigestID(userPassword string) string {
	user, _, _ := strings.Cut(userPassword, ":")
	sum := sha1.Sum([]byte(userPassword))
	return user + ":" + base64.StdEncoding.EncodeToString(sum[:])
}

// allowed reports whether a session with the given identities has perm on
// a node with acl.
func allowed(acl []wire.ACL, perm int32, ids []wire.ID) bool {
	if len(acl) == 0 {
		return true
	}
	for _, a := range acl {
		if a.Perms&perm == 0 {
			continue
		}
		if a.Scheme == "world" && a.ID.ID == "anyone" {
			return true
		}
		for _, id := range ids {
			if id.Scheme == a.Scheme && idMatches(a.Scheme, id.ID, a.ID.ID) {
				return true
			}
		}
	}
	return false
}

// idMatches reports whether an authenticated id matches an ACL id.
func idMatches(scheme, have, acl string) bool {
	if scheme != "ip" {
		return have == acl
	}
	addr, err := netip.ParseAddr(have)
	if err != nil {
		return false
	}
	if p, err := netip.ParsePrefix(acl); err == nil {
		return p.Contains(addr)
	}
	a, err := netip.ParseAddr(acl)
	return err == nil && a == addr
}

// fixACL checks an ACL for create or setACL as ZooKeeper's fixupACL does:
// it must not be empty; "world" only with "anyone"; "auth" stands for
// every authenticated (digest) identity of the session and needs one;
// "digest" ids are user:hash; "ip" ids are addresses or prefixes. Duplicates
// are removed.
func fixACL(acl []wire.ACL, ids []wire.ID) ([]wire.ACL, bool) {
	if len(acl) == 0 {
		return nil, false
	}
	var out []wire.ACL
	add := func(a wire.ACL) {
		for _, b := range out {
			if a == b {
				return
			}
		}
		out = append(out, a)
	}
	for _, a := range acl {
		switch a.Scheme {
		case "world":
			if a.ID.ID != "anyone" {
				return nil, false
			}
			add(a)
		case "auth":
			found := false
			for _, id := range ids {
				if id.Scheme == "digest" {
					add(wire.ACL{Perms: a.Perms, ID: id})
					found = true
				}
			}
			if !found {
				return nil, false
			}
		case "digest":
			if !strings.Contains(a.ID.ID, ":") {
				return nil, false
			}
			add(a)
		case "ip":
			if _, err := netip.ParsePrefix(a.ID.ID); err != nil {
				if _, err := netip.ParseAddr(a.ID.ID); err != nil {
					return nil, false
				}
			}
			add(a)
		default:
			return nil, false
		}
	}
	if slices.Equal(out, openACL) {
		return openACL, true // shared: ACLs are replaced, never changed in place
	}
	return out, true
}

// visibleACL returns the ACL as getACL shows it: without ADMIN permission,
// digest ids hide their hash ("user:x"), as in ZooKeeper.
func visibleACL(acl []wire.ACL, ids []wire.ID) []wire.ACL {
	if allowed(acl, wire.PermAdmin, ids) {
		return acl
	}
	out := make([]wire.ACL, len(acl))
	for i, a := range acl {
		if a.Scheme == "digest" {
			user, _, _ := strings.Cut(a.ID.ID, ":")
			a.ID.ID = user + ":x"
		}
		out[i] = a
	}
	return out
}
