package engine

import (
	"math/big"
	"math/bits"
)

// u128 is an unsigned 128-bit integer. The engine's sums are counts of tiny
// fractions of a unit: a record's amount in millionths reaches 10^18, a
// unit's factor 10^8 and twenty years hold 7,305 records, which is more
// than 64 bits and far less than 128. Its operations report overflow
// instead of wrapping, so that a bound missed is an error, never a wrong
// figure.
type u128 struct{ hi, lo uint64 }

func u128From(v uint64) u128 { return u128{lo: v} }

func (a u128) isZero() bool { return a.hi == 0 && a.lo == 0 }

// add returns a+b, and false when it does not fit.
func (a u128) add(b u128) (u128, bool) {
	lo, carry := bits.Add64(a.lo, b.lo, 0)
	hi, carry := bits.Add64(a.hi, b.hi, carry)
	return u128{hi, lo}, carry == 0
}

// sub returns a-b for a ≥ b.
func (a u128) sub(b u128) u128 {
	lo, borrow := bits.Sub64(a.lo, b.lo, 0)
	hi, _ := bits.Sub64(a.hi, b.hi, borrow)
	return u128{hi, lo}
}

// mul returns a×m, and false when it does not fit.
func (a u128) mul(m uint64) (u128, bool) {
	hiHi, hiLo := bits.Mul64(a.hi, m)
	loHi, loLo := bits.Mul64(a.lo, m)
	hi, carry := bits.Add64(hiLo, loHi, 0)
	return u128{hi, loLo}, hiHi == 0 && carry == 0
}

// divMod returns a÷d and a mod d, for d > 0.
func (a u128) divMod(d uint64) (u128, uint64) {
	qHi, r := bits.Div64(0, a.hi, d)
	qLo, r := bits.Div64(r, a.lo, d)
	return u128{qHi, qLo}, r
}

// cmp returns -1, 0 or 1 as a is less than, equal to or greater than b.
func (a u128) cmp(b u128) int {
	switch {
	case a.hi < b.hi:
		return -1
	case a.hi > b.hi:
		return 1
	case a.lo < b.lo:
		return -1
	case a.lo > b.lo:
		return 1
	}
	return 0
}

// mul64 returns a×b, which always fits.
func mul64(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

// big returns a as a big.Int.
func (a u128) big() *big.Int {
	if a.hi == 0 {
		return new(big.Int).SetUint64(a.lo)
	}
	b := new(big.Int).SetUint64(a.hi)
	b.Lsh(b, 64)
	return b.Or(b, new(big.Int).SetUint64(a.lo))
}

// appendDecimal appends a's decimal digits to buf.
func (a u128) appendDecimal(buf []byte) []byte {
	if a.hi == 0 {
		return appendUint(buf, a.lo)
	}
	// Nineteen digits at a time, the most a uint64 chunk holds.
	const chunk uint64 = 1e19
	var parts [3]uint64
	n := 0
	for !a.isZero() {
		var r uint64
		a, r = a.divMod(chunk)
		parts[n] = r
		n++
	}
	buf = appendUint(buf, parts[n-1])
	for i := n - 2; i >= 0; i-- {
		var digits [19]byte
		v := parts[i]
		for j := 18; j >= 0; j-- {
			digits[j] = byte('0' + v%10)
			v /= 10
		}
		buf = append(buf, digits[:]...)
	}
	return buf
}

func appendUint(buf []byte, v uint64) []byte {
	var digits [20]byte
	i := len(digits)
	for {
		i--
		digits[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(buf, digits[i:]...)
}
