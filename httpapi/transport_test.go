package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"consumption/graphtest"
	"consumption/httpapi"
)

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// request is an HTTP request to the GraphQL endpoint.
type request struct {
	method      string
	query       url.Values // the URL's query string
	contentType string
	accept      string
	body        string
}

func (rq request) send(t *testing.T, srv *graphtest.Server) graphtest.Response {
	t.Helper()
	method := rq.method
	if method == "" {
		method = http.MethodPost
	}
	u := srv.URL + "/graphql"
	if rq.query != nil {
		u += "?" + rq.query.Encode()
	}
	req, err := http.NewRequest(method, u, strings.NewReader(rq.body))
	if err != nil {
		t.Fatal(err)
	}
	if rq.contentType != "" {
		req.Header.Set("Content-Type", rq.contentType)
	}
	if rq.accept != "" {
		req.Header.Set("Accept", rq.accept)
	}
	return srv.Send(t, req)
}

func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mediaType returns the media type of a response, without parameters.
func mediaType(res graphtest.Response) string {
	mt, _, _ := strings.Cut(res.Header.Get("Content-Type"), ";")
	return strings.TrimSpace(mt)
}

// TestMediaTypesAndStatuses checks content negotiation and the status codes
// the GraphQL-over-HTTP specification gives each media type: request errors
// are 400 in application/graphql-response+json and 200 in application/json,
// and never carry a data entry.
func TestMediaTypesAndStatuses(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	ok := jsonBody(t, map[string]any{"query": "{ __typename }"})
	parseError := jsonBody(t, map[string]any{"query": "{"})
	validationError := jsonBody(t, map[string]any{"query": "{ nothingLikeThis }"})
	coercionError := jsonBody(t, map[string]any{"query": "query($id: ID!) { consumptionRecord(id: $id) { id } }", "variables": map[string]any{"id": nil}})

	tests := []struct {
		name       string
		accept     string
		body       string
		wantStatus int
		wantMedia  string
		wantCode   string // of the only error, or "" for none
	}{
		{"no Accept gets application/json", "", ok, 200, mediaJSON, ""},
		{"*/* gets application/json", "*/*", ok, 200, mediaJSON, ""},
		{"application/graphql-response+json is honoured", mediaGraphQLResponse, ok, 200, mediaGraphQLResponse, ""},
		{"the higher quality wins", "application/json;q=0.5, application/graphql-response+json", ok, 200, mediaGraphQLResponse, ""},
		{"the first listed wins a tie", "application/json, application/graphql-response+json", ok, 200, mediaJSON, ""},
		{"an Accept the server cannot meet gets 406", "text/html", ok, 406, mediaJSON, "NOT_ACCEPTABLE"},
		{"quality 0 is a refusal", "application/json;q=0", ok, 406, mediaJSON, "NOT_ACCEPTABLE"},
		{"a parse error in application/json is 200", mediaJSON, parseError, 200, mediaJSON, "GRAPHQL_PARSE_FAILED"},
		{"a parse error in application/graphql-response+json is 400", mediaGraphQLResponse, parseError, 400, mediaGraphQLResponse, "GRAPHQL_PARSE_FAILED"},
		{"a validation error in application/json is 200", mediaJSON, validationError, 200, mediaJSON, "GRAPHQL_VALIDATION_FAILED"},
		{"a validation error in application/graphql-response+json is 400", mediaGraphQLResponse, validationError, 400, mediaGraphQLResponse, "GRAPHQL_VALIDATION_FAILED"},
		{"a variable coercion error in application/json is 200", mediaJSON, coercionError, 200, mediaJSON, "GRAPHQL_VALIDATION_FAILED"},
		{"a variable coercion error in application/graphql-response+json is 400", mediaGraphQLResponse, coercionError, 400, mediaGraphQLResponse, "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := request{contentType: mediaJSON, accept: tt.accept, body: tt.body}.send(t, srv)
			if res.Status != tt.wantStatus || mediaType(res) != tt.wantMedia {
				t.Errorf("got %d %s, want %d %s", res.Status, mediaType(res), tt.wantStatus, tt.wantMedia)
			}
			if !strings.Contains(res.Header.Get("Content-Type"), "charset=utf-8") {
				t.Errorf("Content-Type %q names no charset", res.Header.Get("Content-Type"))
			}
			if tt.wantCode == "" {
				res.Must(t, nil)
				return
			}
			if e := res.OnlyError(t); e.Code() != tt.wantCode {
				t.Errorf("code = %s, want %s", e.Code(), tt.wantCode)
			}
			if res.Data != nil {
				t.Errorf("a request that did not execute has a data entry: %s", res.Data)
			}
		})
	}
}

