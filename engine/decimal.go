package engine

import (
	"errors"
	"fmt"
	"math/big"
)

// Places is the number of decimal places of every figure: amounts are
// recorded with at most six, and answers are rounded to six.
const Places = 6

// million is 10^Places: a Decimal counts millionths.
const million = 1_000_000

// Decimal is an exact figure with six decimal places, as the engine reads
// and answers them: a signed count of millionths. The zero value is 0.
type Decimal struct {
	neg    bool
	micros u128
}

// NewDecimal returns the figure of the given number of millionths.
func NewDecimal(millionths int64) Decimal {
	if millionths < 0 {
		return Decimal{neg: true, micros: u128From(uint64(-millionths))}
	}
	return Decimal{micros: u128From(uint64(millionths))}
}

// errNotDecimal is what ParseDecimal says of text that is not a plain
// decimal number of at most six places and 38 digits.
var errNotDecimal = errors.New("engine: not a decimal of at most six places")

// ParseDecimal reads a plain decimal number such as "12.5", "-0.25" or
// "1234.500000", as PostgreSQL writes a NUMERIC of scale six, without
// allocating. More than six decimal places, exponents and anything else
// are refused.
func ParseDecimal[T ~string | ~[]byte](text T) (Decimal, error) {
	var d Decimal
	i := 0
	if len(text) > 0 && text[0] == '-' {
		d.neg = true
		i++
	}
	digits, places, point := 0, 0, false
	for ; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '.' && !point:
			point = true
			continue
		case c < '0' || c > '9':
			return Decimal{}, fmt.Errorf("%w: %q", errNotDecimal, text)
		}
		if point {
			places++
		}
		digits++
		var ok bool
		if d.micros, ok = d.micros.mul(10); ok {
			d.micros, ok = d.micros.add(u128From(uint64(c - '0')))
		}
		if !ok || places > Places {
			return Decimal{}, fmt.Errorf("%w: %q", errNotDecimal, text)
		}
	}
	if digits == 0 {
		return Decimal{}, fmt.Errorf("%w: %q", errNotDecimal, text)
	}
	for ; places < Places; places++ {
		var ok bool
		if d.micros, ok = d.micros.mul(10); !ok {
			return Decimal{}, fmt.Errorf("%w: %q", errNotDecimal, text)
		}
	}
	if d.micros.isZero() {
		d.neg = false
	}
	return d, nil
}

// IsZero reports whether d is 0.
func (d Decimal) IsZero() bool { return d.micros.isZero() }

// Sign returns -1, 0 or 1 as d is negative, zero or positive.
func (d Decimal) Sign() int {
	switch {
	case d.micros.isZero():
		return 0
	case d.neg:
		return -1
	}
	return 1
}

// Millionths returns d as a whole number of millionths.
func (d Decimal) Millionths() *big.Int {
	b := d.micros.big()
	if d.neg {
		b.Neg(b)
	}
	return b
}

// Int64Millionths returns d as a number of millionths, and whether it fits
// in an int64 (any amount below about 9.2 × 10^12 does).
func (d Decimal) Int64Millionths() (int64, bool) {
	if d.micros.hi != 0 || d.micros.lo > 1<<63-1 {
		return 0, false
	}
	if d.neg {
		return -int64(d.micros.lo), true
	}
	return int64(d.micros.lo), true
}

// Rat returns d as an exact rational.
func (d Decimal) Rat() *big.Rat {
	return new(big.Rat).SetFrac(d.Millionths(), big.NewInt(million))
}

// String writes d in plain notation without trailing zeros: "12.5", "0",
// "-0.25", "1000000".
func (d Decimal) String() string {
	return string(d.Append(make([]byte, 0, 24)))
}

// Append appends d as String writes it to buf.
func (d Decimal) Append(buf []byte) []byte {
	if d.neg && !d.micros.isZero() {
		buf = append(buf, '-')
	}
	whole, frac := d.micros.divMod(million)
	buf = whole.appendDecimal(buf)
	if frac == 0 {
		return buf
	}
	var digits [Places]byte
	for i := Places - 1; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := Places
	for digits[n-1] == '0' {
		n--
	}
	buf = append(buf, '.')
	return append(buf, digits[:n]...)
}
