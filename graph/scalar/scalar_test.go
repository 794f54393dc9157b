package scalar

import (
	"math"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"

	"consumption/engine"
)

// TestAppendEngineDecimal checks that an engine's decimal is written as
// MarshalDecimal writes the same number: a series' points write the
// engine's amounts and costs, the other fields their shopspring copies.
func TestAppendEngineDecimal(t *testing.T) {
	texts := []string{"0", "-0", "1", "-1", "0.000001", "-0.000001", "0.1", "12.5", "1000000", "-1000000.25",
		"999999999999.999999", "-9223372036854.775808", "9223372036854.775807", "9223372036854.775808",
		"123456789012345678901234.000001", "-123456789012345678901234.5"}
	for _, m := range []int64{7, 13, 999, 123456, 1000001, 31415926, math.MaxInt64 / 3} {
		for _, e := range []int{-6, -3, -1, 0, 2} {
			s := decimal.New(m, int32(e)).String()
			texts = append(texts, s, "-"+s)
		}
	}
	for _, text := range texts {
		d, err := engine.ParseDecimal(text)
		if err != nil {
			t.Fatalf("engine.ParseDecimal(%q): %v", text, err)
		}
		want := string(AppendDecimal(nil, decimal.RequireFromString(text)))
		if got := string(AppendEngineDecimal(nil, d)); got != want {
			t.Errorf("AppendEngineDecimal(%s) = %s, want %s", text, got, want)
		}
		if _, err := strconv.Unquote(want); err != nil {
			t.Errorf("%s is not a JSON string: %v", want, err)
		}
	}
}
