package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The media types a GraphQL response can be sent as.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// httpTransport serves GraphQL over HTTP as the GraphQL-over-HTTP
// specification says: queries by GET or POST, mutations by POST only, request
// bodies in JSON only (no form or multipart transport, so no way to mutate
// through a form a browser posts across sites), and answers in
// application/json or application/graphql-response+json, as the Accept
// header prefers.
//
// A request that is not a well-formed GraphQL request (a bad method, media
// type or body) gets a 4xx status. A document that does not parse or
// validate, or is over a limit, gets 400 as application/graphql-response+json
// and 200 as application/json, as the specification says of each. It
// replaces gqlgen's transports, which echo a body they cannot decode.
type httpTransport struct {
	maxBodyBytes int64
}

var _ graphql.Transport = httpTransport{}

// Supports claims every request, so that Do answers a wrong method or media
// type with the status that says so, not gqlgen's generic 400.
func (httpTransport) Supports(*http.Request) bool { return true }

func (t httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		errMethod.write(w, r, mediaJSON)
		return
	}
	media, ok := responseMediaType(r.Header.Values("Accept"))
	if !ok {
		errNotAcceptable.write(w, r, mediaJSON)
		return
	}

	start := graphql.Now()
	var params *graphql.RawParams
	var fail *requestError
	if r.Method == http.MethodGet {
		params, fail = paramsFromURL(r.URL)
	} else {
		params, fail = t.paramsFromBody(w, r)
	}
	if fail != nil {
		fail.write(w, r, media)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	ctx := r.Context()
	noteOperation(ctx, params.OperationName)
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if opCtx != nil && opCtx.Operation != nil {
		noteOperation(ctx, opCtx.Operation.Name)
	}
	if errs != nil {
		// The document did not parse, validate, or keep within the
		// limits: nothing ran, so the response has no data entry.
		status := http.StatusOK
		if media == mediaGraphQLResponse {
			status = http.StatusBadRequest
		}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		noteOutcome(ctx, resp.Errors)
		writeResponse(w, media, status, requestErrors{Errors: resp.Errors, Extensions: resp.Extensions})
		return
	}
	noteFields(ctx, opCtx.Operation)
	switch {
	case r.Method == http.MethodGet && opCtx.Operation.Operation != ast.Query:
		errMutationByGet.write(w, r, media)
		return
	case opCtx.Operation.Operation == ast.Subscription:
		errSubscriptionOverHTTP.write(w, r, media)
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	if resp := responses(ctx); resp != nil {
		noteOutcome(ctx, resp.Errors)
		setRetryAfter(w, resp.Errors)
		writeExecuted(w, media, resp)
	}
}

// setRetryAfter puts the longest extensions.retryAfter of the errors, the
// wait of a RATE_LIMITED or SERVICE_UNAVAILABLE answer, in the Retry-After
// header too, where HTTP clients and proxies look for it.
func setRetryAfter(w http.ResponseWriter, errs gqlerror.List) {
	longest := 0
	for _, e := range errs {
		if n, ok := e.Extensions["retryAfter"].(int); ok {
			longest = max(longest, n)
		}
	}
	if longest > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(longest))
	}
}

// writeExecuted writes an executed operation's response. Its data is JSON
// already, written by gqlgen: given to encoding/json it would be validated
// and compacted again, a second pass over the largest part of every answer.
// Nor is it copied into a body of its own: it is written between the two
// small parts around it (a year's daily series is 100 kB, and allocating
// and copying it took 4% of such a request's server time).
func writeExecuted(w http.ResponseWriter, media string, resp *graphql.Response) {
	head := []byte{'{'}
	if len(resp.Errors) > 0 {
		head = append(append(append(head, `"errors":`...), mustMarshal(resp.Errors)...), ',')
	}
	head = append(head, `"data":`...)
	data := resp.Data
	if len(data) == 0 {
		data = []byte("null")
	}
	var tail []byte
	if len(resp.Extensions) > 0 {
		tail = append(append(tail, `,"extensions":`...), mustMarshal(resp.Extensions)...)
	}
	tail = append(tail, '}')
	writeBody(w, media, http.StatusOK, head, data, tail)
}

// requestErrors is the response to a request that did not execute: errors
// and no data entry.
type requestErrors struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

func writeResponse(w http.ResponseWriter, media string, status int, body any) {
	writeBody(w, media, status, mustMarshal(body))
}

// writeBody writes a response whose body is the parts, one after the other,
// with its length, so that a long one is not sent in chunks.
func writeBody(w http.ResponseWriter, media string, status int, parts ...[]byte) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(status)
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return // the client is gone
		}
	}
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a resolver's value can fail to encode: a bug, recovered
		// and logged as an internal error by recoverPanics.
		panic(fmt.Errorf("httpapi: encode response: %w", err))
	}
	return b
}

