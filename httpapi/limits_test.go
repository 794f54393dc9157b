package httpapi_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"consumption/config"
	"consumption/graphtest"
	"consumption/httpapi"
)

// onlyCode sends a query as application/graphql-response+json and returns
// the status and the code of its only error ("" when it has none).
func onlyCode(t *testing.T, srv *graphtest.Server, query string) (int, string) {
	t.Helper()
	req := request{contentType: mediaJSON, accept: mediaGraphQLResponse, body: jsonBody(t, map[string]any{"query": query})}
	res := req.send(t, srv)
	if len(res.Errors) == 0 {
		return res.Status, ""
	}
	return res.Status, res.OnlyError(t).Code()
}

// TestLimits sends documents just within and just over each limit. Each one
// over is refused before it runs, with 400 and its own code.
func TestLimits(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	d := httpapi.DefaultLimits()
	ofTypes := func(n int) string { // n nested ofType fields under __type
		return `{ __type(name: "User") {` + strings.Repeat(" ofType {", n) + " name" + strings.Repeat(" }", n) + " } }"
	}

	tests := []struct {
		name, query, code string
	}{
		{"tokens at the limit", "{" + strings.Repeat(" __typename", d.MaxTokens-2) + " }", "FIELD_LIMIT_EXCEEDED"},
		{"tokens over the limit", "{" + strings.Repeat(" __typename", d.MaxTokens-1) + " }", "TOKEN_LIMIT_EXCEEDED"},
		{"a string argument of half a megabyte is few tokens", `{ __type(name: "` + strings.Repeat("x", 512<<10) + `") { name } }`, ""},
		{"depth at the limit", ofTypes(d.MaxDepth - 2), ""},
		{"depth over the limit", ofTypes(d.MaxDepth - 1), "DEPTH_LIMIT_EXCEEDED"},
		{"depth over the limit through fragments",
			`{ __type(name: "User") { ...A } } fragment A on __Type { ofType { ...B } } fragment B on __Type {` +
				strings.Repeat(" ofType {", d.MaxDepth) + " name" + strings.Repeat(" }", d.MaxDepth) + " }", "DEPTH_LIMIT_EXCEEDED"},
		{"aliases at the limit", "{" + graphtest.Repeat(d.MaxAliases, " a%d: __typename") + " }", ""},
		{"aliases over the limit", "{" + graphtest.Repeat(d.MaxAliases+1, " a%d: __typename") + " }", "ALIAS_LIMIT_EXCEEDED"},
		{"aliases over the limit through a fragment spread twice",
			"{ ...A ... on Query { ...A } } fragment A on Query {" + graphtest.Repeat(d.MaxAliases/2+1, " a%d: __typename") + " }", "ALIAS_LIMIT_EXCEEDED"},
		{"fields at the limit", "{" + strings.Repeat(" __typename", d.MaxFields) + " }", ""},
		{"fields over the limit", "{" + strings.Repeat(" __typename", d.MaxFields+1) + " }", "FIELD_LIMIT_EXCEEDED"},
		{"fragments doubling at each of 60 steps",
			"{ ...F0 }" + doubling(60) + " fragment F60 on Query { __typename }",
			"FIELD_LIMIT_EXCEEDED"},
		{"a chain of 2000 fragments", "{ ...F0 }" + chain(2000) + " fragment F2000 on Query { __typename }", "FIELD_LIMIT_EXCEEDED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, code := onlyCode(t, srv, tt.query)
			wantStatus := 200
			if tt.code != "" {
				wantStatus = 400
			}
			if code != tt.code || status != wantStatus {
				t.Errorf("got %d %q, want %d %q", status, code, wantStatus, tt.code)
			}
		})
	}
	t.Run("the server still serves", func(t *testing.T) {
		srv.Post(t, "", "{ __typename }", nil).Must(t, nil)
	})
}

// doubling returns n fragments on Query, each spreading the next twice, so
// that the last is reached 2^n times.
func doubling(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " fragment F%d on Query { __typename ...F%d ...F%d }", i, i+1, i+1)
	}
	return b.String()
}

// chain returns n fragments on Query, each spreading the next.
func chain(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " fragment F%d on Query { ...F%d }", i, i+1)
	}
	return b.String()
}

