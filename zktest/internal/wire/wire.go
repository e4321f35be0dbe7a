package wire

import (
	"encoding/binary"
	"errors"
	"io"
	"strconv"
)

// MaxPacket is the largest frame accepted, ZooKeeper's default
// jute.maxbuffer (0xfffff) plus room for the request header.
const MaxPacket = 0xfffff + 1024

// Operation codes.
const (
	OpNotification     = 0
	OpCreate           = 1
	OpDelete           = 2
	OpExists           = 3
	OpGetData          = 4
	OpSetData          = 5
	OpGetACL           = 6
	OpSetACL           = 7
	OpGetChildren      = 8
	OpSync             = 9
	OpPing             = 11
	OpGetChildren2     = 12
	OpCheck            = 13
	OpMulti            = 14
	OpCreate2          = 15
	OpReconfig         = 16
	OpCheckWatches     = 17
	OpRemoveWatches    = 18
	OpCreateContainer  = 19
	OpDeleteContainer  = 20
	OpCreateTTL        = 21
	OpMultiRead        = 22
	OpAuth             = 100
	OpSetWatches       = 101
	OpSASL             = 102
	OpGetEphemerals    = 103
	OpGetAllChildren   = 104
	OpSetWatches2      = 105
	OpAddWatch         = 106
	OpWhoAmI           = 107
	OpCreateSession    = -10
	OpCloseSession     = -11
	OpError            = -1
	XidWatchEvent      = -1
	XidPing            = -2
	XidAuth            = -4
	XidSetWatches      = -8
	PermRead           = 1
	PermWrite          = 2
	PermCreate         = 4
	PermDelete         = 8
	PermAdmin          = 16
	PermAll            = 31
	FlagEphemeral      = 1
	FlagSequential     = 2
	FlagContainer      = 4
	EventNodeCreated   = 1
	EventNodeDeleted   = 2
	EventDataChanged   = 3
	EventChildrenChged = 4
	StateSyncConnected = 3
)

// ContainerOwner is the ephemeralOwner of a container node.
const ContainerOwner = -1 << 63

// Err is a ZooKeeper error code.
type Err int32

// Error codes.
const (
	OK                      Err = 0
	SystemError             Err = -1
	RuntimeInconsistency    Err = -2
	DataInconsistency       Err = -3
	ConnectionLoss          Err = -4
	MarshallingError        Err = -5
	Unimplemented           Err = -6
	OperationTimeout        Err = -7
	BadArguments            Err = -8
	InvalidState            Err = -9
	APIError                Err = -100
	NoNode                  Err = -101
	NoAuth                  Err = -102
	BadVersion              Err = -103
	NoChildrenForEphemerals Err = -108
	NodeExists              Err = -110
	NotEmpty                Err = -111
	SessionExpired          Err = -112
	InvalidCallback         Err = -113
	InvalidACL              Err = -114
	AuthFailed              Err = -115
	Closing                 Err = -116
	Nothing                 Err = -117
	SessionMoved            Err = -118
	NoWatcher               Err = -121
	ReconfigDisabled        Err = -123
)

var errNames = map[Err]string{
	OK: "OK", SystemError: "SystemError", RuntimeInconsistency: "RuntimeInconsistency",
	DataInconsistency: "DataInconsistency", ConnectionLoss: "ConnectionLoss",
	MarshallingError: "MarshallingError", Unimplemented: "Unimplemented",
	OperationTimeout: "OperationTimeout", BadArguments: "BadArguments", InvalidState: "InvalidState",
	APIError: "APIError", NoNode: "NoNode", NoAuth: "NoAuth", BadVersion: "BadVersion",
	NoChildrenForEphemerals: "NoChildrenForEphemerals", NodeExists: "NodeExists", NotEmpty: "NotEmpty",
	SessionExpired: "SessionExpired", InvalidCallback: "InvalidCallback", InvalidACL: "InvalidACL",
	AuthFailed: "AuthFailed", Closing: "Closing", Nothing: "Nothing", SessionMoved: "SessionMoved",
	NoWatcher: "NoWatcher", ReconfigDisabled: "ReconfigDisabled",
}

// String returns the code's name as ZooKeeper's Java API spells it.
func (e Err) String() string {
	if s, ok := errNames[e]; ok {
		return s
	}
	return "Err(" + strconv.Itoa(int(e)) + ")"
}

// Error makes Err an error.
func (e Err) Error() string { return "zookeeper: " + e.String() }

// Stat is a node's metadata.
type Stat struct {
	Czxid, Mzxid, Ctime, Mtime  int64
	Version, Cversion, Aversion int32
	EphemeralOwner              int64
	DataLength, NumChildren     int32
	Pzxid                       int64
}

// ID is an ACL identity: a scheme and an id in it.
type ID struct{ Scheme, ID string }

// ACL grants Perms to an identity.
type ACL struct {
	Perms int32
	ID
}

// ErrShort is the error for a record that ends early or has a bad length.
var ErrShort = errors.New("zookeeper wire: short or malformed record")

