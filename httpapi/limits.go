package httpapi

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Limits bound what one request may ask of the server. All of them are
// checked before anything runs, and all but the complexity before gqlgen
// validates the document: some validation rules take time quadratic in the
// number of fields or fragments, so a document must be small before it is
// validated.
type Limits struct {
	// MaxBodyBytes is the largest request body read; a larger one gets 413.
	MaxBodyBytes int64
	// MaxTokens is the most lexical tokens a document may have.
	MaxTokens int
	// MaxDepth is the deepest nesting of fields, with fragments expanded.
	MaxDepth int
	// MaxAliases is the most aliased fields an operation may have, with
	// fragments expanded.
	MaxAliases int
	// MaxFields is the most fields and fragments a document may select,
	// counting each fragment wherever it is spread and once on its own, as
	// validation walks it.
	MaxFields int
	// MaxComplexity is the highest cost an operation may have: each field
	// costs 1 plus what it selects, and a connection's `first` multiplies
	// the cost of what it selects.
	MaxComplexity int
}

// DefaultLimits returns the limits a server has unless configured otherwise.
// They let through every query of the web client, the playground's
// introspection, a page of 500 records with every field, and a bulk create
// of 1000 records written inline.
func DefaultLimits() Limits {
	return Limits{
		MaxBodyBytes:  1 << 20,
		MaxTokens:     30_000,
		MaxDepth:      15,
		MaxAliases:    50,
		MaxFields:     1000,
		MaxComplexity: 10_000,
	}
}

// withDefaults returns l with every zero limit replaced by its default.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = d.MaxBodyBytes
	}
	if l.MaxTokens <= 0 {
		l.MaxTokens = d.MaxTokens
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxAliases <= 0 {
		l.MaxAliases = d.MaxAliases
	}
	if l.MaxFields <= 0 {
		l.MaxFields = d.MaxFields
	}
	if l.MaxComplexity <= 0 {
		l.MaxComplexity = d.MaxComplexity
	}
	return l
}

// documentGuard checks a document before gqlgen parses and validates it: its
// tokens, fragment cycles, introspection when it is off, depth, aliases and
// size. It runs as gqlgen's first step (an OperationParameterMutator), so
// that nothing recursive or quadratic ever sees a document it refuses. It
// walks each fragment once, remembering what it measured, so its own work is
// linear in the document however fragments are spread.
type documentGuard struct {
	limits        Limits
	introspection bool
	// validated holds the documents that passed validation before, which
	// the guard need not check again.
	validated graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = documentGuard{}

func (documentGuard) ExtensionName() string { return "DocumentGuard" }

func (documentGuard) Validate(graphql.ExecutableSchema) error { return nil }

func (g documentGuard) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if _, ok := g.validated.Get(ctx, params.Query); ok {
		return nil
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, g.limits.MaxTokens)
	if err != nil {
		e, ok := err.(*gqlerror.Error)
		if !ok {
			e = gqlerror.Wrap(err)
		}
		if strings.HasPrefix(e.Message, "exceeded token limit") {
			return limitError(codeTokenLimit, fmt.Sprintf(
				"The document has more than %d tokens; split it into smaller requests or pass values as variables.", g.limits.MaxTokens))
		}
		errcode.Set(e, errcode.ParseFailed)
		return e
	}
	return g.check(doc)
}

// check measures a parsed document against the limits.
func (g documentGuard) check(doc *ast.QueryDocument) *gqlerror.Error {
	m := newMeasurer(doc)
	var depth, aliases, fields int
	for _, op := range doc.Operations {
		s := m.selectionSet(op.SelectionSet)
		depth = max(depth, s.depth)
		aliases = max(aliases, s.aliases)
		fields = addCapped(fields, s.fields)
	}
	// Validation walks every fragment on its own too.
	for _, f := range doc.Fragments {
		fields = addCapped(fields, m.fragment(f.Name).fields)
	}
	switch {
	case m.cycle != nil:
		e := gqlerror.ErrorPosf(m.cycle.Position, "Cannot spread fragment %q within itself.", m.cycle.Name)
		errcode.Set(e, errcode.ValidationFailed)
		return e
	case m.introspects && !g.introspection:
		e := gqlerror.ErrorPosf(m.introspectsAt, "Introspection is disabled on this server.")
		errcode.Set(e, errcode.ValidationFailed)
		return e
	case depth > g.limits.MaxDepth:
		return limitError(codeDepthLimit, fmt.Sprintf(
			"The query nests fields %d deep, deeper than the limit of %d.", depth, g.limits.MaxDepth))
	case aliases > g.limits.MaxAliases:
		return limitError(codeAliasLimit, fmt.Sprintf(
			"The operation has more than %d aliased fields; split it into smaller requests.", g.limits.MaxAliases))
	case fields > g.limits.MaxFields:
		return limitError(codeFieldLimit, fmt.Sprintf(
			"The document selects more than %d fields and fragments; split it into smaller requests.", g.limits.MaxFields))
	}
	return nil
}

