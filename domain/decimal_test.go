package domain

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseDecimal(t *testing.T) {
	valid := []struct{ in, want string }{
		{"12.345", "12.345"},
		{"0", "0"},
		{"-0.5", "-0.5"},
		{"+7", "7"},
		{".5", "0.5"},
		{"5.", "5"},
		{"1.5e3", "1500"},
		{"1E-6", "0.000001"},
		{"12.500000", "12.5"},
		{"1000000000000.000000", "1000000000000"},
	}
	for _, tt := range valid {
		d, err := ParseDecimal(tt.in)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", tt.in, err)
			continue
		}
		if got := FormatDecimal(d); got != tt.want {
			t.Errorf("ParseDecimal(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	invalid := []string{
		"", "NaN", "nan", "Infinity", "-Inf", "abc", "1,5", "1.2.3", " 1", "1 ", "0x10", "1e", "e5", "--1",
		"1e101", "1e-101", "1e999999999", "1e99999999999999999999", "١٢", // Arabic-Indic digits
		"1" + string(make([]byte, 64)),
	}
	for _, in := range invalid {
		if d, err := ParseDecimal(in); err == nil {
			t.Errorf("ParseDecimal(%q) = %s, want an error", in, d)
		} else if ErrorCode(err) != CodeInvalid {
			t.Errorf("ParseDecimal(%q): error %v has code %q, want BAD_USER_INPUT", in, err, ErrorCode(err))
		}
	}
}

func TestCheckAmount(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
	}{
		{"0", true}, {"1000000000000", true}, {"0.000001", true}, {"123.4560000", true},
		{"-0.000001", false}, {"1000000000000.000001", false}, {"0.0000001", false}, {"1e13", false},
	}
	for _, tt := range tests {
		d, err := ParseDecimal(tt.in)
		if err != nil {
			t.Fatalf("ParseDecimal(%q): %v", tt.in, err)
		}
		if err := CheckAmount(d, "amount"); (err == nil) != tt.valid {
			t.Errorf("CheckAmount(%s) = %v, want valid=%v", tt.in, err, tt.valid)
		}
	}
}

// TestAppendDecimal checks that AppendDecimal writes what decimal's String
// does, for coefficients of every size, both signs and exponents from -20
// to 3: those of 18 digits and places by its own way, the others by String.
func TestAppendDecimal(t *testing.T) {
	coefficients := []int64{0, 1, 5, 9, 10, 50, 100, 123456, 1000000, 999999999999999999, 1000000000000000000,
		math.MaxInt64, math.MinInt64 + 1, math.MinInt64, 1 << 53, 1<<53 + 1, 9007199254740993}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		coefficients = append(coefficients, r.Int64N(1_000_000_000_000), r.Int64())
	}
	for _, c := range coefficients {
		for _, sign := range []int64{1, -1} {
			for exp := int32(-20); exp <= 3; exp++ {
				d := decimal.New(sign*c, exp)
				if got, want := string(AppendDecimal([]byte("x"), d)), "x"+d.String(); got != want {
					t.Errorf("AppendDecimal(%d e%d) = %s, want %s", sign*c, exp, got, want)
				}
			}
		}
	}
	big, _ := decimal.NewFromString("123456789012345678901234567890.123456789")
	if got := FormatDecimal(big); got != big.String() {
		t.Errorf("FormatDecimal(%s) = %s", big, got)
	}
}
