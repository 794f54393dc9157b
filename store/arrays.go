package store

import (
	"bytes"
	"errors"
	"strconv"
)

// arrayText walks the elements of a one-dimensional array in PostgreSQL's
// text form, {a,b,NULL,"c d"}, as the driver hands it over: each element
// is a slice of the text itself, so that walking an array of thousands of
// elements allocates nothing. Only an element quoted with backslash
// escapes in it is copied, to be unescaped. (The driver's own array types
// parse the whole array first and allocate for each element of text.)
type arrayText struct {
	rest []byte
	// started says that the first element was read: from then on, each
	// element follows a comma.
	started bool
	// null says that the array is NULL: a column of a statement's arrays
	// that is NULL in every row.
	null bool
}

var errArrayText = errors.New("store: not a one-dimensional array's text")

// newArrayText returns the walker of the array b, or an error when b is
// not one. NULL (b nil) walks as NULL elements without end.
func newArrayText(b []byte) (arrayText, error) {
	if b == nil {
		return arrayText{null: true}, nil
	}
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return arrayText{}, errArrayText
	}
	return arrayText{rest: b[1 : len(b)-1]}, nil
}

// next returns the next element, with ok false once there is none. A NULL
// element is a nil slice; any other is not nil, even when empty ("").
func (a *arrayText) next() (elem []byte, ok bool, err error) {
	if a.null {
		return nil, true, nil
	}
	if len(a.rest) == 0 {
		return nil, false, nil
	}
	if a.started {
		if a.rest[0] != ',' {
			return nil, false, errArrayText
		}
		a.rest = a.rest[1:]
	}
	a.started = true
	if len(a.rest) > 0 && a.rest[0] == '"' {
		return a.quoted()
	}
	end := 0
	for ; end < len(a.rest) && a.rest[end] != ','; end++ {
		switch a.rest[end] {
		case '{', '}', '"', '\\':
			// Nested arrays, and characters that only come quoted.
			return nil, false, errArrayText
		}
	}
	elem, a.rest = a.rest[:end], a.rest[end:]
	switch {
	case end == 0:
		return nil, false, errArrayText
	case end == 4 && bytes.EqualFold(elem, []byte("NULL")):
		return nil, true, nil
	}
	return elem, true, nil
}

// quoted reads an element in double quotes, in which a backslash escapes
// the character after it.
func (a *arrayText) quoted() (elem []byte, ok bool, err error) {
	var unescaped []byte
	i := 1
	for ; i < len(a.rest) && a.rest[i] != '"'; i++ {
		if a.rest[i] == '\\' {
			if unescaped == nil {
				unescaped = append([]byte{}, a.rest[1:i]...)
			}
			if i++; i == len(a.rest) {
				return nil, false, errArrayText
			}
		}
		if unescaped != nil {
			unescaped = append(unescaped, a.rest[i])
		}
	}
	if i == len(a.rest) {
		return nil, false, errArrayText
	}
	elem, a.rest = a.rest[1:i], a.rest[i+1:]
	if unescaped != nil {
		elem = unescaped
	}
	return elem, true, nil
}

// elementParser parses the integers of arrays' elements, keeping the
// first error it meets, for a row's elements to be parsed in one go and
// checked once.
type elementParser struct{ err error }

// int returns the integer an element holds, 0 for NULL.
func (p *elementParser) int(elem []byte) int {
	if elem == nil {
		return 0
	}
	// The conversion does not escape, so it copies nothing to the heap.
	n, err := strconv.Atoi(string(elem))
	if p.err == nil {
		p.err = err
	}
	return n
}