// TestComplexity checks that a connection's first multiplies the cost of
// what it selects, that a page of 500 records with every field is within
// the default, and that aliasing such pages is not.
func TestComplexity(t *testing.T) {
	const page = `consumptionRecords(first: %d) {
		totalCount
		pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
		edges { cursor node { id type amount unit periodStart periodEnd notes createdAt updatedAt } }
	}`
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	t.Run("a page of 500 with every field is within the default", func(t *testing.T) {
		srv.Post(t, user.AccessToken, "{ "+fmt.Sprintf(page, 500)+" }", nil).Must(t, nil)
	})
	t.Run("two such pages are not", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, "{ a: "+fmt.Sprintf(page, 500)+" b: "+fmt.Sprintf(page, 500)+" }", nil).OnlyError(t)
		if e.Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
			t.Errorf("code = %s", e.Code())
		}
	})

	small := graphtest.NewServer(t, graphtest.Options{Limits: httpapi.Limits{MaxComplexity: 500}})
	user = small.Register(t)
	const ids = "{ consumptionRecords(first: %d) { edges { node { id } } } }"
	for _, tt := range []struct {
		first int
		code  string
	}{{100, ""}, {200, "COMPLEXITY_LIMIT_EXCEEDED"}} {
		t.Run(fmt.Sprintf("first: %d against a limit of 500", tt.first), func(t *testing.T) {
			res := small.Post(t, user.AccessToken, fmt.Sprintf(ids, tt.first), nil)
			code := ""
			if len(res.Errors) > 0 {
				code = res.OnlyError(t).Code()
			}
			if code != tt.code {
				t.Errorf("code = %q, want %q", code, tt.code)
			}
		})
	}
}

// TestLimitsAreConfigurable lowers each limit and sees it refuse what the
// defaults let through.
func TestLimitsAreConfigurable(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{Limits: httpapi.Limits{MaxTokens: 100, MaxDepth: 3, MaxAliases: 2, MaxFields: 20}})
	tests := []struct {
		query, code string
	}{
		{"{" + strings.Repeat(" __typename", 99) + " }", "TOKEN_LIMIT_EXCEEDED"},
		{`{ __type(name: "User") { ofType { ofType { name } } } }`, "DEPTH_LIMIT_EXCEEDED"},
		{"{ a: __typename b: __typename c: __typename }", "ALIAS_LIMIT_EXCEEDED"},
		{"{" + strings.Repeat(" __typename", 21) + " }", "FIELD_LIMIT_EXCEEDED"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if _, code := onlyCode(t, srv, tt.query); code != tt.code {
				t.Errorf("code = %q, want %s", code, tt.code)
			}
		})
	}
}

// TestDefaultLimitsLetRealRequestsThrough sends what real clients send:
// the playground's introspection query and a bulk create of 1000 records
// written inline.
func TestDefaultLimitsLetRealRequestsThrough(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	t.Run("the playground's introspection query", func(t *testing.T) {
		query, err := os.ReadFile("testdata/introspection.graphql")
		if err != nil {
			t.Fatal(err)
		}
		srv.Post(t, "", string(query), nil).Must(t, nil)
	})
	t.Run("1000 records written inline", func(t *testing.T) {
		user := srv.Register(t)
		var b strings.Builder
		b.WriteString("mutation { createConsumptionRecords(input: [")
		start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range 1000 {
			day := start.AddDate(0, 0, i).Format("2006-01-02")
			fmt.Fprintf(&b, `{type: ELECTRICITY, amount: "%d.125", unit: KWH, periodStart: "%s", periodEnd: "%s", notes: "bill %d"} `, i, day, day, i)
		}
		b.WriteString("]) { id } }")
		var got struct{ CreateConsumptionRecords []struct{ ID string } }
		srv.Post(t, user.AccessToken, b.String(), nil).Must(t, &got)
		if n := len(got.CreateConsumptionRecords); n != 1000 {
			t.Errorf("%d records created, want 1000", n)
		}
	})
}

// TestDefaultLimitsMatchConfig keeps the handler's defaults and the
// configuration's the same.
func TestDefaultLimitsMatchConfig(t *testing.T) {
	c, _, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	got := httpapi.Limits{
		MaxBodyBytes: int64(c.MaxBodyBytes), MaxTokens: c.MaxTokens, MaxDepth: c.MaxDepth,
		MaxAliases: c.MaxAliases, MaxFields: c.MaxFields, MaxComplexity: c.MaxComplexity,
	}
	if want := httpapi.DefaultLimits(); got != want {
		t.Errorf("config defaults %+v, handler defaults %+v", got, want)
	}
}
