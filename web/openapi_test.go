package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/embargo/embargo/dataset"
	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/match"
	"github.com/embargo/embargo/screen"
	"github.com/embargo/embargo/store"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Every request the tests send and every answer they get is checked
// against openapi.json by checkingTransport: an answer that does not match
// the document (an undocumented status, field or type) fails the test, and
// so does a request the test expects to be valid that the document would
// refuse, or one the test sends as invalid that the document would accept.

func init() {
	// bodies kin-openapi has no decoder for: streams and raw messages, all
	// described as strings
	for _, ct := range []string{"application/x-ndjson", "application/jsonl", "text/html", "application/xml", "text/xml", "application/openmetrics-text"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.PlainBodyDecoder)
	}
}

// loadDoc parses and validates the embedded document as OpenAPI 3.1.
func loadDoc(tb testing.TB) *openapi3.T {
	tb.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapiDoc)
	if err != nil {
		tb.Fatalf("openapi.json does not load: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() || doc.OpenAPI != "3.1.0" {
		tb.Fatalf("openapi.json is OpenAPI %q, want 3.1.0", doc.OpenAPI)
	}
	if err := doc.Validate(loader.Context); err != nil {
		tb.Fatalf("openapi.json is not valid OpenAPI 3.1: %v", err)
	}
	return doc
}

var (
	docOnce   sync.Once
	sharedDoc *openapi3.T
)

// theDoc returns the document loaded once per test binary; it is only
// read after loading.
func theDoc(tb testing.TB) *openapi3.T {
	docOnce.Do(func() { sharedDoc = loadDoc(tb) })
	if sharedDoc == nil {
		tb.Fatal("openapi.json did not load")
	}
	return sharedDoc
}

// docExpect says what the document should make of a request.
type docExpect int

const (
	docValid    docExpect = iota // the request matches the document
	docInvalid                   // the document refuses it too (wrong type, missing field, no key …)
	docUnknown                   // not a documented path or method: the answer must be a 404 or 405 error
	docUnstated                  // the document cannot tell (invalid UTF-8, a 10 MB body): only the answer is checked
)

type docExpectKey struct{}

func withDoc(ctx context.Context, d docExpect) context.Context {
	return context.WithValue(ctx, docExpectKey{}, d)
}

// checker validates requests and answers against the document for one
// test server.
type checker struct {
	doc    *openapi3.T
	router routers.Router
	noAuth bool
}

func newChecker(tb testing.TB, baseURL string, noAuth bool) *checker {
	tb.Helper()
	src := theDoc(tb)
	// a shallow copy whose only server is the test server
	doc := *src
	doc.Servers = openapi3.Servers{{URL: baseURL}}
	router, err := gorillamux.NewRouter(&doc)
	if err != nil {
		tb.Fatalf("router from openapi.json: %v", err)
	}
	return &checker{doc: &doc, router: router, noAuth: noAuth}
}

// authenticate is the document's view of the bearer scheme: a request
// must carry "Authorization: Bearer <something>"; whether the key is known
// is the server's business.
func (c *checker) authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if c.noAuth {
		return nil
	}
	scheme, secret, ok := strings.Cut(in.RequestValidationInput.Request.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "bearer") || strings.TrimSpace(secret) == "" {
		return errors.New("no bearer key")
	}
	return nil
}

func (c *checker) options() *openapi3filter.Options {
	return &openapi3filter.Options{AuthenticationFunc: c.authenticate, IncludeResponseStatus: true, MultiError: true}
}

// checkingTransport is an http.RoundTripper that checks every request and
// answer against the document.
type checkingTransport struct {
	tb   testing.TB
	c    *checker
	base http.RoundTripper
}

