package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// readBody reads the whole body up to limit bytes, refusing bodies that
// are not valid UTF-8 (encoding/json would replace such bytes silently).
// code is the error code for that: invalid_json for a JSON body,
// bad_request for a document.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, code string) ([]byte, error) {
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
		return nil, errf(http.StatusBadRequest, code, "the request body is not valid UTF-8 (byte %d)", off)
	}
	return body, nil
}

// mediaType returns the request's media type, "" when none is given.
func mediaType(r *http.Request) (string, error) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return "", nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", errf(http.StatusUnsupportedMediaType, CodeUnsupportedType, "unreadable Content-Type %q", ct)
	}
	return mt, nil
}

// readsJSON reports whether a body of media type mt is read as JSON: none
// stated, JSON, or the form type curl -d sends (a form body is not valid
// JSON and fails when decoded).
func readsJSON(mt string) bool {
	return mt == "" || mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "application/x-www-form-urlencoded"
}

// checkJSONType refuses bodies declared as something other than JSON
// (text/plain is taken as JSON too).
func checkJSONType(r *http.Request) error {
	mt, err := mediaType(r)
	if err != nil {
		return err
	}
	if readsJSON(mt) || mt == "text/plain" {
		return nil
	}
	return errf(http.StatusUnsupportedMediaType, CodeUnsupportedType, "Content-Type %q is not accepted; send application/json", mt)
}

// decodeJSON reads the body into v. strict refuses unknown fields (the
// native API); the yente-compatible API is lenient like yente.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any, strict bool) error {
	if err := checkJSONType(r); err != nil {
		return err
	}
	body, err := readBody(w, r, limit, CodeInvalidJSON)
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
		ae := jsonError(err, reflect.TypeOf(v))
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			// the path with indexes (parties[1].name), as for own errors
			if f := fieldOf(body, reflect.TypeOf(v), ""); f != "" {
				ae.Message = f + ": " + typeMessage(te)
			}
		} else if ae.Code == CodeInvalidJSON && ownError(err) {
			// a type's own UnmarshalJSON (screen.Strings) does not say
			// which field it was decoding
			if f := fieldOf(body, reflect.TypeOf(v), ""); f != "" {
				ae.Message = f + ": " + ae.Message
			}
		}
		return ae
	}
	if dec.More() {
		return errf(http.StatusBadRequest, CodeInvalidJSON, "unexpected data after the JSON object (byte %d)", dec.InputOffset())
	}
	return nil
}

func jsonError(err error, root reflect.Type) *apiError {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return errf(http.StatusBadRequest, CodeInvalidJSON, "invalid JSON at byte %d: %s", se.Offset, se.Error())
	case errors.As(err, &te):
		field := jsonPath(root, te.Field)
		if field == "" {
			field = "the body"
		}
		return errf(http.StatusBadRequest, CodeInvalidJSON, "%s: %s", field, typeMessage(te))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errf(http.StatusBadRequest, CodeInvalidJSON, "the JSON ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errf(http.StatusBadRequest, CodeInvalidJSON, "unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return errf(http.StatusBadRequest, CodeInvalidJSON, "%s", strings.TrimPrefix(err.Error(), "json: "))
}

func typeMessage(te *json.UnmarshalTypeError) string {
	return fmt.Sprintf("want %s, got a JSON %s", jsonType(te.Type.String()), te.Value)
}

// jsonPath turns the field path encoding/json reports ("Party.name",
// "parties.Party.dob") into the path a client wrote ("name",
// "parties.dob"): the Go names of embedded structs are dropped.
func jsonPath(root reflect.Type, field string) string {
	if field == "" || root == nil {
		return field
	}
	t := root
	var out []string
	for part := range strings.SplitSeq(field, ".") {
		for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) {
			t = t.Elem()
		}
		if t == nil || t.Kind() != reflect.Struct {
			out = append(out, part)
			t = nil
			continue
		}
		if sf, ok := t.FieldByName(part); ok && sf.Anonymous && sf.Tag.Get("json") == "" {
			t = sf.Type // embedded: its fields are promoted, its name is not in the JSON
			continue
		}
		out = append(out, part)
		if ft, ok := jsonField(t, part); ok {
			t = ft
		} else {
			t = nil
		}
	}
	return strings.Join(out, ".")
}

// ownError reports whether a decoding error came from a type's own
// UnmarshalJSON rather than from encoding/json.
func ownError(err error) bool {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	return !errors.As(err, &se) && !errors.As(err, &te) && !errors.Is(err, io.ErrUnexpectedEOF) &&
		!strings.HasPrefix(err.Error(), "json: ")
}

var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

// fieldOf returns the path (names.0, parties[2].dob) of the first value in
// body that does not decode into t, or path itself when none is found.
func fieldOf(body []byte, t reflect.Type, path string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return path
	}
	fails := func(raw json.RawMessage, t reflect.Type) bool {
		return json.Unmarshal(raw, reflect.New(t).Interface()) != nil
	}
	switch t.Kind() {
	case reflect.Struct:
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) != nil {
			return path
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ft, ok := jsonField(t, k); ok && fails(m[k], ft) {
				return fieldOf(m[k], ft, joinPath(path, k))
			}
		}
	case reflect.Slice, reflect.Array:
		var xs []json.RawMessage
		if json.Unmarshal(body, &xs) != nil {
			return path
		}
		for i, x := range xs {
			if fails(x, t.Elem()) {
				return fieldOf(x, t.Elem(), path+"["+strconv.Itoa(i)+"]")
			}
		}
	case reflect.Map:
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) != nil {
			return path
		}
		for k, x := range m {
			if fails(x, t.Elem()) {
				return fieldOf(x, t.Elem(), joinPath(path, k))
			}
		}
	}
	return path
}

func joinPath(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// jsonField finds the type of the struct field that a JSON key decodes
// into, as encoding/json matches them (tag name or field name, any case,
// through embedded structs).
func jsonField(t reflect.Type, key string) (reflect.Type, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if x, ok := jsonField(ft, key); ok {
					return x, true
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if strings.EqualFold(name, key) {
			return f.Type, true
		}
	}
	return nil, false
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
