package graph

import (
	"strings"
	"testing"
)

// publicFields are the only operations that work without signing in.
var publicFields = map[string]bool{
	"register": true, "login": true, "refreshToken": true, "logout": true,
}

// TestEveryFieldNeedsAuth walks the executable schema: every Query and
// Mutation field must carry @auth, but for the few that sign people in.
func TestEveryFieldNeedsAuth(t *testing.T) {
	schema := NewExecutableSchema(Config{}).Schema()
	for _, root := range []string{"Query", "Mutation"} {
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
			hasAuth := f.Directives.ForName("auth") != nil
			switch {
			case publicFields[f.Name] && hasAuth:
				t.Errorf("%s.%s signs people in, so it cannot require @auth", root, f.Name)
			case !publicFields[f.Name] && !hasAuth:
				t.Errorf("%s.%s lacks @auth", root, f.Name)
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