func (tr *checkingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	expect, _ := req.Context().Value(docExpectKey{}).(docExpect)
	var reqBody []byte
	if req.Body != nil {
		var err error
		if reqBody, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	what := req.Method + " " + req.URL.RequestURI()
	if len(reqBody) > 0 {
		what += " " + strconv.Quote(clipN(reqBody, 120))
	}
	route, params, routeErr := tr.c.router.FindRoute(req)
	var in *openapi3filter.RequestValidationInput
	switch {
	case routeErr != nil && expect != docUnknown:
		tr.tb.Errorf("%s: not in openapi.json: %v", what, routeErr)
	case routeErr == nil && expect == docUnknown:
		tr.tb.Errorf("%s: documented in openapi.json, but the test sends it as an unknown endpoint", what)
	case routeErr == nil:
		check := req.Clone(req.Context())
		check.Body = io.NopCloser(bytes.NewReader(reqBody))
		in = &openapi3filter.RequestValidationInput{Request: check, PathParams: params, Route: route, Options: tr.c.options()}
		if expect == docUnstated {
			break // only the answer is checked
		}
		err := openapi3filter.ValidateRequest(req.Context(), in)
		switch {
		case expect == docValid && err != nil:
			tr.tb.Errorf("%s: the request does not match openapi.json: %v", what, err)
		case expect == docInvalid && err == nil:
			tr.tb.Errorf("%s: the server refuses this request, but openapi.json accepts it", what)
		}
	}
	res, err := tr.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	if in != nil {
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
			Options: tr.c.options()}
		out.SetBodyBytes(body)
		if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
			tr.tb.Errorf("%s: answer %d does not match openapi.json: %v\nbody: %s", what, res.StatusCode, err, clip(body))
		}
		if ct, _, _ := strings.Cut(res.Header.Get("Content-Type"), ";"); ct == "application/x-ndjson" && res.StatusCode == http.StatusOK {
			tr.c.checkLines(tr.tb, what, body)
		}
	} else {
		if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusMethodNotAllowed {
			tr.tb.Errorf("%s: an undocumented endpoint answered %d, want 404 or 405", what, res.StatusCode)
		}
		tr.c.checkSchema(tr.tb, what, "Error", body)
	}
	return res, nil
}

// checkLines checks every line of an NDJSON answer against NDJSONLine.
func (c *checker) checkLines(tb testing.TB, what string, body []byte) {
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		c.checkSchema(tb, what+" line "+strconv.Itoa(n), "NDJSONLine", sc.Bytes())
	}
}

// checkSchema checks a JSON value against a schema of the document's
// components.
func (c *checker) checkSchema(tb testing.TB, what, name string, data []byte) {
	tb.Helper()
	ref := c.doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		tb.Fatalf("openapi.json has no schema %s", name)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		tb.Errorf("%s: not JSON: %v: %s", what, err, clip(data))
		return
	}
	if err := ref.Value.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
		tb.Errorf("%s: does not match %s in openapi.json: %v\n%s", what, name, err, clip(data))
	}
}

func clip(b []byte) string { return clipN(b, 2000) }

func clipN(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// TestOpenAPIDocument: the document is valid OpenAPI 3.1 and says what the
// code does: the error codes are errors.go's, the roles and public paths
// are the routes', and /openapi.json serves it byte for byte.
func TestOpenAPIDocument(t *testing.T) {
	doc := loadDoc(t)

	// the ErrorCode enum is exactly the Code* constants of errors.go
	var codes []string
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && strings.HasPrefix(vs.Names[0].Name, "Code") && len(vs.Values) == 1 {
			if lit, ok := vs.Values[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				codes = append(codes, s)
			}
		}
		return true
	})
	var enum []string
	for _, v := range doc.Components.Schemas["ErrorCode"].Value.Enum {
		enum = append(enum, v.(string))
	}
	slices.Sort(codes)
	slices.Sort(enum)
	if !slices.Equal(codes, enum) || len(codes) < 10 {
		t.Errorf("ErrorCode enum %v, errors.go has %v", enum, codes)
	}

	// security: public endpoints declare none, every other one the bearer key
	public := map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true, "/openapi.json": true}
	s := &Server{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			isPublic := op.Security != nil && len(*op.Security) == 0
			if isPublic != public[path] {
				t.Errorf("%s %s: public in openapi.json = %v, want %v", method, path, isPublic, public[path])
			}
			for _, code := range []string{"200", "500"} {
				if op.Responses.Value(code) == nil {
					t.Errorf("%s %s: no %s response documented", method, path, code)
				}
			}
			if !isPublic {
				for _, code := range []string{"401", "429", "503"} {
					if op.Responses.Value(code) == nil {
						t.Errorf("%s %s: no %s response documented", method, path, code)
					}
				}
			}
			if op.RequestBody != nil {
				for _, code := range []string{"413", "415"} {
					if op.Responses.Value(code) == nil {
						t.Errorf("%s %s: takes a body but documents no %s", method, path, code)
					}
				}
			}
		}
	}
	// every route the server registers is documented (the text and
	// payment routes once they exist)
	routes := []string{"GET /healthz", "GET /readyz", "GET /openapi.json", "GET /metrics", "POST /v1/screen", "POST /v1/screen/batch",
		"GET /v1/search", "GET /v1/entities/{id}", "GET /v1/lists", "POST /v1/lists/reload", "GET /v1/screenings/{id}",
		"GET /v1/screenings", "POST /match/{dataset}"}
	for _, x := range s.extraRoutes() {
		routes = append(routes, x.pattern)
	}
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		if item := doc.Paths.Value(path); item == nil || item.GetOperation(method) == nil {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
}

