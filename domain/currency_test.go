package domain

import "testing"

func TestCurrencyDigits(t *testing.T) {
	tests := []struct {
		code   string
		digits int
		known  bool
	}{
		{"EUR", 2, true},
		{"USD", 2, true},
		{"JPY", 0, true},
		{"KWD", 3, true},
		{"IQD", 3, true}, // the standard's minor unit, not CLDR's display digits (0)
		{"CLF", 4, true},
		{"MRU", 2, true}, // since 2018
		{"eur", 0, false},
		{"DEM", 0, false}, // withdrawn
		{"XXX", 0, false}, // "no currency"
		{"EU", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			digits, known := CurrencyDigits(tt.code)
			if digits != tt.digits || known != tt.known {
				t.Errorf("CurrencyDigits(%q) = %d, %v; want %d, %v", tt.code, digits, known, tt.digits, tt.known)
			}
			if err := CheckCurrency(tt.code); (err == nil) != tt.known || err != nil && err.Field != "currency" {
				t.Errorf("CheckCurrency(%q) = %v", tt.code, err)
			}
		})
	}
}
