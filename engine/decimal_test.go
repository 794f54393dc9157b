package engine

import "testing"

func TestDecimal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"},
		{"0.000000", "0"},
		{"-0", "0"},
		{"12.5", "12.5"},
		{"1234.500000", "1234.5"},
		{"-0.25", "-0.25"},
		{"0.000001", "0.000001"},
		{"1000000", "1000000"},
		{".5", "0.5"},
		{"7.", "7"},
		{"340282366920938463463374607431768.211455", "340282366920938463463374607431768.211455"}, // (2^128-1)/10^6
	}
	for _, tt := range tests {
		d, err := ParseDecimal(tt.in)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if got := d.String(); got != tt.want {
			t.Errorf("%q reads back as %q, want %q", tt.in, got, tt.want)
		}
		if got := d.Rat().FloatString(6); got != mustRat(tt.want) {
			t.Errorf("%q as a rational is %s", tt.in, got)
		}
	}
	for _, bad := range []string{"", "-", ".", "1.2345678", "1e5", "12a", "1..2", "+1", " 1", "340282366920938463463374607431768.211456", "NaN"} {
		if d, err := ParseDecimal([]byte(bad)); err == nil {
			t.Errorf("%q read as %s", bad, d)
		}
	}
}

func mustRat(s string) string {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	whole, frac := d.micros.divMod(million)
	sign := ""
	if d.neg {
		sign = "-"
	}
	return sign + string(whole.appendDecimal(nil)) + "." + string(appendUint(nil, frac+million)[1:])
}
