package screen

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"sync"
)

// english.txt.gz: the lower-case words of SCOWL's american-english list
// (see english.txt.LICENSE).
//
//go:embed english.txt.gz
var englishGz []byte

var (
	englishOnce sync.Once
	englishSet  map[string]struct{}
)

// englishWord reports whether a lower-case word is an ordinary English
// word ("focus", "glass", "square"): written alone with a capital it is
// more likely a sentence start or a heading than a listed name.
func englishWord(w string) bool {
	englishOnce.Do(func() {
		englishSet = map[string]struct{}{}
		zr, err := gzip.NewReader(bytes.NewReader(englishGz))
		if err != nil {
			panic("screen: embedded English word list: " + err.Error())
		}
		sc := bufio.NewScanner(zr)
		for sc.Scan() {
			englishSet[sc.Text()] = struct{}{}
		}
		if err := sc.Err(); err != nil || len(englishSet) < 50000 {
			panic("screen: embedded English word list is damaged")
		}
	})
	_, ok := englishSet[w]
	return ok
}
