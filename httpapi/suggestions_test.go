package httpapi_test

import (
	"regexp"
	"strings"
	"testing"

	"consumption/graphtest"
)

// TestNoSuggestionsWithoutIntrospection makes each kind of mistake that
// GraphQL answers with "Did you mean ...?": a field, an argument, an enum
// value, an input field, a type and a field that needs a selection, in the
// document and in variables. With introspection on, the suggestions are
// there (so the mistakes are the kind that get them); with it off, no
// answer suggests anything, nor names what was meant.
func TestNoSuggestionsWithoutIntrospection(t *testing.T) {
	mistakes := []struct {
		name, query string
		vars        map[string]any
		meant       string // the name a suggestion would give away
	}{
		{"a misspelt field", `{ me { emial } }`, nil, "email"},
		{"a misspelt argument", `{ consumptionRecords(frist: 5) { totalCount } }`, nil, "first"},
		{"a misspelt enum value", `{ consumptionSeries(granularity: DAYS) { total } }`, nil, "DAY"},
		{"a misspelt input field", `{ consumptionRecords(filter: {tyeps: [GAS]}) { totalCount } }`, nil, "types"},
		{"a misspelt type", `{ ...F } fragment F on Qurey { me { id } }`, nil, "Query"},
		{"an object without a selection", `{ me }`, nil, "me { ... }"},
		{"a misspelt enum value in a variable", `query($g: Granularity!) { consumptionSeries(granularity: $g) { total } }`,
			map[string]any{"g": "DAYS"}, "DAY"},
		{"a misspelt input field in a variable", `query($f: RecordFilter) { consumptionRecords(filter: $f) { totalCount } }`,
			map[string]any{"f": map[string]any{"tyeps": []string{"GAS"}}}, "types"},
	}
	// names reports whether messages name what was meant, as a word.
	names := func(messages, meant string) bool {
		return regexp.MustCompile(`(^|\W)` + regexp.QuoteMeta(meant) + `($|\W)`).MatchString(messages)
	}
	suggests := func(messages string) bool { return strings.Contains(strings.ToLower(messages), "did you mean") }
	messagesOf := func(res graphtest.Response) string {
		var all []string
		for _, e := range res.Errors {
			all = append(all, e.Message)
		}
		return strings.Join(all, " | ")
	}

	open := graphtest.NewServer(t, graphtest.Options{})
	closed := graphtest.NewServer(t, graphtest.Options{NoIntrospection: true})
	user := open.Register(t)
	closedUser := closed.Register(t)
	for _, m := range mistakes {
		t.Run(m.name, func(t *testing.T) {
			res := closed.Post(t, closedUser.AccessToken, m.query, m.vars)
			if len(res.Errors) == 0 {
				t.Fatalf("the mistake was accepted: %s", res.Data)
			}
			if got := messagesOf(res); suggests(got) || names(got, m.meant) {
				t.Errorf("with introspection off: %q suggests %q", got, m.meant)
			}
			// Only mistakes in the document get suggestions at all.
			if m.vars == nil {
				if got := messagesOf(open.Post(t, user.AccessToken, m.query, m.vars)); !suggests(got) {
					t.Errorf("with introspection on, no suggestion: %q (is this the kind of mistake that gets one?)", got)
				}
			}
		})
	}
}
