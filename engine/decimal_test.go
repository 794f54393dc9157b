package engine

import (
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

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

// TestDecimalAppend checks the text of figures of every size against
// math/big's: whole millionths, each bit length up to 128, either sign,
// and the largest.
func TestDecimalAppend(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(d Decimal) {
		r := new(big.Rat).SetFrac(d.micros.big(), big.NewInt(million))
		if d.neg {
			r.Neg(r)
		}
		want := strings.TrimRight(strings.TrimRight(r.FloatString(Places), "0"), ".")
		if want == "-0" {
			want = "0"
		}
		if got := string(d.Append([]byte("x"))); got != "x"+want {
			t.Errorf("Decimal{%v, %v}.Append = %s, want x%s", d.neg, d.micros, got, want)
		}
	}
	for bitLen := range 129 {
		for range 200 {
			var m u128
			switch {
			case bitLen > 64:
				m = u128{hi: rng.Uint64()>>(128-bitLen) | 1<<(bitLen-65), lo: rng.Uint64()}
			case bitLen > 0:
				m = u128{lo: rng.Uint64()>>(64-bitLen) | 1<<(bitLen-1)}
			}
			for _, scale := range []uint64{1, 10, 1000, million} {
				if m.hi == 0 && m.lo < 1<<63/million {
					check(Decimal{micros: u128{lo: m.lo * scale}})
				}
			}
			check(Decimal{micros: m})
			check(Decimal{neg: true, micros: m})
		}
	}
	check(Decimal{micros: u128{hi: ^uint64(0), lo: ^uint64(0)}})
	check(Decimal{micros: u128{lo: ^uint64(0)}})
	check(Decimal{micros: u128{hi: 1}})
}
