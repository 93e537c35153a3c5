package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// readBody reads the whole body up to limit bytes, refusing bodies that
// are not valid UTF-8 (encoding/json would replace such bytes silently).
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errf(http.StatusRequestEntityTooLarge, CodeTooLarge, "the request body is larger than %d bytes", limit)
		}
		return nil, errf(http.StatusBadRequest, CodeBadRequest, "reading the request body: %v", err)
	}
	if !utf8.Valid(body) {
		off := 0
		for off < len(body) {
			r, n := utf8.DecodeRune(body[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		return nil, errf(http.StatusBadRequest, CodeInvalidJSON, "the request body is not valid UTF-8 (byte %d)", off)
	}
	return body, nil
}

// checkJSONType refuses bodies declared as something other than JSON.
func checkJSONType(r *http.Request, also ...string) *apiError {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return errf(http.StatusUnsupportedMediaType, CodeUnsupportedType, "unreadable Content-Type %q", ct)
	}
	// curl -d sends application/x-www-form-urlencoded; the body is still
	// read as JSON (a form body is not valid JSON and fails there).
	if mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "application/x-www-form-urlencoded" || mt == "text/plain" {
		return nil
	}
	for _, a := range also {
		if mt == a {
			return nil
		}
	}
	return errf(http.StatusUnsupportedMediaType, CodeUnsupportedType, "Content-Type %q is not accepted; send application/json", mt)
}

// decodeJSON reads the body into v. strict refuses unknown fields (the
// native API); the yente-compatible API is lenient like yente.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any, strict bool) error {
	if err := checkJSONType(r); err != nil {
		return err
	}
	body, err := readBody(w, r, limit)
	if err != nil {
		return err
	}
	return unmarshal(body, v, strict)
}

func unmarshal(body []byte, v any, strict bool) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errf(http.StatusBadRequest, CodeInvalidJSON, "the request body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return errf(http.StatusBadRequest, CodeInvalidJSON, "unexpected data after the JSON object (byte %d)", dec.InputOffset())
	}
	return nil
}

func jsonError(err error) *apiError {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return errf(http.StatusBadRequest, CodeInvalidJSON, "invalid JSON at byte %d: %s", se.Offset, se.Error())
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the body"
		}
		return errf(http.StatusBadRequest, CodeInvalidJSON, "%s: want %s, got a JSON %s", field, jsonType(te.Type.String()), te.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errf(http.StatusBadRequest, CodeInvalidJSON, "the JSON ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errf(http.StatusBadRequest, CodeInvalidJSON, "unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return errf(http.StatusBadRequest, CodeInvalidJSON, "%s", strings.TrimPrefix(err.Error(), "json: "))
}

func jsonType(goType string) string {
	switch {
	case strings.Contains(goType, "Strings"), strings.HasPrefix(goType, "[]string"):
		return "a string or a list of strings"
	case strings.HasPrefix(goType, "[]"), strings.HasPrefix(goType, "map"):
		return "a list"
	case goType == "string":
		return "a string"
	case strings.HasPrefix(goType, "float"), strings.HasPrefix(goType, "int"):
		return "a number"
	case goType == "bool":
		return "true or false"
	}
	return "an object"
}
