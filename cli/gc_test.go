package cli

import (
	"errors"
	"io/fs"
	"math"
	"runtime/debug"
	"testing"
)

func TestAvailableMemory(t *testing.T) {
	files := func(m map[string]string) func(string) ([]byte, error) {
		return func(name string) ([]byte, error) {
			if s, ok := m[name]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		}
	}
	meminfo := "MemTotal:       24684132 kB\nMemFree:        21302200 kB\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  int64
	}{
		{"machine", map[string]string{"/proc/meminfo": meminfo}, 24684132 << 10},
		{"container below the machine", map[string]string{"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory.max": "1073741824\n"}, 1 << 30},
		{"cgroup without a limit", map[string]string{"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory.max": "max\n"}, 24684132 << 10},
		{"cgroup only", map[string]string{"/sys/fs/cgroup/memory.max": "536870912"}, 512 << 20},
		{"neither (not Linux)", nil, 0},
		{"garbage", map[string]string{"/proc/meminfo": "MemTotal: lots\n", "/sys/fs/cgroup/memory.max": "-1"}, 0},
	} {
		if got := availableMemory(files(tc.files)); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	oneGiB := func(string) ([]byte, error) { return []byte("MemTotal: 1048576 kB\n"), nil }
	none := func(string) ([]byte, error) { return nil, errors.New("no") }

	gogc, limit := tuneGC(env(nil), oneGiB)
	if gogc != "400" || debug.SetGCPercent(-1) != 400 || limit != 3<<28 {
		t.Errorf("defaults: GOGC %s (in force %d), limit %d; want 400 and 768 MiB", gogc, debug.SetGCPercent(-1), limit)
	}
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
	// the environment wins: the runtime has applied it already
	gogc, limit = tuneGC(env(map[string]string{"GOGC": "150", "GOMEMLIMIT": "2GiB"}), oneGiB)
	if gogc != "150" || debug.SetGCPercent(-1) != 100 || limit != 0 {
		t.Errorf("with GOGC and GOMEMLIMIT set: %s, %d, limit %d; want them left alone", gogc, debug.SetGCPercent(-1), limit)
	}
	if _, limit = tuneGC(env(nil), none); limit != 0 {
		t.Errorf("unknown memory: limit %d, want none", limit)
	}
}
