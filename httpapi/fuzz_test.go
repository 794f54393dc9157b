package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"consumption/graphtest"
)

// FuzzHandler sends random JSON bodies and GraphQL documents to the real
// handler, signed in or not: whatever arrives, the answer is never a 5xx,
// never a panic, and never an INTERNAL_SERVER_ERROR, which would be a bug or
// a crash recovered. Its seeds are in testdata/fuzz/FuzzHandler, with what
// fuzzing found; run it with
//
//	go test ./httpapi -run '^$' -fuzz FuzzHandler -fuzztime 3m
//
// mode chooses how the input is sent: its two low bits pick raw as the
// whole POST body, doc and raw as query and variables of a POST, the same by
// GET, or doc alone preferring application/graphql-response+json; bit 2
// adds a valid access token.
func FuzzHandler(f *testing.F) {
	srv := graphtest.NewServer(f, graphtest.Options{})
	token := srv.Register(f).AccessToken
	f.Add(uint8(0), "", []byte(`{"query": "{ __typename }"}`))
	f.Add(uint8(5), "{ me { id email } consumptionRecords { totalCount } }", []byte(`{}`))
	f.Add(uint8(6), "query($f: Int) { consumptionRecords(first: $f) { edges { node { id } } } }", []byte(`{"f": 1e40}`))

	f.Fuzz(func(t *testing.T, mode uint8, doc string, raw []byte) {
		quoted, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		var req *http.Request
		switch mode & 3 {
		case 0:
			req = httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
		case 1:
			body := []byte(`{"query": ` + string(quoted) + `, "variables": `)
			body = append(append(body, raw...), '}')
			req = httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
		case 2:
			q := url.Values{"query": {doc}, "variables": {string(raw)}}
			req = httptest.NewRequest(http.MethodGet, "/graphql?"+q.Encode(), nil)
		case 3:
			req = httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader([]byte(`{"query": `+string(quoted)+`}`)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", mediaGraphQLResponse)
		}
		if mode&4 != 0 {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		srv.Handler.ServeHTTP(rec, req)
		if rec.Code >= 500 || bytes.Contains(rec.Body.Bytes(), []byte("INTERNAL_SERVER_ERROR")) {
			t.Fatalf("status %d: %.500s", rec.Code, rec.Body.Bytes())
		}
	})
}
