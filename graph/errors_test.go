package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/lib/pq"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"consumption/domain"
	"consumption/store"
)

func TestErrorPresenter(t *testing.T) {
	var logs bytes.Buffer
	present := ErrorPresenter(slog.New(slog.NewTextHandler(&logs, nil)))
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, nil)
	driverErr := &pq.Error{Code: "23514", Message: `new row for relation "consumption_records" violates check constraint "consumption_records_period"`}

	tests := []struct {
		name     string
		err      error
		wantCode string
		wantMsg  string
		logged   bool
	}{
		{"a driver error is internal and shows nothing of itself",
			fmt.Errorf("store: create records: %w", driverErr), CodeInternal, "internal server error", true},
		{"a panic is internal and shows no stack",
			Recover(ctx, "index out of range"), CodeInternal, "internal server error", true},
		{"a domain error keeps its message and code",
			domain.Invalid("amount", "The amount must not be negative."), "BAD_USER_INPUT", "The amount must not be negative.", false},
		{"not found from the store",
			fmt.Errorf("store: get: %w", store.ErrNotFound), "NOT_FOUND", "", false},
		{"an unreachable database asks to try again",
			errors.Join(store.ErrUnavailable, errors.New("dial tcp 127.0.0.1:5432: connection refused")), "SERVICE_UNAVAILABLE", "", false},
		{"a full connection pool asks to try again",
			fmt.Errorf("store: get record: %w", store.ErrBusy), "SERVICE_UNAVAILABLE", "", false},
		{"a statement past its timeout asks to try again, and shows no SQL",
			errors.Join(store.ErrTimeout, &pq.Error{Code: "57014", Message: "canceling statement due to statement timeout"}), "SERVICE_UNAVAILABLE", "", false},
		{"gqlgen's own errors keep their code",
			&gqlerror.Error{Message: "Cannot query field", Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}}, "GRAPHQL_VALIDATION_FAILED", "Cannot query field", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs.Reset()
			got := present(ctx, tt.err)
			if code := got.Extensions["code"]; code != tt.wantCode {
				t.Errorf("code = %v, want %s", code, tt.wantCode)
			}
			if tt.wantMsg != "" && got.Message != tt.wantMsg {
				t.Errorf("message = %q, want %q", got.Message, tt.wantMsg)
			}
			for _, leak := range []string{"consumption_records", "constraint", "pq:", "goroutine", "127.0.0.1", "canceling statement"} {
				if strings.Contains(got.Message, leak) || strings.Contains(fmt.Sprint(got.Extensions), leak) {
					t.Errorf("the client sees %q: %q %v", leak, got.Message, got.Extensions)
				}
			}
			if logged := logs.Len() > 0; logged != tt.logged && tt.wantCode == CodeInternal {
				t.Errorf("logged = %v, want %v", logged, tt.logged)
			}
		})
	}

	t.Run("an argument's error takes its field and index from the path", func(t *testing.T) {
		err := &gqlerror.Error{
			Message: "bad", Err: domain.Invalid("", "Not a decimal."),
			Path: ast.Path{ast.PathName("createConsumptionRecords"), ast.PathName("input"), ast.PathIndex(3), ast.PathName("amount")},
		}
		got := present(ctx, err)
		if got.Extensions["field"] != "amount" || got.Extensions["index"] != 3 {
			t.Errorf("extensions = %v, want field amount at index 3", got.Extensions)
		}
	})
	t.Run("presenting a shared error does not change it", func(t *testing.T) {
		present(ctx, errSignInRequired)
		if errSignInRequired.Field != "" || errSignInRequired.Index != -1 {
			t.Errorf("errSignInRequired changed: %+v", errSignInRequired)
		}
	})
}
