package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/ast"

	"consumption/graph"
	"consumption/graphtest"
)

// TestScopesOnEveryField walks the schema and calls every query and every
// mutation as three callers of one user: a READ token, a READ_WRITE token
// and the person's session. Each field is sent with made-up arguments of
// the right types, so that it runs as far as its checks; what matters is
// whether the answer is FORBIDDEN:
//
//   - a READ token is refused every mutation, and the session-only fields;
//   - a READ_WRITE token is refused the session-only fields and the sign-in
//     fields (@signIn), and nothing else;
//   - a session is refused nothing.
//
// The expectations come from this test's rules applied to the field's
// kind (query or mutation) and sessionOnlyFields and publicFields below,
// not from the directives, so that a field that forgets its directive
// fails here too.
func TestScopesOnEveryField(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	callers := []struct {
		name, token string
		// forbidden says whether this caller must be refused the field.
		forbidden func(root, field string) bool
	}{
		{"a READ token", srv.CreateAPIToken(t, user.AccessToken, "READ", nil).Token, func(root, field string) bool {
			return root == "Mutation" || sessionOnly[field]
		}},
		{"a READ_WRITE token", srv.CreateAPIToken(t, user.AccessToken, "READ_WRITE", nil).Token, func(root, field string) bool {
			return sessionOnly[field] || signIn[field]
		}},
		{"a session", user.AccessToken, func(root, field string) bool { return false }},
	}

	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	fields := 0
	for _, root := range []string{"Query", "Mutation"} {
		for _, f := range schema.Types[root].Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			fields++
			doc := operation(schema, root, f)
			for _, c := range callers {
				res := srv.Post(t, c.token, doc, nil)
				var codes []string
				refused := false
				for _, e := range res.Errors {
					codes = append(codes, e.Code())
					refused = refused || (e.Code() == "FORBIDDEN" && len(e.Path) == 1 && e.Path[0] == f.Name)
					// A sign-in field refuses made-up credentials so; any
					// other field would say that nobody is signed in.
					if (e.Code() == "UNAUTHENTICATED" && !signIn[f.Name]) || strings.HasPrefix(e.Code(), "GRAPHQL_") {
						t.Errorf("%s.%s as %s: %s: %s (the test's document is %s)", root, f.Name, c.name, e.Code(), e.Message, doc)
					}
				}
				if want := c.forbidden(root, f.Name); refused != want {
					t.Errorf("%s.%s as %s: FORBIDDEN is %v, want %v (status %d, codes %v)", root, f.Name, c.name, refused, want, res.Status, codes)
				}
			}
		}
	}
	if fields < 20 {
		t.Fatalf("walked only %d fields", fields)
	}
}

// sessionOnly and signIn are the fields that API tokens may not use: the
// same as sessionOnlyFields and publicFields of the package's own tests,
// written again so that each list checks the other.
var (
	sessionOnly = map[string]bool{
		"apiTokens": true, "createApiToken": true, "revokeApiToken": true,
		"changePassword": true, "deleteAccount": true,
	}
	signIn = map[string]bool{"register": true, "login": true, "refreshToken": true, "logout": true}
)

// operation returns a document that calls the field with made-up values
// for its required arguments and selects __typename of what it returns.
func operation(schema *ast.Schema, root string, f *ast.FieldDefinition) string {
	var args []string
	for _, a := range f.Arguments {
		if a.Type.NonNull && a.DefaultValue == nil {
			args = append(args, a.Name+": "+literal(schema, a.Type))
		}
	}
	call := f.Name
	if len(args) > 0 {
		call += "(" + strings.Join(args, ", ") + ")"
	}
	if def := schema.Types[f.Type.Name()]; def.Kind == ast.Object || def.Kind == ast.Interface || def.Kind == ast.Union {
		call += " { __typename }"
	}
	return strings.ToLower(root) + " { " + call + " }"
}

// literal returns a GraphQL value of type t: plausible where a type has
// rules (days, decimals), with only the required fields of input objects.
func literal(schema *ast.Schema, t *ast.Type) string {
	if t.Elem != nil {
		return "[" + literal(schema, t.Elem) + "]"
	}
	def := schema.Types[t.NamedType]
	switch def.Kind {
	case ast.Enum:
		return def.EnumValues[0].Name
	case ast.InputObject:
		var fields []string
		for _, f := range def.Fields {
			if f.Type.NonNull && f.DefaultValue == nil {
				fields = append(fields, f.Name+": "+literal(schema, f.Type))
			}
		}
		return "{" + strings.Join(fields, ", ") + "}"
	}
	switch t.NamedType {
	case "Int", "Float":
		return "1"
	case "Boolean":
		return "false"
	case "ID":
		return fmt.Sprintf("%q", uuid.NewString())
	case "Decimal":
		return `"1"`
	case "Date":
		return `"2024-01-01"`
	case "DateTime":
		return `"2024-01-01T00:00:00Z"`
	}
	return `"x"`
}