// TestMethods checks that queries go by GET or POST, mutations by POST only,
// and that a mutation sent by GET does not run.
func TestMethods(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	register := `mutation { register(input: {email: "by-get@example.com", password: "a long and unusual passphrase"}) { accessToken } }`

	t.Run("a query by GET runs", func(t *testing.T) {
		request{method: http.MethodGet, query: url.Values{"query": {"query($n: String!) { __type(name: $n) { name } }"}, "variables": {`{"n": "User"}`}}}.send(t, srv).Must(t, nil)
	})
	t.Run("a mutation by GET gets 405 with Allow: POST and does not run", func(t *testing.T) {
		for _, accept := range []string{"", mediaGraphQLResponse} {
			res := request{method: http.MethodGet, query: url.Values{"query": {register}}, accept: accept}.send(t, srv)
			if res.Status != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "POST" {
				t.Errorf("Accept %q: status %d, Allow %q; want 405 and POST", accept, res.Status, res.Header.Get("Allow"))
			}
			if e := res.OnlyError(t); e.Code() != "METHOD_NOT_ALLOWED" {
				t.Errorf("code = %s", e.Code())
			}
		}
		var n int
		if err := srv.DB.QueryRow(`SELECT count(*) FROM users`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d users after mutations by GET (%v), want 0", n, err)
		}
	})
	t.Run("GET without a query parameter is a bad request", func(t *testing.T) {
		res := request{method: http.MethodGet}.send(t, srv)
		if e := res.OnlyError(t); res.Status != 400 || e.Code() != "BAD_REQUEST" {
			t.Errorf("got %d %s, want 400 BAD_REQUEST", res.Status, e.Code())
		}
	})
	for _, method := range []string{http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions} {
		t.Run(method+" gets 405 with Allow: GET, POST", func(t *testing.T) {
			res := request{method: method, contentType: mediaJSON, body: `{"query": "{ __typename }"}`}.send(t, srv)
			if res.Status != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, POST" {
				t.Errorf("status %d, Allow %q", res.Status, res.Header.Get("Allow"))
			}
		})
	}
}

// TestOnlyJSONBodies checks that POST takes JSON and nothing else, so that no
// form a browser posts across sites can run a mutation.
func TestOnlyJSONBodies(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	register := `mutation { register(input: {email: "by-form@example.com", password: "a long and unusual passphrase"}) { accessToken } }`
	var multipartBody bytes.Buffer
	mw := multipart.NewWriter(&multipartBody)
	_ = mw.WriteField("operations", jsonBody(t, map[string]any{"query": register}))
	_ = mw.Close()

	tests := []struct {
		name, contentType, body string
	}{
		{"a URL-encoded form", "application/x-www-form-urlencoded", url.Values{"query": {register}}.Encode()},
		{"a multipart form", mw.FormDataContentType(), multipartBody.String()},
		{"plain text", "text/plain", jsonBody(t, map[string]any{"query": register})},
		{"application/graphql", "application/graphql", register},
		{"no content type", "", jsonBody(t, map[string]any{"query": register})},
		{"JSON in another charset", "application/json; charset=iso-8859-1", jsonBody(t, map[string]any{"query": register})},
	}
	for _, tt := range tests {
		t.Run(tt.name+" gets 415", func(t *testing.T) {
			res := request{contentType: tt.contentType, body: tt.body}.send(t, srv)
			if e := res.OnlyError(t); res.Status != http.StatusUnsupportedMediaType || e.Code() != "UNSUPPORTED_MEDIA_TYPE" {
				t.Errorf("got %d %s, want 415 UNSUPPORTED_MEDIA_TYPE", res.Status, e.Code())
			}
		})
	}
	var n int
	if err := srv.DB.QueryRow(`SELECT count(*) FROM users`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d users after mutations in forms (%v), want 0", n, err)
	}
	t.Run("JSON with charset=utf-8 is accepted", func(t *testing.T) {
		request{contentType: "application/json; charset=UTF-8", body: `{"query": "{ __typename }"}`}.send(t, srv).Must(t, nil)
	})
}