// responseMediaType picks the media type of the response from the Accept
// header: of the two a GraphQL response can be sent as, the one with the
// highest quality, the first listed on a tie. Without an Accept header, and
// for */* and application/*, it is application/json, as the specification
// asks of servers while clients move to application/graphql-response+json.
func responseMediaType(accept []string) (string, bool) {
	if strings.TrimSpace(strings.Join(accept, "")) == "" {
		return mediaJSON, true
	}
	best, bestQ := "", 0.0
	for _, header := range accept {
		for part := range strings.SplitSeq(header, ",") {
			mediaType, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if q, err = strconv.ParseFloat(s, 64); err != nil {
					continue
				}
			}
			var media string
			switch mediaType {
			case mediaGraphQLResponse:
				media = mediaGraphQLResponse
			case mediaJSON, "application/*", "*/*":
				media = mediaJSON
			default:
				continue
			}
			if q > bestQ {
				best, bestQ = media, q
			}
		}
	}
	return best, best != ""
}

// paramsFromURL reads a GET request's parameters from its query string.
func paramsFromURL(u *url.URL) (*graphql.RawParams, *requestError) {
	values, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, badRequest("The URL's query string is malformed.")
	}
	if !values.Has("query") {
		return nil, badRequest("The request has no query parameter: send the GraphQL document as ?query=.")
	}
	params := &graphql.RawParams{Query: values.Get("query"), OperationName: values.Get("operationName")}
	if v := values.Get("variables"); v != "" {
		if params.Variables, err = decodeObject([]byte(v)); err != nil {
			return nil, badRequest("The variables parameter must be a JSON object.")
		}
	}
	if v := values.Get("extensions"); v != "" {
		if params.Extensions, err = decodeObject([]byte(v)); err != nil {
			return nil, badRequest("The extensions parameter must be a JSON object.")
		}
	}
	return params, nil
}

// paramsFromBody reads a POST request's parameters from its JSON body, of at
// most maxBodyBytes. Nothing of the body is ever repeated in an answer.
func (t httpTransport) paramsFromBody(w http.ResponseWriter, r *http.Request) (*graphql.RawParams, *requestError) {
	mediaType, mediaParams, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != mediaJSON {
		return nil, errNotJSON
	}
	if cs, ok := mediaParams["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, errNotUTF8
	}
	tooLarge := errTooLarge(t.maxBodyBytes)
	if r.ContentLength > t.maxBodyBytes {
		return nil, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, t.maxBodyBytes))
	var maxBytes *http.MaxBytesError
	switch {
	case errors.As(err, &maxBytes):
		return nil, tooLarge
	case err != nil:
		return nil, badRequest("The request body could not be read.")
	}
	return decodeBody(body)
}

// decodeBody reads the parameters of a GraphQL request from a JSON object:
// query, a string; operationName, a string or null; variables and
// extensions, objects or null. Other members are ignored.
func decodeBody(body []byte) (*graphql.RawParams, *requestError) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, badRequest("The request body is empty: send a JSON object with a query.")
	}
	if body[0] == '[' {
		return nil, errBatching
	}
	var members map[string]json.RawMessage
	if body[0] != '{' || decodeOne(body, &members) != nil {
		return nil, badRequest("The request body must be one JSON object with a query.")
	}
	params := &graphql.RawParams{}
	query, ok := members["query"]
	if !ok || isNull(query) {
		return nil, badRequest("The request has no query: send the GraphQL document as the query member.")
	}
	if json.Unmarshal(query, &params.Query) != nil {
		return nil, badRequest("The query must be a string.")
	}
	if v, ok := members["operationName"]; ok && !isNull(v) {
		if json.Unmarshal(v, &params.OperationName) != nil {
			return nil, badRequest("The operationName must be a string or null.")
		}
	}
	var err error
	if v, ok := members["variables"]; ok && !isNull(v) {
		if params.Variables, err = decodeObject(v); err != nil {
			return nil, badRequest("The variables must be a JSON object or null.")
		}
	}
	if v, ok := members["extensions"]; ok && !isNull(v) {
		if params.Extensions, err = decodeObject(v); err != nil {
			return nil, badRequest("The extensions must be a JSON object or null.")
		}
	}
	return params, nil
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// decodeObject decodes a JSON object, keeping numbers exact for gqlgen to
// coerce into Int, Float or Decimal.
func decodeObject(raw []byte) (map[string]any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	var out map[string]any
	if err := decodeOne(raw, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// decodeOne decodes exactly one JSON value, refusing anything after it.
func decodeOne(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}
