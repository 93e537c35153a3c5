package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadInput(t *testing.T) {
	p := filepath.Join(t.TempDir(), "in.txt")
	if err := os.WriteFile(p, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := &app{stdin: strings.NewReader("abc")}
	if b, err := a.readInput("-", 3); err != nil || string(b) != "abc" {
		t.Errorf("stdin at the limit: %q, %v", b, err)
	}
	if b, err := a.readInput(p, 5); err != nil || string(b) != "12345" {
		t.Errorf("file at the limit: %q, %v", b, err)
	}
	if _, err := a.readInput(p, 4); err == nil || err.Error() != p+" is larger than 4 bytes" {
		t.Errorf("file over the limit: %v", err)
	}
	a.stdin = strings.NewReader("abcd")
	if _, err := a.readInput("-", 3); err == nil || err.Error() != "- is larger than 3 bytes" {
		t.Errorf("stdin over the limit: %v", err)
	}
	if _, err := a.readInput(p+".missing", 5); err == nil || !strings.Contains(err.Error(), p+".missing") {
		t.Errorf("missing file: %v", err)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@db:5432/x?sslmode=disable": "postgres://u:***@db:5432/x?sslmode=disable",
		"postgres://u:p@ss@db/x":                        "postgres://u:***@db/x",
		"postgres://u@db/x":                             "postgres://u@db/x",
		"postgres://u@db/x?sslmode=disable&password=s3": "postgres://u@db/x?sslmode=disable&password=***",
		"postgres://u:a@db/x?PASSWORD=b":                "postgres://u:***@db/x?PASSWORD=***",
		"postgres://db/x":                               "postgres://db/x",
		"/var/lib/embargo/embargo.db":                   "/var/lib/embargo/embargo.db",
		"sqlite:/tmp/a@b:c.db":                          "sqlite:/tmp/a@b:c.db",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}
