package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/ast"

	"consumption/graph"
	"consumption/graphtest"
)

// TestScopesOnEveryField walks the schema and calls every query, every
// mutation and every subscription (over a live connection) as three callers
// of one user: a READ token, a READ_WRITE token and the person's session.
// Each field is sent with made-up arguments of the right types, so that it
// runs as far as its checks; what matters is whether the answer is
// FORBIDDEN:
//
//   - a READ token is refused every mutation, and the session-only fields,
//     and may subscribe;
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
	// ask sends the field's document as the caller, and returns the
	// errors of the answer: over HTTP, or for a subscription the first
	// event it sends once a record changes.
	days := 0
	ask := func(root, token, doc string) []graphtest.Error {
		if root != "Subscription" {
			return srv.Post(t, token, doc, nil).Errors
		}
		// Every subscription of the schema follows the user's records.
		days++
		day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days).Format(time.DateOnly)
		return firstEvent(t, srv, token, doc, func() {
			srv.Post(t, user.AccessToken, `mutation($in: CreateConsumptionRecordInput!) { createConsumptionRecord(input: $in) { id } }`,
				map[string]any{"in": graphtest.Record(map[string]any{"periodStart": day, "periodEnd": day})}).Must(t, nil)
		})
	}
	for _, root := range []string{"Query", "Mutation", "Subscription"} {
		for _, f := range schema.Types[root].Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			fields++
			doc := operation(schema, root, f)
			for _, c := range callers {
				errs := ask(root, c.token, doc)
				var codes []string
				refused := false
				for _, e := range errs {
					codes = append(codes, e.Code())
					refused = refused || (e.Code() == "FORBIDDEN" && len(e.Path) == 1 && e.Path[0] == f.Name)
					// A sign-in field refuses made-up credentials so; any
					// other field would say that nobody is signed in.
					if (e.Code() == "UNAUTHENTICATED" && !signIn[f.Name]) || strings.HasPrefix(e.Code(), "GRAPHQL_") {
						t.Errorf("%s.%s as %s: %s: %s (the test's document is %s)", root, f.Name, c.name, e.Code(), e.Message, doc)
					}
				}
				if want := c.forbidden(root, f.Name); refused != want {
					t.Errorf("%s.%s as %s: FORBIDDEN is %v, want %v (codes %v)", root, f.Name, c.name, refused, want, codes)
				}
			}
		}
	}
	if fields < 20 {
		t.Fatalf("walked only %d fields", fields)
	}
}

// firstEvent subscribes to doc over a live connection signed in with token,
// makes a change with change, and returns the errors of the first event: a
// refused subscription answers its errors at once, and one taken tells of
// the change.
func firstEvent(t *testing.T, srv *graphtest.Server, token, doc string, change func()) []graphtest.Error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := graphtest.ConnectLive(ctx, srv.URL, token)
	if err != nil {
		t.Fatalf("connecting: %v (close code %d)", err, graphtest.CloseCode(err))
	}
	defer c.Close()
	if err := c.Subscribe(ctx, "1", doc, nil); err != nil {
		t.Fatal(err)
	}
	// A pong comes once the server has started the subscription, or
	// refused it; the refusal's errors may come on either side of it.
	if err := c.Send(ctx, map[string]any{"type": "ping"}); err != nil {
		t.Fatal(err)
	}
	changed := false
	for {
		m, err := c.Next(ctx)
		if err != nil {
			t.Fatalf("%s: %v (close code %d)", doc, err, graphtest.CloseCode(err))
		}
		switch m.Type {
		case "pong":
			change()
			changed = true
			continue
		case "error":
			errs, err := m.Errors()
			if err != nil {
				t.Fatal(err)
			}
			return errs
		}
		errs, err := m.Data(nil)
		if err != nil {
			t.Fatalf("%s: %+v: %v", doc, m, err)
		}
		if len(errs) == 0 && !changed {
			t.Fatalf("%s: an event before any change: %s", doc, m.Payload)
		}
		return errs
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
