package payment

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/iotest"
)

// seed adds every fixture, good and bad, of both formats.
func seed(f *testing.F) {
	for _, pattern := range []string{"testdata/*.xml", "testdata/*.fin", "testdata/bad/*"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

// checkResult holds for every input: an error is a *ParseError and comes
// without a message; a message has a type and no empty paths, roles or
// codes. The input read in one-byte chunks through ParseReader gives the same
// result as Parse.
func checkResult(t *testing.T, data []byte, msg *Message, err error) {
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %v is %T, not *ParseError", err, err)
		}
		if msg != nil {
			t.Fatal("message returned with an error")
		}
		if err.Error() == "" {
			t.Fatal("empty error text")
		}
		return
	}
	if msg == nil || msg.Type == "" {
		t.Fatalf("no error and no message type: %+v", msg)
	}
	for _, p := range msg.Parties {
		if p.Path == "" || p.Role == "" || (p.Kind != KindParty && p.Kind != KindAgent) {
			t.Fatalf("bad party %+v", p)
		}
	}
	for _, c := range msg.Countries {
		if c.Path == "" || c.Country == "" {
			t.Fatalf("bad country %+v", c)
		}
	}
	for _, x := range msg.Texts {
		if x.Path == "" || x.Text == "" {
			t.Fatalf("bad text %+v", x)
		}
	}
}

func sameAsChunked(t *testing.T, data []byte) {
	want, werr := Parse(data)
	got, gerr := ParseReader(iotest.OneByteReader(bytes.NewReader(data)))
	if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) || !reflect.DeepEqual(got, want) {
		t.Fatalf("chunked read differs: %v / %v", gerr, werr)
	}
}

func FuzzParseISO20022(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		msg, err := ParseISO20022(data)
		checkResult(t, data, msg, err)
		sameAsChunked(t, data)
	})
}

func FuzzParseMT(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		msg, err := ParseMT(data)
		checkResult(t, data, msg, err)
		sameAsChunked(t, data)
	})
}
