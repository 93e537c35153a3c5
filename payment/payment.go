package payment

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxSize is the largest message Parse accepts, in bytes. Real pacs.008 and
// MT messages are a few kilobytes (FIN caps block 4 at 10,000 characters);
// anything larger is refused with ErrTooLarge rather than parsed partially.
const MaxSize = 1 << 20

// maxDepth bounds XML element nesting; ISO 20022 payment messages nest about
// a dozen levels deep.
const maxDepth = 64

// Sentinel errors, wrapped in a *ParseError. Test with errors.Is.
var (
	// ErrUnknownType: the input is not a supported message type (namespace,
	// MT number or format not recognised).
	ErrUnknownType = errors.New("payment: unknown message type")
	// ErrTooLarge: the input is larger than MaxSize.
	ErrTooLarge = errors.New("payment: message too large")
	// ErrEntity: the XML holds a DTD, an entity declaration or another
	// directive. These are refused outright, before decoding.
	ErrEntity = errors.New("payment: DTD or entity declaration not allowed")
	// ErrMissing: a mandatory element, block or field is absent or empty.
	ErrMissing = errors.New("payment: missing mandatory element")
	// ErrSyntax: the message is malformed (broken XML, unbalanced blocks,
	// a field that does not follow its format).
	ErrSyntax = errors.New("payment: malformed message")
)

// ParseError locates a problem in a message. Line and Column are 1-based
// (Column counts bytes) and 0 when unknown; Offset is the byte offset from
// the start of the input.
type ParseError struct {
	Format string // "pacs.008", "pain.001", "iso20022", "MT103", "MT202", "MT202COV", "mt" or "payment"
	Line   int
	Column int
	Offset int64
	Path   string // element path (Document/…/Cdtr) or block:tag (4:59, B/4:50K)
	Err    error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.Format)
	b.WriteString(":")
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, " col %d", e.Column)
		}
	} else {
		fmt.Fprintf(&b, " offset %d", e.Offset)
	}
	if e.Path != "" {
		b.WriteString(" (" + e.Path + ")")
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Role names what a party does in the payment. ISO 20022 roles follow the
// element names (Dbtr → debtor); MT roles follow the SWIFT field names
// (50a → ordering_customer).
type Role string

// Roles from ISO 20022 messages.
const (
	Debtor                        Role = "debtor"
	Creditor                      Role = "creditor"
	UltimateDebtor                Role = "ultimate_debtor"
	UltimateCreditor              Role = "ultimate_creditor"
	InitiatingParty               Role = "initiating_party"
	DebtorAgent                   Role = "debtor_agent"
	CreditorAgent                 Role = "creditor_agent"
	IntermediaryAgent             Role = "intermediary_agent"
	InstructingAgent              Role = "instructing_agent"
	InstructedAgent               Role = "instructed_agent"
	PreviousInstructingAgent      Role = "previous_instructing_agent"
	ForwardingAgent               Role = "forwarding_agent"
	ChargesAccountAgent           Role = "charges_account_agent"
	InstructingReimbursementAgent Role = "instructing_reimbursement_agent"
	InstructedReimbursementAgent  Role = "instructed_reimbursement_agent"
	ThirdReimbursementAgent       Role = "third_reimbursement_agent"
	Invoicer                      Role = "invoicer"
	Invoicee                      Role = "invoicee"
)

// Roles from SWIFT MT messages.
const (
	OrderingCustomer              Role = "ordering_customer"       // 50a
	Beneficiary                   Role = "beneficiary"             // 59a
	SendingInstitution            Role = "sending_institution"     // 51A
	OrderingInstitution           Role = "ordering_institution"    // 52a
	SendersCorrespondent          Role = "senders_correspondent"   // 53a
	ReceiversCorrespondent        Role = "receivers_correspondent" // 54a
	ThirdReimbursementInstitution Role = "third_reimbursement_institution"
	IntermediaryInstitution       Role = "intermediary_institution" // 56a
	AccountWithInstitution        Role = "account_with_institution" // 57a
	BeneficiaryInstitution        Role = "beneficiary_institution"  // 58a
	InstructingInstitution        Role = "instructing_institution"  // 72 /INS/
)

// Roles of the parties exchanging the message (MT blocks 1 and 2, the ISO
// 20022 business application header Fr and To).
const (
	Sender   Role = "sender"
	Receiver Role = "receiver"
)

// Party kinds.
const (
	KindParty = "party" // a customer: person or organisation
	KindAgent = "agent" // a financial institution
)

// Text roles.
const (
	TextRemittance       = "remittance"
	TextSenderToReceiver = "sender_to_receiver"
	TextRegulatory       = "regulatory"
)

// Party is one party or agent named in a message, with the path of the
// element or field it came from. Country codes are lower-case ISO 3166-1
// alpha-2 as the message wrote them; a value that is not two letters is kept
// lower-cased so that it is not lost (the screening layer may resolve it).
type Party struct {
	Path           string   `json:"path"`
	Role           Role     `json:"role"`
	Kind           string   `json:"kind"`
	Name           string   `json:"name,omitempty"`
	Address        []string `json:"address,omitempty"`
	Country        string   `json:"country,omitempty"` // address country, else country of residence
	TownName       string   `json:"town_name,omitempty"`
	Subdivision    string   `json:"subdivision,omitempty"` // ISO 20022 CtrySubDvsn (e.g. "Crimea", "UA-43"), for territorial programmes
	BIC            string   `json:"bic,omitempty"`
	LEI            string   `json:"lei,omitempty"`
	Account        string   `json:"account,omitempty"`
	AccountCountry string   `json:"account_country,omitempty"` // from an IBAN's first two letters
	AccountName    string   `json:"account_name,omitempty"`    // ISO 20022 …Acct/Nm
	BirthDate      string   `json:"birth_date,omitempty"`      // YYYY-MM-DD when the message gives a full date
	BirthPlace     string   `json:"birth_place,omitempty"`
	BirthCountry   string   `json:"birth_country,omitempty"`
	IDs            []ID     `json:"ids,omitempty"`
	// Countries is every country that appears for this party: address,
	// residence, birth, identifier issuer, IBAN and BIC.
	Countries []string `json:"countries,omitempty"`
}

// ID is an identifier of a party: an ISO 20022 Othr (Type is the scheme
// code or proprietary name), a clearing system member id, or an MT 50F
// identifier (Type is the SWIFT code: CUST, NIDN, CCPT, ARNU, DRLC, EMPL,
// SOSE, TXID).
type ID struct {
	Type    string `json:"type,omitempty"`
	Value   string `json:"value"`
	Issuer  string `json:"issuer,omitempty"`
	Country string `json:"country,omitempty"`
}

// Text is free text to screen: remittance information, sender-to-receiver
// instructions, regulatory reporting.
type Text struct {
	Path string `json:"path"`
	Role string `json:"role"`
	Text string `json:"text"`
}

// CountryRef is a country code found in the message and where.
type CountryRef struct {
	Path    string `json:"path"`
	Country string `json:"country"`
}

// Message is what screening needs from one payment message.
type Message struct {
	Type     string  `json:"type"` // "pacs.008.001.08", "pain.001.001.09", "MT103", "MT202", "MT202COV"
	ID       string  `json:"id,omitempty"`
	Sender   string  `json:"sender,omitempty"`   // BIC, when known
	Receiver string  `json:"receiver,omitempty"` // BIC, when known
	Parties  []Party `json:"parties"`
	Texts    []Text  `json:"texts,omitempty"`
	// Countries is every country code anywhere in the message, in message
	// order, with its path: addresses, residence, birth, IBANs, BICs,
	// identifier issuers, regulatory reporting.
	Countries []CountryRef `json:"countries,omitempty"`
}

// Parse parses an ISO 20022 XML message or a SWIFT FIN message, telling them
// apart by the first significant byte ('<' or '{').
func Parse(data []byte) (*Message, error) {
	if len(data) > MaxSize {
		return nil, tooLarge("payment")
	}
	i := skipSpace(data)
	if i < len(data) {
		switch data[i] {
		case '<':
			return ParseISO20022(data)
		case '{':
			return ParseMT(data)
		}
	}
	pe := &ParseError{Format: "payment", Offset: int64(i),
		Err: fmt.Errorf("%w: neither ISO 20022 XML nor SWIFT FIN", ErrUnknownType)}
	if i < len(data) {
		pe.Line, pe.Column = lineCol(data, i)
	}
	return nil, pe
}

// ParseReader reads at most MaxSize bytes from r and parses them with Parse.
func ParseReader(r io.Reader) (*Message, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("payment: read: %w", err)
	}
	return Parse(data)
}

