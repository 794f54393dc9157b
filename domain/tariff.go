package domain

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// The limits on a tariff.
const (
	// MaxTariffNameLength is the longest name of a tariff, in characters.
	MaxTariffNameLength = 100
)

// MaxPrice bounds a tariff's unit price and standing charge: a billion of
// any currency per unit or per day leaves room for currencies of many
// digits priced per megawatt-hour, and keeps a cost within exact arithmetic.
var MaxPrice = decimal.New(1, 9)

// TariffInput is a tariff as a client describes it: what a type of
// consumption costs from one day to another.
type TariffInput struct {
	Type Type
	Name string
	// ValidFrom is the first day the tariff applies, ValidTo the last; nil
	// means open-ended.
	ValidFrom Date
	ValidTo   *Date
	// UnitPrice is the price of one PriceUnit, which is one of the type's
	// units, before tax.
	UnitPrice decimal.Decimal
	PriceUnit Unit
	// StandingChargePerDay is charged for every day, before tax.
	StandingChargePerDay decimal.Decimal
	// TaxRate applies to both prices: 0.21 adds 21%.
	TaxRate decimal.Decimal
}

// Tariff is a stored tariff.
type Tariff struct {
	ID uuid.UUID
	TariffInput
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate returns every rule the tariff breaks. Each error names the field
// at fault.
func (in TariffInput) Validate() Errors {
	var errs Errors
	if !in.Type.Valid() {
		errs = append(errs, Invalid("type", fmt.Sprintf("%q is not a type of consumption.", in.Type)))
	} else if err := in.Type.CheckUnit(in.PriceUnit, "priceUnit"); err != nil {
		errs = append(errs, err)
	}
	if err := checkTariffName(in.Name); err != nil {
		errs = append(errs, err)
	}
	if in.ValidFrom.Before(FirstDay) {
		errs = append(errs, Invalid("validFrom", "A tariff may not start before 1970-01-01."))
	}
	if in.ValidTo != nil && in.ValidTo.Before(in.ValidFrom) {
		errs = append(errs, Invalid("validTo", fmt.Sprintf(
			"A tariff must end on or after the day it starts (%s); leave validTo out for one without an end.", in.ValidFrom)))
	}
	if err := checkBounded(in.UnitPrice, "unitPrice", "unit price", MaxPrice); err != nil {
		errs = append(errs, err)
	}
	if err := checkBounded(in.StandingChargePerDay, "standingChargePerDay", "standing charge", MaxPrice); err != nil {
		errs = append(errs, err)
	}
	if err := checkBounded(in.TaxRate, "taxRate", "tax rate", decimal.NewFromInt(1)); err != nil {
		errs = append(errs, err)
	}
	return errs
}

// checkTariffName refuses a name that is empty once trimmed, too long, or
// not plain text, by the rules of notes.
func checkTariffName(name string) *Error {
	if strings.TrimSpace(name) == "" {
		return Invalid("name", "Give the tariff a name, such as your supplier's name for it.")
	}
	if n := utf8.RuneCountInString(name); n > MaxTariffNameLength {
		return Invalid("name", fmt.Sprintf("A tariff's name may be at most %d characters long; this one has %d.", MaxTariffNameLength, n))
	}
	if err := checkNotes(name); err != nil {
		return Invalid("name", strings.Replace(err.Message, "Notes", "A name", 1))
	}
	if strings.ContainsAny(name, "\t\n") {
		return Invalid("name", "A name may not contain tabs or line breaks.")
	}
	return nil
}
