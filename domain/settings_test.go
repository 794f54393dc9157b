package domain

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestSettingsValidate(t *testing.T) {
	zone := func(s string) *string { return &s }
	cv := func(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }
	tests := []struct {
		name     string
		settings Settings
		field    string // at fault; "" when valid
	}{
		{"no change", Settings{}, ""},
		{"a known zone and a calorific value", Settings{TimeZone: zone("Europe/Madrid"), GasKWhPerCubicMeter: cv("10.55")}, ""},
		{"an unknown zone", Settings{TimeZone: zone("Mars/Olympus_Mons")}, "timeZone"},
		{"the server's own zone", Settings{TimeZone: zone("Local")}, "timeZone"},
		{"a calorific value of zero", Settings{GasKWhPerCubicMeter: cv("0")}, "gasKwhPerCubicMeter"},
		{"a calorific value over 100", Settings{GasKWhPerCubicMeter: cv("100.000001")}, "gasKwhPerCubicMeter"},
		{"both wrong: the zone is reported", Settings{TimeZone: zone(""), GasKWhPerCubicMeter: cv("-1")}, "timeZone"},
		{"a currency of the standard", Settings{Currency: zone("JPY")}, ""},
		{"a currency in lower case", Settings{Currency: zone("jpy")}, "currency"},
		{"a made-up currency", Settings{Currency: zone("ABC")}, "currency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.settings.Validate()
			var field string
			if e, ok := err.(*Error); ok && e.Code == CodeInvalid {
				field = e.Field
			} else if err != nil {
				t.Fatalf("error %v is not BAD_USER_INPUT", err)
			}
			if field != tt.field {
				t.Errorf("field at fault = %q, want %q", field, tt.field)
			}
		})
	}
}
