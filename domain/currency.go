package domain

import (
	"fmt"

	"github.com/bojanz/currency"
)

// DefaultCurrency is the currency of a new account.
const DefaultCurrency = "EUR"

// The codes and minor units of ISO 4217 come from github.com/bojanz/currency,
// which is regenerated with each release of the standard's data (through
// CLDR): a table written here would fall behind the standard, as currencies
// come and go (MRU, VES, SLE and ZWG all appeared after 2017).
// golang.org/x/text/currency was considered; its tables date from CLDR 32
// (2017), lack those codes, still accept withdrawn ones such as DEM, and give
// CLDR's display digits where they differ from the standard's minor unit
// (0 for the Iraqi dinar, whose minor unit is 3).

// CheckCurrency returns a BAD_USER_INPUT error on field "currency" unless
// code is an active ISO 4217 currency code, in capitals, such as "EUR".
func CheckCurrency(code string) *Error {
	if !isCurrency(code) {
		return Invalid("currency", fmt.Sprintf(
			"%q is not a currency code of ISO 4217; use three capital letters such as \"EUR\", \"USD\" or \"JPY\".", code))
	}
	return nil
}

// CurrencyDigits returns the number of decimal places of the currency's
// minor unit (2 for EUR, 0 for JPY, 3 for KWD), and false for a code that is
// not an active ISO 4217 code.
func CurrencyDigits(code string) (int, bool) {
	if !isCurrency(code) {
		return 0, false
	}
	d, ok := currency.GetDigits(code)
	return int(d), ok
}

// isCurrency reports whether code is an active ISO 4217 code. The library
// takes "" for the zero value of its Amount, which a setting is not.
func isCurrency(code string) bool {
	return len(code) == 3 && currency.IsValid(code)
}
