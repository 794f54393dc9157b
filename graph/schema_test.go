package graph

import (
	"strings"
	"testing"
)

// publicFields are the only operations that work without signing in: they
// sign people up, in and out, and carry @signIn.
var publicFields = map[string]bool{
	"register": true, "login": true, "refreshToken": true, "logout": true,
}

// sessionOnlyFields are those that only a person signed in with a password
// may use, never an API token: managing API tokens (so that a token cannot
// make itself permanent or hide), changing the password and deleting the
// account (so that a token cannot lock its owner out).
var sessionOnlyFields = map[string]bool{
	"apiTokens": true, "createApiToken": true, "revokeApiToken": true,
	"changePassword": true, "deleteAccount": true,
}

// TestEveryFieldNeedsAuth walks the executable schema: every Query,
// Mutation and Subscription field must carry @auth, but for the few that
// sign people in, which carry @signIn; the session-only fields, and only
// they, must require SESSION; no mutation may be open to a READ token; and
// every subscription must be open to one (it only reads).
func TestEveryFieldNeedsAuth(t *testing.T) {
	schema := NewExecutableSchema(Config{}).Schema()
	for _, root := range []string{"Query", "Mutation", "Subscription"} {
		def := schema.Types[root]
		if def == nil {
			t.Fatalf("no %s type", root)
		}
		checked := 0
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue // introspection
			}
			checked++
			authDirective := f.Directives.ForName("auth")
			signIn := f.Directives.ForName("signIn") != nil
			switch {
			case publicFields[f.Name] && (authDirective != nil || !signIn):
				t.Errorf("%s.%s signs people in, so it must carry @signIn and not @auth", root, f.Name)
			case !publicFields[f.Name] && (authDirective == nil || signIn):
				t.Errorf("%s.%s lacks @auth (or carries @signIn, which only the sign-in fields may)", root, f.Name)
			}
			if authDirective == nil {
				continue
			}
			requires := ""
			if arg := authDirective.Arguments.ForName("requires"); arg != nil {
				requires = arg.Value.Raw
			}
			switch {
			case sessionOnlyFields[f.Name] && requires != "SESSION":
				t.Errorf("%s.%s must be @auth(requires: SESSION): API tokens may not use it", root, f.Name)
			case !sessionOnlyFields[f.Name] && requires == "SESSION":
				t.Errorf("%s.%s requires SESSION but is not among the session-only fields of this test; add it there if it is meant", root, f.Name)
			case root == "Mutation" && requires == "READ":
				t.Errorf("%s.%s is a mutation open to READ tokens; leave out requires (WRITE), or require SESSION", root, f.Name)
			case root == "Subscription" && requires != "" && requires != "READ":
				t.Errorf("%s.%s is a subscription that requires %s; a subscription only reads, so READ tokens may use it", root, f.Name, requires)
			}
		}
		if checked == 0 {
			t.Errorf("%s has no fields to check", root)
		}
	}
}

// TestEverythingIsDescribed checks that the schema, the API's contract,
// describes every type, field, argument and enum value it defines.
func TestEverythingIsDescribed(t *testing.T) {
	schema := NewExecutableSchema(Config{}).Schema()
	for name, def := range schema.Types {
		if def.BuiltIn || strings.HasPrefix(name, "__") {
			continue
		}
		if def.Description == "" {
			t.Errorf("type %s has no description", name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if f.Description == "" {
				t.Errorf("field %s.%s has no description", name, f.Name)
			}
			for _, a := range f.Arguments {
				if a.Description == "" {
					t.Errorf("argument %s.%s(%s) has no description", name, f.Name, a.Name)
				}
			}
		}
		for _, v := range def.EnumValues {
			if v.Description == "" {
				t.Errorf("enum value %s.%s has no description", name, v.Name)
			}
		}
	}
	for name, d := range schema.Directives {
		if d.Position != nil && d.Position.Src != nil && d.Position.Src.BuiltIn {
			continue
		}
		if d.Description == "" {
			t.Errorf("directive @%s has no description", name)
		}
	}
}
