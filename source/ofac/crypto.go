package ofac

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/source"
)

// CryptoAddresses reads the per-currency lists of sanctioned digital
// currency addresses, "sanctioned_addresses_<CUR>.txt" with one address per
// line (as derived from OFAC's SDN data, e.g. XBT, ETH, USDT, XMR). Every
// such file in one directory is a Member of one list, "ofac-crypto".
//
// Detect needs both the file name pattern and a first line that is a
// plausible address (25–110 ASCII letters and digits, no spaces; "0x"
// addresses hex). Parse checks every line the same way and makes one CryptoWallet per (currency,
// address): no names (the caption falls back to the address), one
// crypto_address identifier with its currency, RecordID "<CUR>:<address>".
// A line that is not an address is an error naming the file and line. The
// files state no date, so Published is empty.
var CryptoAddresses source.Format = cryptoTxt{}

type cryptoTxt struct{}

func (cryptoTxt) Name() string { return "ofac-crypto-txt" }

const (
	cryptoPrefix = "sanctioned_addresses_"
	cryptoSuffix = ".txt"
	cryptoMinLen = 25
	cryptoMaxLen = 110
)

// cryptoCurrency returns the currency code of a file name
// "sanctioned_addresses_<CUR>.txt", or "".
func cryptoCurrency(name string) string {
	if !strings.HasPrefix(name, cryptoPrefix) || !strings.HasSuffix(strings.ToLower(name), cryptoSuffix) {
		return ""
	}
	cur := name[len(cryptoPrefix) : len(name)-len(cryptoSuffix)]
	if len(cur) < 2 || len(cur) > 10 {
		return ""
	}
	for i := 0; i < len(cur); i++ {
		c := cur[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return ""
		}
	}
	return strings.ToUpper(cur)
}

// Detect needs the file name and a first non-empty line that is a
// plausible address; a bad line further down is left to Parse, which names
// it, rather than leaving the whole file unrecognised.
func (cryptoTxt) Detect(name string, head []byte) source.Role {
	if cryptoCurrency(name) == "" {
		return source.None
	}
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 {
		return source.Member // an empty currency file: nothing listed
	}
	first, _, _ := bytes.Cut(head, []byte("\n"))
	if cryptoCheck(string(bytes.TrimSpace(first))) != "" {
		return source.None
	}
	return source.Member
}

// cryptoCheck returns why s is not a plausible address, or "".
func cryptoCheck(s string) string {
	if len(s) < cryptoMinLen || len(s) > cryptoMaxLen {
		return "length " + strconv.Itoa(len(s)) + " is not that of an address (25–110)"
	}
	hex := strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X")
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		case hex && i == 1:
		case hex:
			return "invalid character " + strconv.QuoteRune(rune(c)) + " in a hex address"
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c == ' ' || c == '\t':
			return "spaces inside an address"
		default:
			return "invalid character " + strconv.Quote(string(rune(c))) + " in an address"
		}
	}
	return ""
}

func (f cryptoTxt) Parse(files []*source.File) (*source.List, error) {
	list := &source.List{
		ID:     "ofac-crypto",
		Title:  "OFAC sanctioned digital currency addresses",
		Format: f.Name(),
	}
	seen := map[string]bool{}
	for _, file := range files {
		cur := cryptoCurrency(file.Name)
		if cur == "" {
			return nil, source.Errorf(file, 0, "", "file name is not sanctioned_addresses_<CURRENCY>.txt")
		}
		data := bytes.TrimPrefix(file.Data, []byte("\xEF\xBB\xBF"))
		line := 0
		for len(data) > 0 {
			line++
			var l []byte
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				l, data = data[:i], data[i+1:]
			} else {
				l, data = data, nil
			}
			addr := string(bytes.TrimSpace(l))
			if addr == "" {
				continue
			}
			rec := cur + ":" + addr
			if len(addr) > 120 {
				rec = "line " + strconv.Itoa(line)
			}
			if why := cryptoCheck(addr); why != "" {
				return nil, source.Errorf(file, line, rec, "not a digital currency address: %s", why)
			}
			if seen[rec] {
				list.Notes = append(list.Notes, file.Name+": address "+addr+" listed twice (line "+strconv.Itoa(line)+")")
				continue
			}
			seen[rec] = true
			list.Entities = append(list.Entities, &entity.Entity{
				Schema:      entity.CryptoWallet,
				Names:       []entity.Name{},
				Identifiers: []entity.Identifier{{Type: entity.CryptoAddress, Value: addr, Currency: cur}},
				Properties:  map[string][]string{"currency": {cur}},
				Sources:     []entity.Source{{List: list.ID, RecordID: rec}},
			})
		}
	}
	return list, nil
}
