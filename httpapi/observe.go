package httpapi

import (
	"context"
	"slices"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// requestInfo is what the request log and the metrics say of a request,
// filled in as the request goes through the layers that learn it.
type requestInfo struct {
	// operation is the GraphQL operation's name, "" for none.
	operation string
	// fields are the root fields of a valid operation, each once.
	fields []string
	// outcome is "ok" or the code of the first error, "" until known.
	outcome string
	// userID is the signed-in user's id, "" for none.
	userID string
	// live says the request opened a live connection (a WebSocket), and
	// closeCode is the code it closed with.
	live      bool
	closeCode int
}

type requestInfoKey struct{}

func withRequestInfo(ctx context.Context, info *requestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, info)
}

// infoOf returns the request's info, or a throwaway one for contexts that
// carry none, such as in tests that call a layer alone.
func infoOf(ctx context.Context) *requestInfo {
	if info, ok := ctx.Value(requestInfoKey{}).(*requestInfo); ok {
		return info
	}
	return &requestInfo{}
}

// noteOperation records the operation's name. A name the client sent that
// did not come from a parsed document is kept only when it is a plain
// GraphQL name of reasonable length.
func noteOperation(ctx context.Context, name string) {
	if plainOperationName(name) {
		infoOf(ctx).operation = name
	}
}

// noteFields records the fields a valid operation asks at its root, for
// the metrics: the schema names them, so they are few, whatever the client.
func noteFields(ctx context.Context, op *ast.OperationDefinition) {
	infoOf(ctx).fields = rootFields(op.SelectionSet, nil)
}

// rootFields appends the names of the fields a selection set asks, through
// its fragments, each once.
func rootFields(set ast.SelectionSet, names []string) []string {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if !slices.Contains(names, s.Name) {
				names = append(names, s.Name)
			}
		case *ast.InlineFragment:
			names = rootFields(s.SelectionSet, names)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				names = rootFields(s.Definition.SelectionSet, names)
			}
		}
	}
	return names
}

// noteOutcome records the outcome: ok, or the code of the first error.
func noteOutcome(ctx context.Context, errs gqlerror.List) {
	info := infoOf(ctx)
	if len(errs) == 0 {
		info.outcome = "ok"
		return
	}
	code, _ := errs[0].Extensions["code"].(string)
	if code == "" {
		code = codeInternal
	}
	info.outcome = code
}

// noteRefusal records the code of a request refused before GraphQL ran.
func noteRefusal(ctx context.Context, code string) { infoOf(ctx).outcome = code }

// maxOperationNameLength bounds the operation names logged and counted.
const maxOperationNameLength = 100

func plainOperationName(name string) bool {
	if name == "" || !utf8.ValidString(name) || len(name) > maxOperationNameLength {
		return false
	}
	for i, c := range name {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}
