package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"consumption/domain"
	"consumption/store"
)

// CodeInternal is the code of every error the client cannot act on: a bug,
// or a failure that the log explains. The API adds it to the domain's codes.
const CodeInternal = "INTERNAL_SERVER_ERROR"

// errSignInRequired answers a field that needs a signed-in user.
var errSignInRequired = domain.ErrSignInRequired

// ErrorPresenter is the one place where errors become what clients see. Known
// errors keep their message and get their code; anything else is logged here,
// once, with the request id, and shown only as "internal server error".
func ErrorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		// Present a copy: errors such as errSignInRequired are shared.
		out := &gqlerror.Error{
			Message:   gqlErr.Message,
			Path:      gqlErr.Path,
			Locations: gqlErr.Locations,
			Rule:      gqlErr.Rule,
		}
		var de *domain.Error
		switch {
		case errors.As(err, &de):
			out.Message = de.Message
			out.Extensions = domainExtensions(de, gqlErr.Path)
		case errors.Is(err, store.ErrNotFound):
			out.Message = "Nothing with this id exists."
			out.Extensions = map[string]any{"code": string(domain.CodeNotFound)}
		case errors.Is(err, store.ErrBusy):
			logger.WarnContext(ctx, "database busy", "error", err, "path", gqlErr.Path.String())
			out.Message = "The server is busy; try again in a moment."
			out.Extensions = map[string]any{"code": string(domain.CodeUnavailable), "retryAfter": 1}
		case errors.Is(err, store.ErrTimeout):
			logger.WarnContext(ctx, "statement timeout", "error", err, "path", gqlErr.Path.String())
			out.Message = "The request took too long and was stopped; try again, or ask for less at once."
			out.Extensions = map[string]any{"code": string(domain.CodeUnavailable), "retryAfter": 1}
		case errors.Is(err, store.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
			logger.WarnContext(ctx, "database unavailable", "error", err, "path", gqlErr.Path.String())
			out.Message = "The service is briefly unavailable; try again in a moment."
			out.Extensions = map[string]any{"code": string(domain.CodeUnavailable), "retryAfter": 1}
		case gqlErr.Err == nil:
			// gqlgen's own error (parse, validation, input coercion): its
			// message describes the request, and it may carry a code.
			out.Extensions = gqlErr.Extensions
			if _, ok := out.Extensions["code"]; !ok {
				out.Extensions = withCode(out.Extensions, string(domain.CodeInvalid))
			}
		default:
			logger.ErrorContext(ctx, "internal error", "error", err, "path", gqlErr.Path.String())
			out.Message = "internal server error"
			out.Extensions = map[string]any{"code": CodeInternal}
		}
		return out
	}
}

// domainExtensions returns the extensions of a domain error. When the error
// came from reading an argument (a Decimal, a Date), its field and index are
// taken from the argument's path.
func domainExtensions(e *domain.Error, path ast.Path) map[string]any {
	ext := map[string]any{"code": string(e.Code)}
	field, index := e.Field, e.Index
	if field == "" && e.Code == domain.CodeInvalid {
		field, index = fieldOfPath(path)
	}
	if field != "" {
		ext["field"] = field
	}
	if index >= 0 {
		ext["index"] = index
	}
	// Every RATE_LIMITED and SERVICE_UNAVAILABLE answer says when to try
	// again, in whole seconds, at least one.
	if e.RetryAfter > 0 || e.Code == domain.CodeRateLimited || e.Code == domain.CodeUnavailable {
		ext["retryAfter"] = max(int(math.Ceil(e.RetryAfter.Seconds())), 1)
	}
	if e.ConflictingID != "" {
		ext["conflictingId"] = e.ConflictingID
	}
	return ext
}

// fieldOfPath returns the last name and the last index in an argument's path,
// such as "amount" and 3 in input[3].amount; index is -1 when there is none.
func fieldOfPath(path ast.Path) (field string, index int) {
	index = -1
	for i := len(path) - 1; i >= 0; i-- {
		switch el := path[i].(type) {
		case ast.PathName:
			if field == "" {
				field = string(el)
			}
		case ast.PathIndex:
			if index < 0 && field != "" {
				index = int(el)
			}
		}
	}
	return field, index
}

func withCode(ext map[string]any, code string) map[string]any {
	out := make(map[string]any, len(ext)+1)
	for k, v := range ext {
		out[k] = v
	}
	out["code"] = code
	return out
}

// Recover turns a panic in a resolver into an internal error, logged with
// its stack by the presenter's default case.
func Recover(ctx context.Context, p any) error {
	return fmt.Errorf("panic: %v\n%s", p, debug.Stack())
}

// addErrors reports every error of a list on the current field, so that a
// client sees all that is wrong with its input at once. It returns the last
// one, for the resolver to return.
func addErrors(ctx context.Context, err error) error {
	var list domain.Errors
	if !errors.As(err, &list) || len(list) == 0 {
		return err
	}
	for _, e := range list[:len(list)-1] {
		graphql.AddError(ctx, e)
	}
	return list[len(list)-1]
}
