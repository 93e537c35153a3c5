package web

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/embargo/embargo/payment"
	"github.com/embargo/embargo/screen"
)

// PaymentRequest is the JSON body of POST /v1/payments. The message may
// instead be sent as the body itself (Content-Type application/xml,
// text/xml for ISO 20022; text/plain or application/octet-stream for
// SWIFT FIN), with the options as query parameters (?threshold=…&ref=…).
type PaymentRequest struct {
	Message   string  `json:"message"`
	Threshold float64 `json:"threshold,omitempty"`
	Ref       string  `json:"ref,omitempty"`
}

// PaymentResponse answers POST /v1/payments: the decision (pass or hold)
// with its reasons, every party and agent with its hits and field path,
// the countries and the free-text mentions.
type PaymentResponse struct {
	ScreeningID string `json:"screening_id"`
	Ref         string `json:"ref,omitempty"`
	*screen.PaymentResult
}

// screenPayment answers POST /v1/payments.
func (s *Server) screenPayment(w http.ResponseWriter, r *http.Request) error {
	mt, err := mediaType(r)
	if err != nil {
		return err
	}
	var q PaymentRequest
	var msg []byte
	switch mt {
	case "", "application/json", "application/xml", "text/xml", "text/plain", "application/octet-stream", "application/x-www-form-urlencoded":
	default:
		return errf(http.StatusUnsupportedMediaType, CodeUnsupportedType,
			"Content-Type %q is not accepted; send application/xml (ISO 20022), text/plain (SWIFT FIN) or application/json", mt)
	}
	// a JSON string escapes quotes and line breaks: allow for that
	code := CodeBadRequest // ISO 20022 and FIN are UTF-8 (or its ASCII subset)
	if mt == "application/json" {
		code = CodeInvalidJSON
	}
	body, err := readBody(w, r, 2*payment.MaxSize+4096, code)
	if err != nil {
		return err
	}
	if mt == "application/json" || (mt != "application/xml" && mt != "text/xml" && looksJSON(body)) {
		if err := unmarshal(body, &q, true); err != nil {
			return err
		}
		if strings.TrimSpace(q.Message) == "" {
			return errf(http.StatusBadRequest, CodeBadRequest, "message: the payment message is required")
		}
		msg = []byte(q.Message)
	} else {
		msg = body
		q.Ref = r.URL.Query().Get("ref")
		if q.Threshold, err = queryFloat(r, "threshold"); err != nil {
			return err
		}
	}
	m, err := payment.Parse(msg)
	if err != nil {
		var pe *payment.ParseError
		if errors.As(err, &pe) || errors.Is(err, payment.ErrTooLarge) || errors.Is(err, payment.ErrUnknownType) {
			status := http.StatusBadRequest
			if errors.Is(err, payment.ErrTooLarge) {
				status = http.StatusRequestEntityTooLarge
			}
			return errf(status, CodeBadRequest, "%v", err)
		}
		return err
	}
	st := s.current.Load()
	res, err := st.svc.ScreenPayment(m, screen.PaymentOptions{Threshold: q.Threshold, Embargoes: s.cfg.Embargoes})
	if err != nil {
		return err
	}
	hits, matches := 0, 0
	for _, p := range res.Parties {
		hits += len(p.Hits)
		for _, h := range p.Hits {
			if h.Match {
				matches++
			}
		}
	}
	for _, t := range res.Texts {
		hits += len(t.Mentions)
		for _, m := range t.Mentions {
			if m.Match {
				matches++
			}
		}
	}
	rec := s.documentRecord(r, "/v1/payments", st,
		auditDocument{SHA256: digest(msg), Bytes: len(msg), MessageType: res.MessageType, MessageID: res.MessageID, Ref: q.Ref,
			Threshold: q.Threshold, Embargoes: res.EmbargoesAsOf},
		res, res.Threshold, res.Versions, hits, matches)
	if err := s.audit(r.Context(), rec); err != nil {
		return err
	}
	s.count("/v1/payments", res.Decision == screen.Hold)
	writeJSON(w, http.StatusOK, PaymentResponse{ScreeningID: rec.ID, Ref: q.Ref, PaymentResult: res})
	return nil
}

// looksJSON tells a JSON object ({"message": …}) from a SWIFT FIN message,
// which also starts with a brace ({1:F01…).
func looksJSON(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 || b[0] != '{' {
		return false
	}
	b = bytes.TrimLeft(b[1:], " \t\r\n")
	return len(b) > 0 && (b[0] == '"' || b[0] == '}')
}
