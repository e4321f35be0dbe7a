package wire

import (
	"bytes"
	"errors"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	st := Stat{Czxid: 1, Mzxid: 2, Ctime: 3, Mtime: 4, Version: 5, Cversion: -2, Aversion: 7,
		EphemeralOwner: -1 << 63, DataLength: 9, NumChildren: 10, Pzxid: 11}
	acl := []ACL{{Perms: PermAll, ID: ID{Scheme: "world", ID: "anyone"}}, {Perms: PermRead, ID: ID{Scheme: "digest", ID: "u:h"}}}
	b := Buf(nil).Int(-7).Long(1 << 40).Bool(true).String("päth").Bytes(nil).Bytes([]byte{}).
		Strings([]string{"a", "b"}).Stat(&st).ACLs(acl)
	r := NewReader(b)
	if r.Int() != -7 || r.Long() != 1<<40 || !r.Bool() || r.String() != "päth" {
		t.Fatal("scalars")
	}
	if p := r.Bytes(); p != nil {
		t.Fatalf("null buffer read as %v", p)
	}
	if p := r.Bytes(); p == nil || len(p) != 0 {
		t.Fatalf("empty buffer read as %v", p)
	}
	if ss := r.Strings(); len(ss) != 2 || ss[1] != "b" {
		t.Fatalf("strings %v", ss)
	}
	if got := r.Stat(); got != st {
		t.Fatalf("stat %+v", got)
	}
	if got := r.ACLs(); len(got) != 2 || got[1] != acl[1] {
		t.Fatalf("acl %+v", got)
	}
	if r.Err() != nil || r.Len() != 0 {
		t.Fatalf("err %v, %d bytes left", r.Err(), r.Len())
	}
}

func TestShortRecords(t *testing.T) {
	for _, b := range []Buf{
		Buf(nil).Int(10).String("x"), // string longer than the record
		Buf(nil).Int(1 << 30),        // vector count far beyond the record
		Buf(nil).Int(-5),             // negative length
		{0, 0},                       // half an int
	} {
		r := NewReader(b)
		r.Bytes()
		r.Strings()
		if r.Err() == nil {
			t.Errorf("%x: no error", b)
		}
		if r.Long() != 0 || r.Bool() {
			t.Errorf("%x: reads after an error return values", b)
		}
	}
}

func TestFrames(t *testing.T) {
	f := Frame(nil).Int(42).String("x").Finish()
	got, err := ReadFrame(bytes.NewReader(f), nil)
	if err != nil || !bytes.Equal(got, f[4:]) {
		t.Fatalf("%x, %v", got, err)
	}
	big := Buf(nil).Int(MaxPacket + 1)
	if _, err := ReadFrame(bytes.NewReader(big), nil); !errors.Is(err, ErrShort) {
		t.Fatalf("oversized frame: %v", err)
	}
}

func TestErrString(t *testing.T) {
	if NoNode.String() != "NoNode" || Err(-999).String() != "Err(-999)" {
		t.Fatal(NoNode.String(), Err(-999).String())
	}
}