// size is what a selection set selects: how deep it nests fields, how many
// of them are aliased, and how many fields and fragments it has, each
// fragment counted with what it selects.
type size struct {
	depth, aliases, fields int
}

// measurer measures selection sets, expanding fragment spreads. It remembers
// each fragment's size, so a fragment spread many times is measured once,
// and it notes the first fragment found to spread within itself.
type measurer struct {
	fragments map[string]*ast.FragmentDefinition
	sizes     map[string]size
	// entered holds the fragments being measured, to find cycles.
	entered map[string]bool
	cycle   *ast.FragmentSpread
	// introspects reports a __schema or __type field, at introspectsAt.
	introspects   bool
	introspectsAt *ast.Position
}

func newMeasurer(doc *ast.QueryDocument) *measurer {
	m := &measurer{
		fragments: make(map[string]*ast.FragmentDefinition, len(doc.Fragments)),
		sizes:     make(map[string]size, len(doc.Fragments)),
		entered:   make(map[string]bool),
	}
	for _, f := range doc.Fragments {
		if _, ok := m.fragments[f.Name]; !ok {
			m.fragments[f.Name] = f
		}
	}
	return m
}

func (m *measurer) selectionSet(set ast.SelectionSet) size {
	var out size
	for _, sel := range set {
		var child size
		switch sel := sel.(type) {
		case *ast.Field:
			if (sel.Name == "__schema" || sel.Name == "__type") && !m.introspects {
				m.introspects, m.introspectsAt = true, sel.Position
			}
			child = m.selectionSet(sel.SelectionSet)
			child.depth++
			if sel.Alias != sel.Name {
				child.aliases++
			}
		case *ast.InlineFragment:
			child = m.selectionSet(sel.SelectionSet)
		case *ast.FragmentSpread:
			if m.entered[sel.Name] {
				if m.cycle == nil {
					m.cycle = sel
				}
				continue
			}
			child = m.fragment(sel.Name)
		}
		out.depth = max(out.depth, child.depth)
		out.aliases = addCapped(out.aliases, child.aliases)
		out.fields = addCapped(out.fields, addCapped(child.fields, 1))
	}
	return out
}

// fragment returns the size of the named fragment; an unknown one is empty,
// and left to validation to report.
func (m *measurer) fragment(name string) size {
	if s, ok := m.sizes[name]; ok {
		return s
	}
	f, ok := m.fragments[name]
	if !ok {
		return size{}
	}
	m.entered[name] = true
	s := m.selectionSet(f.SelectionSet)
	delete(m.entered, name)
	m.sizes[name] = s
	return s
}

// addCapped adds two counts without overflowing: fragments spreading others
// twice over double the count at each step.
func addCapped(a, b int) int {
	if a > math.MaxInt32-b {
		return math.MaxInt32
	}
	return a + b
}

// smallQueryCache keeps parsed and validated documents, but only short ones:
// the cache has a fixed number of entries, and as many documents of a
// megabyte each would take gigabytes.
type smallQueryCache struct {
	lru      *lru.LRU[*ast.QueryDocument]
	maxBytes int
}

func newSmallQueryCache(entries, maxBytes int) smallQueryCache {
	return smallQueryCache{lru: lru.New[*ast.QueryDocument](entries), maxBytes: maxBytes}
}

func (c smallQueryCache) Get(ctx context.Context, query string) (*ast.QueryDocument, bool) {
	return c.lru.Get(ctx, query)
}

func (c smallQueryCache) Add(ctx context.Context, query string, doc *ast.QueryDocument) {
	if len(query) <= c.maxBytes {
		c.lru.Add(ctx, query, doc)
	}
}
