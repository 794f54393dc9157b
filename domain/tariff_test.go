package domain

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestTariffValidate(t *testing.T) {
	valid := func() TariffInput {
		return TariffInput{
			Type: Electricity, Name: "Fixed 2024", ValidFrom: NewDate(2024, 1, 1),
			UnitPrice: decimal.RequireFromString("0.25"), PriceUnit: KilowattHour,
			StandingChargePerDay: decimal.RequireFromString("0.5"), TaxRate: decimal.RequireFromString("0.21"),
		}
	}
	day := func(s string) *Date { d := MustParseDate(s); return &d }
	dec := decimal.RequireFromString
	tests := []struct {
		name   string
		change func(*TariffInput)
		fields []string // at fault, in order; none when valid
	}{
		{"a valid open-ended tariff", func(*TariffInput) {}, nil},
		{"a tariff of one day", func(in *TariffInput) { in.ValidTo = day("2024-01-01") }, nil},
		{"gas priced per kWh", func(in *TariffInput) { in.Type, in.PriceUnit = Gas, KilowattHour }, nil},
		{"a tax rate of exactly 1 and prices of 0", func(in *TariffInput) {
			in.TaxRate, in.UnitPrice, in.StandingChargePerDay = dec("1"), dec("0"), dec("0")
		}, nil},
		{"a price unit of another type", func(in *TariffInput) { in.PriceUnit = Liter }, []string{"priceUnit"}},
		{"an unknown type", func(in *TariffInput) { in.Type = "STEAM" }, []string{"type"}},
		{"a blank name", func(in *TariffInput) { in.Name = "  " }, []string{"name"}},
		{"a name too long", func(in *TariffInput) { in.Name = strings.Repeat("é", 101) }, []string{"name"}},
		{"a name with a line break", func(in *TariffInput) { in.Name = "a\nb" }, []string{"name"}},
		{"a name with a bidi override", func(in *TariffInput) { in.Name = "a\u202eb" }, []string{"name"}},
		{"an end before the start", func(in *TariffInput) { in.ValidTo = day("2023-12-31") }, []string{"validTo"}},
		{"a start before 1970", func(in *TariffInput) { in.ValidFrom = NewDate(1969, 12, 31) }, []string{"validFrom"}},
		{"a negative price", func(in *TariffInput) { in.UnitPrice = dec("-0.01") }, []string{"unitPrice"}},
		{"a price past a billion", func(in *TariffInput) { in.UnitPrice = dec("1000000000.000001") }, []string{"unitPrice"}},
		{"a price of seven places", func(in *TariffInput) { in.UnitPrice = dec("0.1234567") }, []string{"unitPrice"}},
		{"a negative standing charge", func(in *TariffInput) { in.StandingChargePerDay = dec("-1") }, []string{"standingChargePerDay"}},
		{"a tax rate above 1", func(in *TariffInput) { in.TaxRate = dec("1.000001") }, []string{"taxRate"}},
		{"a negative tax rate", func(in *TariffInput) { in.TaxRate = dec("-0.2") }, []string{"taxRate"}},
		{"every error at once", func(in *TariffInput) {
			in.PriceUnit, in.Name, in.TaxRate = Liter, "", dec("2")
		}, []string{"priceUnit", "name", "taxRate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid()
			tt.change(&in)
			var fields []string
			for _, e := range in.Validate() {
				if e.Code != CodeInvalid || e.Message == "" {
					t.Errorf("error %+v", e)
				}
				fields = append(fields, e.Field)
			}
			if strings.Join(fields, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("fields at fault = %v, want %v", fields, tt.fields)
			}
		})
	}
}
