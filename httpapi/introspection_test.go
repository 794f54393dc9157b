package httpapi_test

import (
	"strings"
	"testing"

	"consumption/graphtest"
)

// TestIntrospectionSwitch checks PRODUCT §2: with introspection off, the
// schema cannot be read and errors suggest no field names; with it on, both
// work.
func TestIntrospectionSwitch(t *testing.T) {
	on := graphtest.NewServer(t, graphtest.Options{})
	off := graphtest.NewServer(t, graphtest.Options{NoIntrospection: true})
	introspect := []string{
		`{ __schema { queryType { name } } }`,
		`{ __type(name: "User") { fields { name } } }`,
		`{ ...Q } fragment Q on Query { __schema { types { name } } }`,
	}
	const misspelled = `{ mee { id } }`

	t.Run("on: the schema can be read", func(t *testing.T) {
		for _, q := range introspect {
			on.Post(t, "", q, nil).Must(t, nil)
		}
	})
	t.Run("on: errors suggest field names", func(t *testing.T) {
		if e := on.Post(t, "", misspelled, nil).OnlyError(t); !strings.Contains(e.Message, `"me"`) {
			t.Errorf("no suggestion in %q", e.Message)
		}
	})
	t.Run("off: the schema cannot be read", func(t *testing.T) {
		for _, q := range introspect {
			status, code := onlyCode(t, off, q)
			if status != 400 || code != "GRAPHQL_VALIDATION_FAILED" {
				t.Errorf("%s: got %d %s, want 400 GRAPHQL_VALIDATION_FAILED", q, status, code)
			}
		}
	})
	t.Run("off: errors suggest nothing", func(t *testing.T) {
		e := off.Post(t, "", misspelled, nil).OnlyError(t)
		if e.Code() != "GRAPHQL_VALIDATION_FAILED" || strings.Contains(e.Message, `"me"`) {
			t.Errorf("got %s %q, want no suggestion", e.Code(), e.Message)
		}
	})
	t.Run("off: __typename still works", func(t *testing.T) {
		off.Post(t, "", `{ __typename }`, nil).Must(t, nil)
	})
}
