package model

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"consumption/graph/scalar"
)

// RecordEdges are the edges of a page of records. Like a series' points
// (see SeriesPoints), they write themselves into the answer, one after the
// other, rather than through the code gqlgen generates for a list of
// objects, which marshals each edge in a goroutine of its own and each of
// its fields, and its node's, with a field context, a context and closures
// of their own: a third of the server's work for a page of 50 records.
//
// A record's fields are all its own but one: its meter, which a resolver
// loads, for all the edges at once. A selection that reaches it is
// marshalled by Concurrently, which the resolver of the page sets to
// gqlgen's own code.
type RecordEdges struct {
	Edges []*ConsumptionRecordEdge
	// Concurrently marshals the edges as gqlgen's code for a list of
	// objects does, for the selection set sel of the edges field.
	Concurrently func(ctx context.Context, sel ast.SelectionSet, edges []*ConsumptionRecordEdge) graphql.Marshaler
}

// The types a fragment on an edge or a record may name.
var (
	recordEdgeImplementors = []string{"ConsumptionRecordEdge"}
	recordImplementors     = []string{"ConsumptionRecord"}
)

// MarshalGQLContext writes the edges as the JSON array of the selection set
// of the field being marshalled, the edges field.
func (e RecordEdges) MarshalGQLContext(ctx context.Context, w io.Writer) error {
	opCtx, sel := graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field.Selections
	fields, ok := collectEdgeFields(opCtx, sel)
	if !ok {
		if e.Concurrently == nil {
			return errors.New("model: no way to marshal a record's meter")
		}
		e.Concurrently(ctx, sel, e.Edges).MarshalGQL(w)
		return nil
	}
	for _, edge := range e.Edges {
		if edge == nil || edge.Node == nil {
			return errors.New("model: a page has a null edge or record")
		}
	}
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i, edge := range e.Edges {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeObject(&buf, fields, func(f selectedField) {
			switch f.name {
			case "__typename":
				buf.WriteString(`"ConsumptionRecordEdge"`)
			case "cursor":
				graphql.MarshalString(edge.Cursor).MarshalGQL(&buf)
			case "node":
				writeObject(&buf, f.node, func(f selectedField) { writeRecordField(&buf, f.name, edge.Node) })
			}
		})
		if buf.Len() >= flushBytes {
			if _, err := w.Write(buf.Bytes()); err != nil {
				return err
			}
			buf.Reset()
		}
	}
	buf.WriteByte(']')
	_, err := w.Write(buf.Bytes())
	return err
}

// collectEdgeFields collects the fields of a selection on an edge, and of
// its node's, as gqlgen does, once for all the edges. It reports false for
// a selection that reaches a record's meter.
func collectEdgeFields(opCtx *graphql.OperationContext, sel ast.SelectionSet) ([]selectedField, bool) {
	return collectFields(opCtx, sel, recordEdgeImplementors, func(f *selectedField, c graphql.CollectedField) bool {
		switch c.Name {
		case "__typename", "cursor":
			return true
		case "node":
			var ok bool
			f.node, ok = collectFields(opCtx, c.Selections, recordImplementors, func(_ *selectedField, c graphql.CollectedField) bool {
				return isRecordScalar(c.Name)
			})
			return ok
		}
		return false
	})
}

// isRecordScalar reports whether name is a field of a record that
// writeRecordField writes: all but its meter.
func isRecordScalar(name string) bool {
	switch name {
	case "__typename", "id", "type", "amount", "unit", "periodStart", "periodEnd", "notes", "cost", "source", "createdAt", "updatedAt":
		return true
	}
	return false
}

// writeObject writes an object of fields, each value written by value, as
// gqlgen's field sets write it.
func writeObject(buf *bytes.Buffer, fields []selectedField, value func(selectedField)) {
	buf.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(f.key)
		value(f)
	}
	buf.WriteByte('}')
}

// writeRecordField writes the field name of r as the marshaler gqlgen
// generates for its type writes it.
func writeRecordField(buf *bytes.Buffer, name string, r *ConsumptionRecord) {
	var b [64]byte
	switch name {
	case "__typename":
		buf.WriteString(`"ConsumptionRecord"`)
	case "id":
		graphql.MarshalID(r.ID).MarshalGQL(buf)
	case "type":
		r.Type.MarshalGQL(buf)
	case "amount":
		buf.Write(scalar.AppendDecimal(b[:0], r.Amount))
	case "unit":
		r.Unit.MarshalGQL(buf)
	case "periodStart":
		buf.Write(scalar.AppendDate(b[:0], r.PeriodStart))
	case "periodEnd":
		buf.Write(scalar.AppendDate(b[:0], r.PeriodEnd))
	case "notes":
		if r.Notes == nil {
			buf.WriteString("null")
		} else {
			graphql.MarshalString(*r.Notes).MarshalGQL(buf)
		}
	case "cost":
		if r.Cost == nil {
			buf.WriteString("null")
		} else {
			buf.Write(scalar.AppendDecimal(b[:0], *r.Cost))
		}
	case "source":
		r.Source.MarshalGQL(buf)
	case "createdAt":
		graphql.MarshalTime(r.CreatedAt).MarshalGQL(buf)
	case "updatedAt":
		graphql.MarshalTime(r.UpdatedAt).MarshalGQL(buf)
	default:
		panic(fmt.Sprintf("model: a record has no field %q to write", name)) // collectEdgeFields lets none through
	}
}

// UnmarshalGQLContext refuses: edges are never an input.
func (e *RecordEdges) UnmarshalGQLContext(context.Context, any) error {
	return errors.New("model: edges are not an input")
}
