package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"consumption/graphtest"
)

// TestRecursiveFragments sends fragments that spread into each other.
// Such documents once overflowed the stack in gqlparser's validation, which
// kills the process where recover cannot help. Each is refused with 400 and
// GRAPHQL_VALIDATION_FAILED, and the server goes on serving.
func TestRecursiveFragments(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	tests := []struct{ name, query string }{
		{"a fragment spreading itself", `{ me { ...A } } fragment A on User { id ...A }`},
		{"two fragments spreading each other", `{ me { ...A } } fragment A on User { id ...B } fragment B on User { email ...A }`},
		{"a cycle through an inline fragment", `{ me { ...A } } fragment A on User { ... on User { ...A } }`},
		{"a cycle through fields", `{ consumptionRecords { ...C } } fragment C on ConsumptionRecordConnection { edges { node { id } } ...D } fragment D on ConsumptionRecordConnection { pageInfo { hasNextPage } ...C }`},
		{"a cycle in fragments no operation uses", `{ me { id } } fragment A on User { ...B } fragment B on User { ...A }`},
		{"a cycle of 3000 fragments", "{ me { ...F0 } }" + strings.Replace(chain(3000), "on Query", "on User", -1) + " fragment F3000 on User { ...F0 }"},
		{"a cycle on the root type", `{ ...Q } fragment Q on Query { me { id } ...Q }`},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			for _, token := range []string{"", user.AccessToken} {
				req, err := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(jsonBody(t, map[string]any{"query": tt.query})))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", mediaJSON)
				req.Header.Set("Accept", mediaGraphQLResponse)
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				res := srv.Send(t, req)
				if e := res.OnlyError(t); res.Status != http.StatusBadRequest || e.Code() != "GRAPHQL_VALIDATION_FAILED" {
					t.Errorf("got %d %s, want 400 GRAPHQL_VALIDATION_FAILED", res.Status, e.Code())
				}
				if len(res.Errors[0].Message) > 200 {
					t.Errorf("the error lists the whole cycle: %.200s...", res.Errors[0].Message)
				}
			}
			srv.Post(t, user.AccessToken, "{ me { id } }", nil).Must(t, nil)
		})
	}
}
