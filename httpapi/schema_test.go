package httpapi_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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

// TestSchemaDownloadIsTheSchemaServed compares /schema.graphql with what
// the endpoint itself says it serves, through introspection: the same
// types of the same kinds, with the same fields, arguments, input fields,
// enum values and types, and the same specifications of the scalars.
func TestSchemaDownloadIsTheSchemaServed(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	res, err := srv.Client.Get(srv.URL + "/schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	sdl, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: string(body)})
	if err != nil {
		t.Fatalf("the SDL does not load: %v", err)
	}
	downloaded := map[string][]string{}
	for name, def := range sdl.Types {
		if !def.BuiltIn {
			downloaded[name] = describeDefinition(def)
		}
	}

	var data struct{ Schema introspectedSchema }
	srv.Post(t, "", introspectionQuery, nil).Must(t, &data)
	served := map[string][]string{}
	for _, ty := range data.Schema.Types {
		if !strings.HasPrefix(ty.Name, "__") && !builtInScalars[ty.Name] {
			served[ty.Name] = ty.describe()
		}
	}
	if len(served) < 20 {
		t.Fatalf("introspection told of only %d types", len(served))
	}
	if diff := cmp.Diff(served, downloaded); diff != "" {
		t.Errorf("/schema.graphql differs from the schema served (-introspection +download):\n%s", diff)
	}
	for root, name := range map[string]*ast.Definition{
		data.Schema.QueryType.Name: sdl.Query, data.Schema.MutationType.Name: sdl.Mutation, data.Schema.SubscriptionType.Name: sdl.Subscription,
	} {
		if name == nil || name.Name != root {
			t.Errorf("the root type %s is not the download's", root)
		}
	}
}

var builtInScalars = map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}

// introspectionQuery asks what TestSchemaDownloadIsTheSchemaServed compares.
const introspectionQuery = `{ schema: __schema {
	queryType { name } mutationType { name } subscriptionType { name }
	types { kind name specifiedByURL
		fields(includeDeprecated: true) { name args { name type { ...Ref } } type { ...Ref } }
		inputFields { name type { ...Ref } }
		enumValues(includeDeprecated: true) { name }
		interfaces { name } possibleTypes { name } } } }
fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`

type introspectedSchema struct {
	QueryType, MutationType, SubscriptionType struct{ Name string }
	Types                                     []introspectedType
}

type introspectedRef struct {
	Kind, Name string
	OfType     *introspectedRef
}

// String writes the type as SDL does: [Int!]!.
func (r *introspectedRef) String() string {
	switch r.Kind {
	case "NON_NULL":
		return r.OfType.String() + "!"
	case "LIST":
		return "[" + r.OfType.String() + "]"
	}
	return r.Name
}

type introspectedValue struct {
	Name string
	Type *introspectedRef
	Args []introspectedValue
}

type introspectedType struct {
	Kind, Name     string
	SpecifiedByURL *string
	Fields         []introspectedValue
	InputFields    []introspectedValue
	EnumValues     []struct{ Name string }
	Interfaces     []struct{ Name string }
	PossibleTypes  []struct{ Name string }
}

// describe lists what introspection tells of a type, one line each, in
// the order of describeDefinition.
func (ty introspectedType) describe() []string {
	out := []string{"kind " + ty.Kind}
	if ty.SpecifiedByURL != nil {
		out = append(out, "specifiedBy "+*ty.SpecifiedByURL)
	}
	for _, f := range append(ty.Fields, ty.InputFields...) {
		var args []string
		for _, a := range f.Args {
			args = append(args, a.Name+": "+a.Type.String())
		}
		out = append(out, fmt.Sprintf("field %s(%s): %s", f.Name, strings.Join(args, ", "), f.Type))
	}
	for _, v := range ty.EnumValues {
		out = append(out, "value "+v.Name)
	}
	for _, i := range ty.Interfaces {
		out = append(out, "implements "+i.Name)
	}
	for _, p := range ty.PossibleTypes {
		out = append(out, "possible "+p.Name)
	}
	slices.Sort(out)
	return out
}

// describeDefinition lists what the SDL says of a type, as describe does.
func describeDefinition(def *ast.Definition) []string {
	out := []string{"kind " + string(def.Kind)}
	if d := def.Directives.ForName("specifiedBy"); d != nil {
		out = append(out, "specifiedBy "+d.Arguments.ForName("url").Value.Raw)
	}
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		var args []string
		for _, a := range f.Arguments {
			args = append(args, a.Name+": "+a.Type.String())
		}
		out = append(out, fmt.Sprintf("field %s(%s): %s", f.Name, strings.Join(args, ", "), f.Type))
	}
	for _, v := range def.EnumValues {
		out = append(out, "value "+v.Name)
	}
	for _, i := range def.Interfaces {
		out = append(out, "implements "+i)
	}
	for _, p := range def.Types {
		out = append(out, "possible "+p)
	}
	slices.Sort(out)
	return out
}
