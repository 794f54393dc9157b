package httpapi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// cyclicSchema has a type cycle, which the API's schema has not (yet): a
// user's records, whose user has records, and so on.
var cyclicSchema = gqlparser.MustLoadSchema(&ast.Source{Input: `
	type Query { me: User }
	type User { id: ID, records: [Record] }
	type Record { id: ID, user: User }
`})

// fragmentCycles are documents whose fragments spread into each other,
// directly or across the type cycle.
var fragmentCycles = map[string]string{
	"itself":              `{ me { ...A } } fragment A on User { id ...A }`,
	"each other":          `{ me { ...A } } fragment A on User { id ...B } fragment B on User { id ...A }`,
	"across a type cycle": `{ me { ...U } } fragment U on User { records { ...R } } fragment R on Record { user { ...U } }`,
	"through an inline fragment across a type cycle": `{ me { ...U } } fragment U on User { ... on User { records { user { ...U } } } }`,
	"unused, across a type cycle":                    `{ me { id } } fragment U on User { records { ...R } } fragment R on Record { user { ...U } }`,
}

// TestGqlparserRefusesFragmentCycles checks that the gqlparser in go.mod
// reports fragment cycles instead of recursing until the stack overflows.
func TestGqlparserRefusesFragmentCycles(t *testing.T) {
	for name, query := range fragmentCycles {
		t.Run(name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Input: query})
			if err != nil {
				t.Fatal(err)
			}
			errs := validator.ValidateWithRules(cyclicSchema, doc, rules.NewDefaultRules())
			found := false
			for _, e := range errs {
				found = found || e.Rule == "NoFragmentCycles"
			}
			if !found {
				t.Errorf("no NoFragmentCycles error among %v", errs)
			}
		})
	}
}

// TestGuardRefusesFragmentCycles checks that the guard, which runs before
// validation, refuses the same documents itself.
func TestGuardRefusesFragmentCycles(t *testing.T) {
	g := documentGuard{limits: DefaultLimits(), introspection: true}
	for name, query := range fragmentCycles {
		t.Run(name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Input: query})
			if err != nil {
				t.Fatal(err)
			}
			e := g.check(doc)
			if e == nil || e.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" || !strings.Contains(e.Message, "within itself") {
				t.Errorf("got %v, want a fragment cycle refused", e)
			}
		})
	}
	t.Run("deep but acyclic fragments across the type cycle are measured, not refused as cycles", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("{ me { ...U0 } }")
		for i := range 5 {
			fmt.Fprintf(&b, " fragment U%d on User { id records { user { ...U%d } } }", i, i+1)
		}
		b.WriteString(" fragment U5 on User { id }")
		doc, err := parser.ParseQuery(&ast.Source{Input: b.String()})
		if err != nil {
			t.Fatal(err)
		}
		if e := g.check(doc); e != nil {
			t.Errorf("depth 11 refused: %v", e)
		}
		g := g
		g.limits.MaxDepth = 10
		if e := g.check(doc); e == nil || e.Extensions["code"] != codeDepthLimit {
			t.Errorf("depth 11 against a limit of 10: %v", e)
		}
	})
}