// TestOpenAPIMatchesGoTypes: each schema of the document has exactly the
// JSON fields of the Go type it describes, and the fields an answer always
// has (no omitempty) are required.
func TestOpenAPIMatchesGoTypes(t *testing.T) {
	doc := loadDoc(t)
	for _, tc := range []struct {
		schema  string
		typ     any
		request bool // a request body: required says what the client must send
	}{
		{"ScreenRequest", ScreenRequest{}, true},
		{"PartyFields", screen.Party{}, true},
		{"Party", screen.Party{}, true},
		{"ScreenResponse", ScreenResponse{}, false},
		{"Hit", screen.Hit{}, false},
		{"Reason", match.Reason{}, false},
		{"WordMatch", match.WordMatch{}, false},
		{"Versions", screen.Versions{}, false},
		{"BatchRequest", BatchRequest{}, true},
		{"BatchResult", BatchResult{}, false},
		{"BatchResponse", BatchResponse{}, false},
		{"SearchResponse", SearchResponse{}, false},
		{"EntityResponse", EntityResponse{}, false},
		{"Entity", entity.Entity{}, false},
		{"Name", entity.Name{}, false},
		{"NamePart", entity.NamePart{}, false},
		{"Date", entity.Date{}, false},
		{"Identifier", entity.Identifier{}, false},
		{"Address", entity.Address{}, false},
		{"Source", entity.Source{}, false},
		{"ListEntry", ListEntry{}, false},
		{"ListsResponse", ListsResponse{}, false},
		{"ReloadRequest", ReloadRequest{}, true},
		{"ReloadResult", ReloadResult{}, false},
		{"ListChange", dataset.ListChange{}, false},
		{"Reload", store.Reload{}, false},
		{"Screening", store.Screening{}, false},
		{"ScreeningsResponse", ScreeningsResponse{}, false},
		{"AuditHit", AuditHit{}, false},
		{"AuditRequest", auditRequest{}, false},
		{"Error", ErrorBody{}, false},
		{"ErrorInfo", ErrorInfo{}, false},
		{"YenteEntityExample", YenteExample{}, true},
		{"YenteMatchRequest", YenteMatchRequest{}, true},
		{"YenteMatchResponse", YenteMatchResponse{}, false},
		{"YenteMatches", YenteMatches{}, false},
		{"YenteResult", YenteResult{}, false},
		{"YenteExplanation", YenteExplanation{}, false},
		{"YenteTotal", YenteTotal{}, false},
		{"YenteFeatureDoc", YenteFeatureDoc{}, false},
		{"Mention", screen.Mention{}, false},
		{"TextRequest", TextRequest{}, true},
		{"TextResponse", TextResponse{}, false},
		{"AuditMention", AuditMention{}, false},
		{"AuditDocument", auditDocument{}, false},
		{"PaymentRequest", PaymentRequest{}, true},
		{"PaymentParty", screen.PaymentParty{}, false},
		{"PaymentCountry", screen.PaymentCountry{}, false},
		{"PaymentText", screen.PaymentText{}, false},
		{"PaymentResponse", PaymentResponse{}, false},
	} {
		t.Run(tc.schema, func(t *testing.T) {
			ref := doc.Components.Schemas[tc.schema]
			if ref == nil {
				t.Fatalf("no schema %s", tc.schema)
			}
			props, required := schemaProps(ref.Value)
			goFields := jsonFields(reflect.TypeOf(tc.typ))
			var want, gotProps []string
			for name := range goFields {
				want = append(want, name)
			}
			for name := range props {
				gotProps = append(gotProps, name)
			}
			slices.Sort(want)
			slices.Sort(gotProps)
			if !slices.Equal(want, gotProps) {
				t.Errorf("properties %v, Go fields %v", gotProps, want)
			}
			if tc.request {
				return
			}
			for name, always := range goFields {
				if always != required[name] {
					t.Errorf("%s: required %v, but the Go field is always written = %v", name, required[name], always)
				}
			}
		})
	}
}

// jsonFields returns a type's JSON field names and whether each is always
// written (no omitempty), through embedded structs.
func jsonFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			for k, v := range jsonFields(ft) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = !strings.Contains(opts, "omitempty")
	}
	return out
}

// schemaProps returns a schema's properties and required names, with those
// of its allOf parts.
func schemaProps(s *openapi3.Schema) (map[string]bool, map[string]bool) {
	props, required := map[string]bool{}, map[string]bool{}
	for name := range s.Properties {
		props[name] = true
	}
	for _, r := range s.Required {
		required[r] = true
	}
	for _, part := range s.AllOf {
		p, r := schemaProps(part.Value)
		maps.Copy(props, p)
		maps.Copy(required, r)
	}
	return props, required
}
