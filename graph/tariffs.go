package graph

import (
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/graph/model"
)

func toTariff(t domain.Tariff) *model.Tariff {
	return &model.Tariff{
		ID:                   t.ID.String(),
		Type:                 model.ConsumptionType(t.Type),
		Name:                 t.Name,
		ValidFrom:            t.ValidFrom,
		ValidTo:              t.ValidTo,
		UnitPrice:            t.UnitPrice,
		PriceUnit:            model.Unit(t.PriceUnit),
		StandingChargePerDay: t.StandingChargePerDay,
		TaxRate:              t.TaxRate,
		CreatedAt:            t.CreatedAt,
	}
}

func toTariffs(ts []domain.Tariff) []*model.Tariff {
	out := make([]*model.Tariff, len(ts))
	for i, t := range ts {
		out[i] = toTariff(t)
	}
	return out
}

// fromTariffInput returns a new tariff; absent charges are 0.
func fromTariffInput(in model.CreateTariffInput) domain.TariffInput {
	zero := func(d *decimal.Decimal) decimal.Decimal {
		if d == nil {
			return decimal.Zero
		}
		return *d
	}
	return domain.TariffInput{
		Type:                 domain.Type(in.Type),
		Name:                 in.Name,
		ValidFrom:            in.ValidFrom,
		ValidTo:              in.ValidTo,
		UnitPrice:            in.UnitPrice,
		PriceUnit:            domain.Unit(in.PriceUnit),
		StandingChargePerDay: zero(in.StandingChargePerDay),
		TaxRate:              zero(in.TaxRate),
	}
}

// applyTariffChanges returns the tariff t with the changes of in applied:
// absent fields stay as they are, and a null validTo makes it open-ended.
func applyTariffChanges(t domain.TariffInput, in model.UpdateTariffInput) domain.TariffInput {
	if in.Type != nil {
		t.Type = domain.Type(*in.Type)
	}
	if in.Name != nil {
		t.Name = *in.Name
	}
	if in.ValidFrom != nil {
		t.ValidFrom = *in.ValidFrom
	}
	if validTo, set := in.ValidTo.ValueOK(); set {
		t.ValidTo = validTo
	}
	if in.UnitPrice != nil {
		t.UnitPrice = *in.UnitPrice
	}
	if in.PriceUnit != nil {
		t.PriceUnit = domain.Unit(*in.PriceUnit)
	}
	if in.StandingChargePerDay != nil {
		t.StandingChargePerDay = *in.StandingChargePerDay
	}
	if in.TaxRate != nil {
		t.TaxRate = *in.TaxRate
	}
	return t
}
