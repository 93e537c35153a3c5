// Package payment reads payment messages — ISO 20022 pacs.008, pacs.009
// (including cover payments) and pain.001, SWIFT MT103, MT202 and MT202COV —
// into the parties, free texts and country codes that sanctions screening
// checks, each with the path of the element or field it came from. It only
// parses; the screen package decides.
//
//	msg, err := payment.Parse(data) // XML or FIN, told apart by the first byte
//	for _, p := range msg.Parties { … p.Path, p.Role, p.Name, p.BIC, p.Countries … }
//	for _, t := range msg.Texts { … }     // remittance, sender-to-receiver, regulatory
//	for _, c := range msg.Countries { … } // every country code, for embargo checks
//
// # Paths
//
// ISO 20022 paths are element paths from Document (or AppHdr), local names
// only, whatever envelope or namespace prefix the message uses:
//
//	Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/UltmtCdtr
//	Document/FIToFICstmrCdtTrf/CdtTrfTxInf[0]/Cdtr/PstlAdr/Ctry
//	Document/CstmrCdtTrfInitn/PmtInf[0]/CdtTrfTxInf[2]/RmtInf/Ustrd[0]
//	AppHdr/Fr/FIId/FinInstnId/BICFI
//
// Elements the schemas let repeat (CdtTrfTxInf, PmtInf, Ustrd, Strd,
// AdrLine, AddtlRmtInf, InstrForCdtrAgt, InstrForNxtAgt, RgltryRptg, Dtls,
// Inf, RfrdDocInf, RltdRmtInf, and Othr inside OrgId or PrvtId) always carry
// a zero-based index, so a path does not change when a second occurrence is
// added; any other element carries one only when it does occur more than
// once under the same parent.
//
// SWIFT MT paths are block:tag, with the sequence in front for the
// underlying customer transfer of an MT202COV, and a part after a slash:
//
//	4:59F          field 59F of block 4
//	B/4:50K        field 50K in sequence B of an MT202COV
//	4:50F/3        the 3/ (country and town) lines of 50F; /1 … /8 likewise
//	4:50F/id       the party identifier line of 50F (CODE/CC/…)
//	4:59/account   the account line of a party field
//	4:57A/bic      the BIC of an option A field
//	4:72/INS       the /INS/ segment of field 72 (each /CODE/ likewise)
//	4:77B/BENEFRES the beneficiary residence code of field 77B
//	1:LT           the logical terminal of block 1 (sender of an input
//	               message, receiver of an output message)
//	2:LT, 2:MIR    the receiver of an input message; the sender of an output
//	               message (from the message input reference)
//
// A country taken from a BIC is reported at the party's path plus /bic
// (1:LT/bic, 4:57A/bic); from an IBAN on an account line, plus /account.
//
// Sequence A of an MT202COV carries no prefix, so its paths are those of an
// MT202. Sequence B starts at the first field 50a after field 58a.
//
// # What is read
//
// ISO 20022: in a pacs.009 the Dbtr and Cdtr are banks, read as agents
// with their own roles, and a cover payment's UndrlygCstmrCdtTrf is read
// like a pacs.008 transaction (paths …/CdtTrfTxInf[0]/UndrlygCstmrCdtTrf/Cdtr).
// Every party (Dbtr, Cdtr, UltmtDbtr, UltmtCdtr, InitgPty, and
// RmtInf/Strd Invcr and Invcee) with Nm, PstlAdr, CtryOfRes, OrgId (AnyBIC,
// LEI, Othr) and PrvtId (DtAndPlcOfBirth, Othr); every agent (DbtrAgt,
// CdtrAgt, IntrmyAgt1–3, InstgAgt, InstdAgt, PrvsInstgAgt1–3, FwdgAgt,
// reimbursement agents, AppHdr Fr and To) with BICFI, LEI, Nm, PstlAdr,
// ClrSysMmbId, Othr; each …Acct attached to its owner (IBAN, Othr/Id, Nm);
// texts from RmtInf (Ustrd, Strd CdtrRefInf/Ref and AddtlRmtInf),
// InstrForCdtrAgt, InstrForNxtAgt, InstrForDbtrAgt and RgltryRptg. The
// countries come from a walk of the whole document, so a Ctry in an element
// the parser does not otherwise read (SplmtryData, Tax) is still reported.
//
// SWIFT MT: the sender and receiver from blocks 1 and 2; fields 50a (A, F,
// K), 59a (no letter, A, F), 51A, 52a–58a (A, B, C, D as each allows) as
// parties; 70 and 77T as remittance text, 72 as sender-to-receiver text (one
// Text per /CODE/ segment, /INS/ also as the instructing institution), 77B
// as regulatory text with its ORDERRES and BENEFRES countries.
//
// # Errors
//
// Every error is a *ParseError naming the format, the position (line and
// byte column, or byte offset) and the element path or block:tag, wrapping
// one of ErrUnknownType, ErrTooLarge, ErrEntity, ErrMissing or ErrSyntax.
// Nothing is skipped silently: a message that cannot be read whole is an
// error, and so is a party in which an element the schema allows once (Nm,
// Ctry, IBAN…) appears twice, since only one of them would be screened. XML holding a DTD or entity declaration is refused before decoding;
// input over MaxSize is refused before parsing.
package payment
