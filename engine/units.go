package engine

import (
	"fmt"

	"consumption/domain"
)

// The units, numbered for the arrays of a conversion.
const (
	unitWh = iota
	unitKWh
	unitMWh
	unitLiter
	unitCubicMeter
	numUnits
)

// unitIndex returns the number of u among the units, or -1.
func unitIndex(u domain.Unit) int {
	switch u {
	case domain.WattHour:
		return unitWh
	case domain.KilowattHour:
		return unitKWh
	case domain.MegawattHour:
		return unitMWh
	case domain.Liter:
		return unitLiter
	case domain.CubicMeter:
		return unitCubicMeter
	}
	return -1
}

// numTypes is the number of types of consumption.
const numTypes = 3

// typeIndex returns the number of t among domain.Types, or -1.
func typeIndex(t domain.Type) int {
	switch t {
	case domain.Electricity:
		return 0
	case domain.Water:
		return 1
	case domain.Gas:
		return 2
	}
	return -1
}

// unitsOfType says which units each type, numbered by typeIndex, may be
// recorded in.
var unitsOfType = func() [numTypes][numUnits]bool {
	var allowed [numTypes][numUnits]bool
	for i, t := range domain.Types {
		for _, u := range t.Units() {
			allowed[i][unitIndex(u)] = true
		}
	}
	return allowed
}()

// worth returns what one unit of each kind of t is worth in a common
// measure of t, as whole numbers: watt-hours for electricity, litres for
// water, and millionths of a kilowatt-hour for gas, whose cubic metre is
// worth the user's calorific value, gasKWh (in millionths of a kWh). This
// is the one table of unit factors.
func worth(t domain.Type, gasKWh uint64) [numUnits]uint64 {
	var w [numUnits]uint64
	switch t {
	case domain.Electricity:
		w[unitWh], w[unitKWh], w[unitMWh] = 1, 1_000, 1_000_000
	case domain.Water:
		w[unitLiter], w[unitCubicMeter] = 1, 1_000
	case domain.Gas:
		w[unitKWh], w[unitCubicMeter] = million, gasKWh
	}
	return w
}

// conversion turns amounts of a type from the units they were recorded in
// into the one unit asked for, exactly: a amount of a millionths of unit u
// is worth a × scale[u] ÷ divisor millionths of the target unit. Sums are
// kept multiplied by divisor, so that they stay whole numbers, and divided
// once, when they are rounded.
type conversion struct {
	scale   [numUnits]uint64
	divisor uint64
}

func newConversion(t domain.Type, target domain.Unit, gasKWh Decimal) (conversion, error) {
	var gas uint64
	if t == domain.Gas {
		if gasKWh.Sign() <= 0 || gasKWh.micros.hi != 0 {
			return conversion{}, fmt.Errorf("engine: a calorific value of gas of %s", gasKWh)
		}
		gas = gasKWh.micros.lo
	}
	w := worth(t, gas)
	i := unitIndex(target)
	if i < 0 || w[i] == 0 {
		return conversion{}, fmt.Errorf("engine: %s is not a unit of %s", target, t)
	}
	return conversion{scale: w, divisor: w[i]}, nil
}
