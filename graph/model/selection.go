package model

import (
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// The lists that write themselves into the answer (a series' points, a
// page's edges) collect what a query selects of their elements once for
// all of them, as gqlgen does, and write it as gqlgen writes an object:
// each field once, under its alias, in the document's order.

// flushBytes is how much of the answer such a list hands on at once.
const flushBytes = 8 << 10

// selectedField is a field of a selection on an element: its key in the
// answer, quoted with its colon, and its name.
type selectedField struct {
	key  []byte
	name string
	// node is the selection of an edge's node field.
	node []selectedField
}

// collectFields collects the fields of sel on an object of implementors,
// if accept takes each.
func collectFields(opCtx *graphql.OperationContext, sel ast.SelectionSet, implementors []string,
	accept func(*selectedField, graphql.CollectedField) bool) ([]selectedField, bool) {
	collected := graphql.CollectFields(opCtx, sel, implementors)
	fields := make([]selectedField, len(collected))
	for i, c := range collected {
		fields[i] = selectedField{key: append(strconv.AppendQuote(nil, c.Alias), ':'), name: c.Name}
		if !accept(&fields[i], c) {
			return nil, false
		}
	}
	return fields, true
}
