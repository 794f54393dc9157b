package domain

import "testing"

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
