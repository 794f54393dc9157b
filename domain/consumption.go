package domain

import (
	"fmt"
	"strings"
)

// Type is a kind of consumption.
type Type string

// The kinds of consumption. The values are those of the GraphQL enum and of
// the database column.
const (
	Electricity Type = "ELECTRICITY"
	Water       Type = "WATER"
	Gas         Type = "GAS"
)

// Types lists every kind of consumption in the order the API reports them.
var Types = []Type{Electricity, Water, Gas}

// Unit is a unit of measurement of an amount.
type Unit string

// The units of measurement.
const (
	WattHour     Unit = "WH"
	KilowattHour Unit = "KWH"
	MegawattHour Unit = "MWH"
	Liter        Unit = "LITER"
	CubicMeter   Unit = "CUBIC_METER"
)

// unitsOf lists the units each type may be recorded in, smallest first.
var unitsOf = map[Type][]Unit{
	Electricity: {WattHour, KilowattHour, MegawattHour},
	Water:       {Liter, CubicMeter},
	Gas:         {CubicMeter, KilowattHour},
}

// defaultUnits are the units in which totals are reported by default.
var defaultUnits = map[Type]Unit{
	Electricity: KilowattHour,
	Water:       CubicMeter,
	Gas:         CubicMeter,
}

// Valid reports whether t is a known type.
func (t Type) Valid() bool {
	_, ok := unitsOf[t]
	return ok
}

// Units returns the units t may be recorded in.
func (t Type) Units() []Unit { return unitsOf[t] }

// DefaultUnit is the unit in which totals of t are reported unless another
// is asked for.
func (t Type) DefaultUnit() Unit { return defaultUnits[t] }

// Allows reports whether an amount of type t may be measured in u.
func (t Type) Allows(u Unit) bool {
	for _, allowed := range unitsOf[t] {
		if allowed == u {
			return true
		}
	}
	return false
}

// CheckUnit returns a BAD_USER_INPUT error on field when u is not a unit of t.
func (t Type) CheckUnit(u Unit, field string) *Error {
	if t.Allows(u) {
		return nil
	}
	names := make([]string, len(unitsOf[t]))
	for i, allowed := range unitsOf[t] {
		names[i] = string(allowed)
	}
	return Invalid(field, fmt.Sprintf("%s is not a unit of %s; use %s or %s.",
		u, strings.ToLower(string(t)), strings.Join(names[:len(names)-1], ", "), names[len(names)-1]))
}
