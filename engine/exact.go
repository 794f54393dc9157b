package engine

import "math/bits"

// exact is a sum kept exactly: whole + num/den, with num < den. What a
// bucket receives is mostly whole (records that lie inside it, in the
// conversion's units); only a record that a bucket's or range's edge cuts
// adds a fraction, with the record's length in days as denominator, and a
// bucket has at most two such records (one at each edge: records of a type
// never overlap). So the denominator stays small, and nothing is reduced by
// a greatest common divisor on the common path.
type exact struct {
	whole    u128
	num, den uint64 // den is 0 while there is no fraction
	overflow bool
}

// add adds v.
func (e *exact) add(v u128) {
	var ok bool
	if e.whole, ok = e.whole.add(v); !ok {
		e.overflow = true
	}
}

// addShare adds v × k ÷ d: the k days of a record of d days whose amount is v.
func (e *exact) addShare(v u128, k, d uint64) {
	if k == d {
		e.add(v)
		return
	}
	n, ok := v.mul(k)
	if !ok {
		e.overflow = true
		return
	}
	q, r := n.divMod(d)
	e.add(q)
	if r != 0 {
		e.addFraction(r, d)
	}
}

// addFraction adds r/d, for r < d.
func (e *exact) addFraction(r, d uint64) {
	switch e.den {
	case 0:
		e.num, e.den = r, d
		return
	case d:
		e.num += r
	default:
		// Over the least common multiple of the two denominators.
		g := gcd(e.den, d)
		hi, lcm := bits.Mul64(e.den/g, d)
		if hi != 0 {
			e.overflow = true
			return
		}
		a, b := e.num*(lcm/e.den), r*(lcm/d) // each below lcm
		sum, carry := bits.Add64(a, b, 0)
		if carry != 0 {
			e.overflow = true
			return
		}
		e.num, e.den = sum, lcm
	}
	if e.num >= e.den {
		e.add(u128From(e.num / e.den))
		e.num %= e.den
	}
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// floor divides the sum by divisor and returns the whole quotient and the
// remainder over its denominator: the sum is q + r/den, with r < den.
func (e *exact) floor(divisor uint64) (q u128, r, den uint64, ok bool) {
	den = max(e.den, 1)
	hi, d := bits.Mul64(divisor, den)
	if hi != 0 || e.overflow {
		return u128{}, 0, 0, false
	}
	n, ok := e.whole.mul(den)
	if ok {
		n, ok = n.add(u128From(e.num))
	}
	if !ok {
		return u128{}, 0, 0, false
	}
	q, r = n.divMod(d)
	return q, r, d, true
}

// round divides the sum by divisor and rounds it to the nearest whole
// number, halves up.
func (e *exact) round(divisor uint64) (u128, bool) {
	q, r, den, ok := e.floor(divisor)
	if !ok {
		return u128{}, false
	}
	if r >= den-r { // r/den ≥ 1/2
		q, ok = q.add(u128From(1))
	}
	return q, ok
}
