package httpapi

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"consumption/domain"
	"consumption/graph"
)

// This file holds every error answer the HTTP layer writes by itself,
// outside gqlgen's executor: the status, code and message of each request
// refused before GraphQL runs, and the codes of documents refused by the
// limits. Errors of an operation that ran become codes in graph's error
// presenter, the one place for those.

// The codes of requests refused before any GraphQL is read.
const (
	codeBadRequest           = "BAD_REQUEST"
	codeBatching             = "BATCHING_NOT_SUPPORTED"
	codeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	codeNotAcceptable        = "NOT_ACCEPTABLE"
	codeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	codeRequestTooLarge      = "REQUEST_TOO_LARGE"
	codeUnauthenticated      = string(domain.CodeUnauthenticated)
	codeForbidden            = string(domain.CodeForbidden)
	codeInternal             = graph.CodeInternal
)

// The codes of documents refused for their size. COMPLEXITY_LIMIT_EXCEEDED
// is gqlgen's, from its complexity extension.
const (
	codeTokenLimit      = "TOKEN_LIMIT_EXCEEDED"
	codeDepthLimit      = "DEPTH_LIMIT_EXCEEDED"
	codeAliasLimit      = "ALIAS_LIMIT_EXCEEDED"
	codeFieldLimit      = "FIELD_LIMIT_EXCEEDED"
	codeComplexityLimit = "COMPLEXITY_LIMIT_EXCEEDED"
)

// requestError is a request refused outside gqlgen: its status, code and
// message, and the headers its status calls for.
type requestError struct {
	status  int
	code    string
	message string
	header  map[string]string
}

// The requests refused for their method, media types, body or token, and
// a panic outside gqlgen.
var (
	errMethod = &requestError{http.StatusMethodNotAllowed, codeMethodNotAllowed,
		"Send GraphQL requests with GET (queries only) or POST.",
		map[string]string{"Allow": "GET, POST"}}
	errMutationByGet = &requestError{http.StatusMethodNotAllowed, codeMethodNotAllowed,
		"Only queries can be sent with GET; send mutations with POST.",
		map[string]string{"Allow": "POST"}}
	errNotAcceptable = &requestError{http.StatusNotAcceptable, codeNotAcceptable,
		"The response can only be application/json or application/graphql-response+json; accept one of them.", nil}
	errNotJSON = &requestError{http.StatusUnsupportedMediaType, codeUnsupportedMediaType,
		"Send the request body as JSON, with Content-Type: application/json.", nil}
	errNotUTF8 = &requestError{http.StatusUnsupportedMediaType, codeUnsupportedMediaType,
		"Send the request body in UTF-8.", nil}
	errBatching = &requestError{http.StatusBadRequest, codeBatching,
		"Batched requests are not supported: send one JSON object per request, or put several fields in one query.", nil}
	errAuthScheme = &requestError{http.StatusUnauthorized, codeUnauthenticated,
		"The Authorization header must be \"Bearer\" followed by an access token.",
		map[string]string{"WWW-Authenticate": `Bearer error="invalid_request"`}}
	errBadToken = &requestError{http.StatusUnauthorized, codeUnauthenticated,
		"The access token is invalid or has expired; refresh it or sign in again.",
		map[string]string{"WWW-Authenticate": `Bearer error="invalid_token", error_description="The access token is invalid or has expired."`}}
	errBadAPIToken = &requestError{http.StatusUnauthorized, codeUnauthenticated,
		"The API token is invalid, revoked or expired; make a new one in the dashboard's settings.",
		map[string]string{"WWW-Authenticate": `Bearer error="invalid_token", error_description="The API token is invalid, revoked or expired."`}}
	errPanic = &requestError{http.StatusInternalServerError, codeInternal, "internal server error", nil}
	// errOrigin refuses a live connection from a page of another origin
	// than the server's own and those of CORS_ORIGINS.
	errOrigin = &requestError{http.StatusForbidden, codeForbidden,
		"Pages of this origin may not open live connections to this server.", nil}
	// errShuttingDown refuses a live connection while the server stops.
	errShuttingDown = &requestError{http.StatusServiceUnavailable, string(domain.CodeUnavailable),
		"The server is restarting; connect again in a moment.", map[string]string{"Retry-After": "1"}}
	// errSubscriptionOverHTTP refuses a subscription sent as a request.
	errSubscriptionOverHTTP = &requestError{http.StatusBadRequest, codeBadRequest,
		"Subscriptions are served over a WebSocket at /graphql with the graphql-transport-ws protocol, not over HTTP.", nil}
	// errRevocationsUnknown refuses an access token whose session may have
	// been signed out, or an API token that may have been revoked: the
	// server cannot tell (see auth.Revocations).
	errRevocationsUnknown = &requestError{http.StatusServiceUnavailable, string(domain.CodeUnavailable),
		"The server cannot check your sign-in right now; try again in a moment.",
		map[string]string{"Retry-After": "1"}}
)

// errTooLarge refuses a body over the limit of maxBytes.
func errTooLarge(maxBytes int64) *requestError {
	return &requestError{http.StatusRequestEntityTooLarge, codeRequestTooLarge,
		fmt.Sprintf("The request body is larger than the limit of %d bytes.", maxBytes), nil}
}

// badRequest refuses a request that is not a well-formed GraphQL request.
func badRequest(format string, args ...any) *requestError {
	return &requestError{http.StatusBadRequest, codeBadRequest, fmt.Sprintf(format, args...), nil}
}

// body returns the error as a GraphQL response's errors. An error that says
// when to try again (Retry-After) says it in extensions.retryAfter too.
func (e *requestError) body() map[string][]graphQLError {
	ext := map[string]any{"code": e.code}
	if retry, err := strconv.Atoi(e.header["Retry-After"]); err == nil {
		ext["retryAfter"] = retry
	}
	return map[string][]graphQLError{"errors": {{Message: e.message, Extensions: ext}}}
}

// write answers r with e, as the media type the transport negotiated.
func (e *requestError) write(w http.ResponseWriter, r *http.Request, media string) {
	e.refuse(w, r)
	writeResponse(w, media, e.status, e.body())
}

// writeJSON answers r with e as application/json, for the middleware that
// refuses a request before the transport negotiates a media type.
func (e *requestError) writeJSON(w http.ResponseWriter, r *http.Request) {
	e.refuse(w, r)
	writeJSON(w, e.status, e.body())
}

// refuse notes the refusal for the request log and sets e's headers.
func (e *requestError) refuse(w http.ResponseWriter, r *http.Request) {
	noteRefusal(r.Context(), e.code)
	for k, v := range e.header {
		w.Header().Set(k, v)
	}
}

// graphQLError is an error response written outside gqlgen, in the shape of
// a GraphQL response.
type graphQLError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// limitError refuses a document over a limit, with the limit's code.
func limitError(code, message string) *gqlerror.Error {
	return &gqlerror.Error{Message: message, Extensions: map[string]any{"code": code}}
}

// outcomeOf returns the recorded outcome of a request, or one told by its
// status when none was recorded.
func outcomeOf(info *requestInfo, status int) string {
	switch {
	case info.outcome != "":
		return info.outcome
	case status < http.StatusBadRequest:
		return "ok"
	case status == http.StatusRequestEntityTooLarge:
		return codeRequestTooLarge
	case status < http.StatusInternalServerError:
		return codeBadRequest
	}
	return codeInternal
}