func tooLarge(format string) error {
	return &ParseError{Format: format, Offset: MaxSize,
		Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxSize)}
}

// skipSpace returns the index of the first byte after a UTF-8 BOM and
// white space.
func skipSpace(data []byte) int {
	i := 0
	if bytes.HasPrefix(data, bom) {
		i = len(bom)
	}
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}

// lineCol returns the 1-based line and byte column of offset off.
func lineCol(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	col = off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// Country helpers.

// normCountry lower-cases a country code. Values that are not two letters
// are kept (lower-cased, spaces collapsed) so that nothing is dropped.
func normCountry(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ToLower(s)
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') {
			return false
		}
	}
	return s != ""
}

func isUpperAlnum(c byte) bool { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') }

// IsBIC reports whether s has the shape of a BIC (ISO 9362): four letters
// (institution), two letters (country), two letters or digits (location),
// optionally three letters or digits (branch).
func IsBIC(s string) bool {
	if len(s) != 8 && len(s) != 11 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i < 6:
			if c < 'A' || c > 'Z' {
				return false
			}
		default:
			if !isUpperAlnum(c) {
				return false
			}
		}
	}
	return true
}

// BICCountry returns the lower-case country of a BIC (its letters 5–6), or
// "" when s is not a BIC.
func BICCountry(s string) string {
	if !IsBIC(s) {
		return ""
	}
	return strings.ToLower(s[4:6])
}

// BICFromLT returns the BIC of a 12-character SWIFT logical terminal address
// as FIN headers carry it (BANKBEBBAXXX): the first eight characters and the
// three-character branch, without the terminal code in position 9
// (BANKBEBBXXX).
func BICFromLT(lt string) (string, bool) {
	if len(lt) != 12 {
		return "", false
	}
	bic := lt[:8] + lt[9:]
	if !IsBIC(bic) || !isUpperAlnum(lt[8]) {
		return "", false
	}
	return bic, true
}

// IBANCountry returns the lower-case country of s when s (spaces removed,
// upper-cased) is a well-formed IBAN with a valid ISO 7064 mod 97-10 check
// digit pair, and "" otherwise. It is used on MT account lines, where an
// account may or may not be an IBAN.
func IBANCountry(s string) string {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(s) < 15 || len(s) > 34 || !isLetters(s[:2]) || s[2] < '0' || s[2] > '9' || s[3] < '0' || s[3] > '9' {
		return ""
	}
	rem := 0
	for k := 0; k < len(s); k++ {
		c := s[(k+4)%len(s)]
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return ""
		}
	}
	if rem != 1 {
		return ""
	}
	return strings.ToLower(s[:2])
}

// addCountry appends c to list unless empty or present.
func addCountry(list []string, c string) []string {
	if c == "" {
		return list
	}
	for _, x := range list {
		if x == c {
			return list
		}
	}
	return append(list, c)
}
