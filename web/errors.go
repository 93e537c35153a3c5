package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/embargo/embargo/screen"
)

// Error codes: stable, documented in the OpenAPI document.
const (
	CodeBadRequest       = "bad_request"        // a field is missing or wrong
	CodeInvalidJSON      = "invalid_json"       // the body is not the JSON the endpoint takes
	CodeUnauthorized     = "unauthorized"       // no or an unknown API key
	CodeForbidden        = "forbidden"          // the key's role does not allow this
	CodeNotFound         = "not_found"          //
	CodeMethodNotAllowed = "method_not_allowed" //
	CodeTooLarge         = "too_large"          // body or batch over the limit
	CodeUnsupportedType  = "unsupported_media_type"
	CodeRateLimited      = "rate_limited" // see Retry-After
	CodeNotReady         = "not_ready"    // no lists loaded yet
	CodeConflict         = "conflict"     // a reload is already running
	CodeRefused          = "refused"      // a reload failed its checks
	CodeTimeout          = "timeout"
	CodeInternal         = "internal" // details are in the server log, not here
	CodeUnavailable      = "unavailable"
	CodeOverloaded       = "overloaded" // too many screening requests in flight; see Retry-After
)

// apiError is an error a handler returns: the status and the client's
// message, kept apart from the detail that only goes to the log.
type apiError struct {
	Status     int
	Code       string
	Message    string
	Detail     error         // logged, never sent
	RetryAfter time.Duration // for 429 and 503
}

func (e *apiError) Error() string {
	if e.Detail != nil {
		return e.Code + ": " + e.Message + ": " + e.Detail.Error()
	}
	return e.Code + ": " + e.Message
}

func errf(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func internal(err error) *apiError {
	return &apiError{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "internal error", Detail: err}
}

// ErrorBody is the JSON of every error response.
type ErrorBody struct {
	Error ErrorInfo `json:"error"`
}

// ErrorInfo is a stable code and a message for people.
type ErrorInfo struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, e *apiError) {
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="embargo"`)
	}
	if e.RetryAfter > 0 {
		secs := int((e.RetryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	}
	writeJSON(w, e.Status, ErrorBody{Error: ErrorInfo{Code: e.Code, Message: e.Message}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// toAPIError classifies a handler error.
func toAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var fe *screen.FieldError
	if errors.As(err, &fe) {
		return errf(http.StatusBadRequest, CodeBadRequest, "%s", fe.Error())
	}
	if errors.Is(err, screen.ErrQuery) {
		return errf(http.StatusBadRequest, CodeBadRequest, "%s", strings.TrimPrefix(err.Error(), "screen: invalid query: "))
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errf(http.StatusRequestEntityTooLarge, CodeTooLarge, "the request body is larger than %d bytes", mbe.Limit)
	}
	return internal(err)
}
