package httpapi_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"consumption/graphtest"
)

// TestSchemaDownload checks GET /schema.graphql: the schema's SDL wherever
// introspection is on, with its descriptions and the specifications of the
// scalars; not found where it is off, even where the web client would
// answer every other path.
func TestSchemaDownload(t *testing.T) {
	web := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "the web client") })
	get := func(srv *graphtest.Server) (*http.Response, string) {
		t.Helper()
		res, err := srv.Client.Get(srv.URL + "/schema.graphql")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, string(body)
	}

	t.Run("with introspection on, the SDL", func(t *testing.T) {
		res, body := get(graphtest.NewServer(t, graphtest.Options{Web: web}))
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		schema, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: body})
		if err != nil {
			t.Fatalf("the SDL does not load: %v", err)
		}
		for _, name := range []string{"Decimal", "Date", "DateTime"} {
			def := schema.Types[name]
			d := def.Directives.ForName("specifiedBy")
			if d == nil || !strings.HasPrefix(d.Arguments.ForName("url").Value.Raw, "https://") {
				t.Errorf("scalar %s has no @specifiedBy(url:)", name)
			}
		}
		if f := schema.Query.Fields.ForName("apiTokens"); f == nil || f.Description == "" {
			t.Error("the SDL lacks Query.apiTokens or its description")
		}
	})

	t.Run("introspection tells where each scalar is specified", func(t *testing.T) {
		srv := graphtest.NewServer(t, graphtest.Options{})
		for _, name := range []string{"Decimal", "Date", "DateTime"} {
			var data struct {
				Type struct{ SpecifiedByURL *string }
			}
			srv.Post(t, "", `query($n: String!) { type: __type(name: $n) { specifiedByURL } }`, map[string]any{"n": name}).Must(t, &data)
			if u := data.Type.SpecifiedByURL; u == nil || !strings.HasPrefix(*u, "https://") {
				t.Errorf("%s: specifiedByURL %v", name, u)
			}
		}
	})

	t.Run("with introspection off, not found", func(t *testing.T) {
		res, body := get(graphtest.NewServer(t, graphtest.Options{NoIntrospection: true, Web: web}))
		if res.StatusCode != http.StatusNotFound || strings.Contains(body, "Query") {
			t.Fatalf("status %d, body %q, want 404", res.StatusCode, body)
		}
	})
}