// Buf builds a record.
type Buf []byte

// Int appends a 32-bit integer.
func (b Buf) Int(v int32) Buf { return binary.BigEndian.AppendUint32(b, uint32(v)) }

// Long appends a 64-bit integer.
func (b Buf) Long(v int64) Buf { return binary.BigEndian.AppendUint64(b, uint64(v)) }

// Bool appends a boolean byte.
func (b Buf) Bool(v bool) Buf {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// String appends a length-prefixed string.
func (b Buf) String(s string) Buf { return append(b.Int(int32(len(s))), s...) }

// Bytes appends a buffer; nil is written as length -1.
func (b Buf) Bytes(p []byte) Buf {
	if p == nil {
		return b.Int(-1)
	}
	return append(b.Int(int32(len(p))), p...)
}

// Strings appends a vector of strings.
func (b Buf) Strings(ss []string) Buf {
	b = b.Int(int32(len(ss)))
	for _, s := range ss {
		b = b.String(s)
	}
	return b
}

// Stat appends a stat record.
func (b Buf) Stat(s *Stat) Buf {
	b = b.Long(s.Czxid).Long(s.Mzxid).Long(s.Ctime).Long(s.Mtime)
	b = b.Int(s.Version).Int(s.Cversion).Int(s.Aversion).Long(s.EphemeralOwner)
	return b.Int(s.DataLength).Int(s.NumChildren).Long(s.Pzxid)
}

// ACLs appends a vector of ACLs.
func (b Buf) ACLs(acl []ACL) Buf {
	b = b.Int(int32(len(acl)))
	for _, a := range acl {
		b = b.Int(a.Perms).String(a.Scheme).String(a.ID.ID)
	}
	return b
}

// Reader reads a record; after the first error every read returns zero
// values and Err reports it.
type Reader struct {
	b   []byte
	err error
}

// NewReader returns a Reader over b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Err returns the first decoding error.
func (r *Reader) Err() error { return r.err }

// Len returns the number of unread bytes.
func (r *Reader) Len() int { return len(r.b) }

func (r *Reader) take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		r.err = ErrShort
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

// Int reads a 32-bit integer.
func (r *Reader) Int() int32 {
	if p := r.take(4); p != nil {
		return int32(binary.BigEndian.Uint32(p))
	}
	return 0
}

// Long reads a 64-bit integer.
func (r *Reader) Long() int64 {
	if p := r.take(8); p != nil {
		return int64(binary.BigEndian.Uint64(p))
	}
	return 0
}

// Bool reads a boolean byte.
func (r *Reader) Bool() bool {
	p := r.take(1)
	return p != nil && p[0] != 0
}

// Bytes reads a buffer (nil for length -1). It aliases the record.
func (r *Reader) Bytes() []byte {
	n := r.Int()
	if n == -1 || r.err != nil {
		return nil
	}
	return r.take(int(n))
}

// String reads a string.
func (r *Reader) String() string { return string(r.Bytes()) }

// Strings reads a vector of strings.
func (r *Reader) Strings() []string {
	n := r.Int()
	if n <= 0 || r.err != nil {
		return nil
	}
	if int(n) > len(r.b)/4 {
		r.err = ErrShort
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.String()
	}
	return ss
}

// Stat reads a stat record.
func (r *Reader) Stat() Stat {
	return Stat{Czxid: r.Long(), Mzxid: r.Long(), Ctime: r.Long(), Mtime: r.Long(),
		Version: r.Int(), Cversion: r.Int(), Aversion: r.Int(), EphemeralOwner: r.Long(),
		DataLength: r.Int(), NumChildren: r.Int(), Pzxid: r.Long()}
}

// ACLs reads a vector of ACLs.
func (r *Reader) ACLs() []ACL {
	n := r.Int()
	if n <= 0 || r.err != nil {
		return nil
	}
	if int(n) > len(r.b)/12 {
		r.err = ErrShort
		return nil
	}
	acl := make([]ACL, n)
	for i := range acl {
		acl[i] = ACL{Perms: r.Int(), ID: ID{Scheme: r.String(), ID: r.String()}}
	}
	return acl
}

// ReadFrame reads one length-prefixed frame into buf (grown as needed)
// and returns it.
func ReadFrame(rd io.Reader, buf []byte) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(rd, hdr[:]); err != nil {
		return nil, err
	}
	n := int(binary.BigEndian.Uint32(hdr[:]))
	if n < 0 || n > MaxPacket {
		return nil, ErrShort
	}
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	_, err := io.ReadFull(rd, buf)
	return buf, err
}

// Frame returns a Buf with room for a frame's length, to be filled in by
// [Buf.Finish].
func Frame(b Buf) Buf { return append(b[:0], 0, 0, 0, 0) }

// Finish stores the frame length in the first four bytes.
func (b Buf) Finish() Buf {
	binary.BigEndian.PutUint32(b, uint32(len(b)-4))
	return b
}
