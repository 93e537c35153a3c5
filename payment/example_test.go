package payment_test

import (
	"fmt"

	"github.com/embargo/embargo/payment"
)

func ExampleParse() {
	fin := "{1:F01BANKBEBBAXXX0000000000}{2:I103BKIDIRTHXXXXN}{4:\r\n" +
		":20:REF-1\r\n" +
		":32A:250101EUR1000,\r\n" +
		":50K:/BE71096123456769\r\n" +
		"JAN PEETERS\r\n" +
		"ANTWERPEN\r\n" +
		":59F:1/ALI REZAEI\r\n" +
		"3/IR/TEHRAN\r\n" +
		":70:INVOICE 17\r\n" +
		"-}"
	msg, err := payment.Parse([]byte(fin))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(msg.Type, msg.ID, msg.Sender, "->", msg.Receiver)
	for _, p := range msg.Parties {
		fmt.Printf("%-7s %-17s %-12s %v\n", p.Path, p.Role, p.Name, p.Countries)
	}
	for _, t := range msg.Texts {
		fmt.Printf("%s %s %q\n", t.Path, t.Role, t.Text)
	}
	for _, c := range msg.Countries {
		fmt.Print(c.Path, "=", c.Country, " ")
	}
	fmt.Println()
	// Output:
	// MT103 REF-1 BANKBEBBXXX -> BKIDIRTHXXX
	// 1:LT    sender                         [be]
	// 2:LT    receiver                       [ir]
	// 4:50K   ordering_customer JAN PEETERS  [be]
	// 4:59F   beneficiary       ALI REZAEI   [ir]
	// 4:70 remittance "INVOICE 17"
	// 1:LT/bic=be 2:LT/bic=ir 4:50K/account=be 4:59F/3=ir
}

func ExampleParse_error() {
	_, err := payment.Parse([]byte(`<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x "y">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"/>`))
	fmt.Println(err)
	// Output:
	// pacs.008: line 2 col 1: payment: DTD or entity declaration not allowed: "<!DOCTYPE"
}