// TestMalformedBodies sends bodies that are not GraphQL requests: each gets
// 400 with a code, and no answer repeats what the body held.
func TestMalformedBodies(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	const marker = "MARKER-7f3a9c<script>"
	tests := []struct {
		name, body, code string
	}{
		{"an empty body", "", "BAD_REQUEST"},
		{"broken JSON", `{"query": "{ __typename }", "` + marker, "BAD_REQUEST"},
		{"a JSON string", `"` + marker + `"`, "BAD_REQUEST"},
		{"null", `null`, "BAD_REQUEST"},
		{"a batch", `[{"query": "{ __typename }"}, {"query": "{ __typename }"}]`, "BATCHING_NOT_SUPPORTED"},
		{"no query", `{"qeury": "{ __typename }"}`, "BAD_REQUEST"},
		{"a null query", `{"query": null}`, "BAD_REQUEST"},
		{"a query that is a number", `{"query": 1}`, "BAD_REQUEST"},
		{"a query that is an object", `{"query": {"` + marker + `": 1}}`, "BAD_REQUEST"},
		{"an operationName that is a number", `{"query": "{ __typename }", "operationName": 1}`, "BAD_REQUEST"},
		{"variables that are a string", `{"query": "{ __typename }", "variables": "` + marker + `"}`, "BAD_REQUEST"},
		{"variables that are a list", `{"query": "{ __typename }", "variables": []}`, "BAD_REQUEST"},
		{"extensions that are a number", `{"query": "{ __typename }", "extensions": 0}`, "BAD_REQUEST"},
		{"two objects", `{"query": "{ __typename }"} {"query": "{ __typename }"}`, "BAD_REQUEST"},
		{"broken JSON with invalid UTF-8", "{\"query\": \"{ __typename }\", \"x\": \"\xff\xfe" + marker + "\"", "BAD_REQUEST"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is a bad request", func(t *testing.T) {
			for _, accept := range []string{mediaJSON, mediaGraphQLResponse} {
				req, err := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(tt.body))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", mediaJSON)
				req.Header.Set("Accept", accept)
				res, err := srv.Client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := io.ReadAll(res.Body)
				res.Body.Close()
				var body graphtest.Response
				if err := json.Unmarshal(raw, &body); err != nil || len(body.Errors) != 1 {
					t.Fatalf("not one GraphQL error (%v): %s", err, raw)
				}
				if res.StatusCode != http.StatusBadRequest || body.Errors[0].Code() != tt.code {
					t.Errorf("Accept %s: got %d %s, want 400 %s", accept, res.StatusCode, body.Errors[0].Code(), tt.code)
				}
				if strings.Contains(string(raw), "MARKER") {
					t.Errorf("the answer repeats the body: %s", raw)
				}
			}
		})
	}
	t.Run("null operationName, variables and extensions are allowed", func(t *testing.T) {
		request{contentType: mediaJSON, body: `{"query": "{ __typename }", "operationName": null, "variables": null, "extensions": null}`}.send(t, srv).Must(t, nil)
	})
}

// TestBodyLimit checks that a body over the limit gets 413 whether or not it
// says its length, without its content in the answer, and that the limit is
// the one configured.
func TestBodyLimit(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	limit := int(httpapi.DefaultLimits().MaxBodyBytes)
	// A valid request padded with spaces to a given size.
	padded := func(size int) string {
		b := `{"query": "{ __typename }", "x": "MARKER"}`
		return b + strings.Repeat(" ", size-len(b))
	}
	post := func(t *testing.T, srv *graphtest.Server, body string, chunked bool) (int, string, []byte) {
		t.Helper()
		var r io.Reader = strings.NewReader(body)
		if chunked {
			r = io.MultiReader(r) // hides the length, so the client sends chunks
		}
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/graphql", r)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", mediaJSON)
		res, err := srv.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		var gr graphtest.Response
		_ = json.Unmarshal(raw, &gr)
		code := ""
		if len(gr.Errors) > 0 {
			code = gr.Errors[0].Code()
		}
		return res.StatusCode, code, raw
	}

	t.Run("a body of exactly the limit is read", func(t *testing.T) {
		if status, code, raw := post(t, srv, padded(limit), false); status != 200 || code != "" {
			t.Errorf("got %d %s: %.200s", status, code, raw)
		}
	})
	for _, chunked := range []bool{false, true} {
		name := "a body one byte over the limit gets 413"
		if chunked {
			name += ", sent in chunks"
		}
		t.Run(name, func(t *testing.T) {
			status, code, raw := post(t, srv, padded(limit+1), chunked)
			if status != http.StatusRequestEntityTooLarge || code != "REQUEST_TOO_LARGE" {
				t.Errorf("got %d %s, want 413 REQUEST_TOO_LARGE", status, code)
			}
			if bytes.Contains(raw, []byte("MARKER")) || len(raw) > 1000 {
				t.Errorf("the answer repeats the body: %.200s", raw)
			}
		})
	}
	t.Run("the limit is configurable", func(t *testing.T) {
		small := graphtest.NewServer(t, graphtest.Options{Limits: httpapi.Limits{MaxBodyBytes: 1024}})
		if status, code, _ := post(t, small, padded(1025), false); status != 413 || code != "REQUEST_TOO_LARGE" {
			t.Errorf("got %d %s, want 413", status, code)
		}
		if status, _, _ := post(t, small, padded(1024), false); status != 200 {
			t.Errorf("a body at the limit: %d", status)
		}
	})
}
