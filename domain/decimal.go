package domain

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"github.com/shopspring/decimal"
)

// maxDecimalText bounds the text of a decimal before it is parsed, so that
// a hostile client cannot make the server build enormous numbers.
const maxDecimalText = 64

// maxDecimalExponent bounds the exponent of a decimal in scientific notation
// for the same reason: 1e999999999 is refused before anything scales it.
const maxDecimalExponent = 100

var decimalText = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]{1,9}))?$`)

// ParseDecimal reads an exact decimal number such as "12.345", "-0.5" or
// "1.5e3". NaN, infinities, empty strings and anything else that is not a
// plain number are refused, as are exponents whose size alone would be absurd.
// Its errors are BAD_USER_INPUT *Error values without a field.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Decimal{}, Invalid("", `A decimal number is required, such as "12.5".`)
	}
	if len(s) > maxDecimalText {
		return decimal.Decimal{}, Invalid("", fmt.Sprintf("A decimal number may be at most %d characters long.", maxDecimalText))
	}
	notDecimal := Invalid("", fmt.Sprintf(`%q is not a decimal number; write one like "12.5".`, s))
	m := decimalText.FindStringSubmatch(s)
	if m == nil {
		return decimal.Decimal{}, notDecimal
	}
	if m[1] != "" {
		exp, err := strconv.Atoi(m[1])
		if err != nil || exp > maxDecimalExponent || exp < -maxDecimalExponent {
			return decimal.Decimal{}, Invalid("", fmt.Sprintf("%q is out of range.", s))
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, notDecimal
	}
	return d, nil
}

// FormatDecimal writes d in plain notation without trailing zeros:
// "12.5", "0", "1000000".
func FormatDecimal(d decimal.Decimal) string {
	return string(AppendDecimal(nil, d))
}

// AppendDecimal appends d as FormatDecimal writes it, which is decimal's
// String. A decimal of at most 18 digits and 18 places, as every figure the
// server answers is, is written from its coefficient, without the big
// integer's string and the copies that String makes: charts write a
// thousand figures an answer.
func AppendDecimal(b []byte, d decimal.Decimal) []byte {
	exp := d.Exponent()
	if exp > 0 || exp < -18 || d.NumDigits() > 18 {
		return append(b, d.String()...)
	}
	c := d.CoefficientInt64()
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	var buf [20]byte
	digits := strconv.AppendInt(buf[:0], c, 10)
	places := int(-exp)
	if n := len(digits); n > places {
		b = append(b, digits[:n-places]...)
		if frac := bytes.TrimRight(digits[n-places:], "0"); len(frac) > 0 {
			b = append(append(b, '.'), frac...)
		}
		return b
	}
	// Only places: a zero, the point and the zeros before the digits.
	b = append(b, '0')
	if frac := bytes.TrimRight(digits, "0"); len(frac) > 0 {
		b = append(b, '.')
		for range places - len(digits) {
			b = append(b, '0')
		}
		b = append(b, frac...)
	}
	return b
}
