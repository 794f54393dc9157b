package domain

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// DefaultTimeZone is the time zone of a new account.
const DefaultTimeZone = "UTC"

// User is a person's account, as everything but signing in sees it: without
// the password's hash, which never leaves the store and auth.
type User struct {
	ID    uuid.UUID
	Email string
	// TimeZone is the IANA zone that says which day it is for the user.
	TimeZone string
	// GasKWhPerCubicMeter is the calorific value gas is converted with.
	GasKWhPerCubicMeter decimal.Decimal
	// Currency is the ISO 4217 code that costs are in and rounded to.
	Currency  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Settings are changes to a user's settings; nil fields stay as they are.
type Settings struct {
	TimeZone            *string
	GasKWhPerCubicMeter *decimal.Decimal
	Currency            *string
}

// Validate returns the first setting that breaks its rule: an unknown time
// zone, a calorific value out of bounds, or a code that is no currency.
func (s Settings) Validate() error {
	if s.TimeZone != nil {
		if _, err := LoadTimeZone(*s.TimeZone); err != nil {
			return err
		}
	}
	if s.GasKWhPerCubicMeter != nil {
		if err := CheckGasKWhPerCubicMeter(*s.GasKWhPerCubicMeter); err != nil {
			return err
		}
	}
	if s.Currency != nil {
		if err := CheckCurrency(*s.Currency); err != nil {
			return err
		}
	}
	return nil
}

// MaxGasKWhPerCubicMeter bounds the calorific value of gas: natural gas holds
// about 10 to 12 kWh per cubic metre, so 100 leaves room for any real gas.
var MaxGasKWhPerCubicMeter = decimal.NewFromInt(100)

// LoadTimeZone returns the location of an IANA time zone name such as
// "Europe/Madrid". Names the tz database does not know are refused, and so is
// "Local", which would mean the server's own zone.
func LoadTimeZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" || len(name) > 64 {
		return nil, Invalid("timeZone", fmt.Sprintf("%q is not an IANA time zone such as \"Europe/Madrid\".", name))
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, Invalid("timeZone", fmt.Sprintf("%q is not an IANA time zone such as \"Europe/Madrid\".", name))
	}
	return loc, nil
}

// CheckGasKWhPerCubicMeter refuses a calorific value that is not positive,
// above MaxGasKWhPerCubicMeter, or finer than six decimal places.
func CheckGasKWhPerCubicMeter(d decimal.Decimal) error {
	switch {
	case !d.IsPositive():
		return Invalid("gasKwhPerCubicMeter", "The calorific value of gas must be more than 0.")
	case d.GreaterThan(MaxGasKWhPerCubicMeter):
		return Invalid("gasKwhPerCubicMeter", "The calorific value of gas must be at most 100 kWh per cubic metre.")
	case !d.Equal(d.Truncate(AmountScale)):
		return Invalid("gasKwhPerCubicMeter", fmt.Sprintf("The calorific value may have at most %d decimal places.", AmountScale))
	}
	return nil
}
