// Package names turns a name as written — in any script, with titles, legal
// forms, punctuation and word order as they come — into tokens that can be
// compared across scripts and spellings.
//
// The steps, in order: Unicode normalisation (NFKD, marks dropped, case
// folded, special letters expanded); script detection; transliteration to
// Latin in several romanisations at once (Cyrillic: BGN/PCGN, ICAO passport,
// ISO 9 and German/French styles; Greek; Arabic and Hebrew as consonant
// skeletons; Chinese pinyin; Korean Revised and McCune–Reischauer; Japanese
// kana Hepburn; other scripts by a generic table); "LAST, First" reordering;
// recognition of titles, honorifics, particles, numbers and organisation legal
// forms (ООО = OOO = LLC = GmbH …, compared as forms, not as name words); and
// a respelling of each word into canonical "key forms" that fold common
// romanisation differences (kh/h, w/v, ou/u, doubled letters, -iy/-ii/-y
// endings …). Given names that are the same across languages and spellings
// (Mohammed/Muhammad/Mohd, Yuri/Yury/Iurii, Aleksandr/Alexander/Oleksandr)
// share an equivalence symbol.
//
// Everything here is deterministic and list-agnostic: token rarity and
// scoring live in the index and match packages.
package names

// Version identifies the normalisation rules. Bump it whenever a change here
// alters the tokens produced for some name, with a line below; it is recorded
// with every screening so results can be reproduced.
//
//	1: first release.
const Version = 1
