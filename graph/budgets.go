package graph

import (
	"consumption/domain"
	"consumption/graph/model"
)

func toBudget(b domain.Budget) *model.Budget {
	out := &model.Budget{
		ID:          b.ID.String(),
		Type:        model.ConsumptionType(b.Type),
		Granularity: model.PeriodGranularity(b.Granularity),
		Measure:     model.BudgetMeasure(b.Measure),
		Limit:       b.Limit,
		CreatedAt:   b.CreatedAt,
		UpdatedAt:   b.UpdatedAt,
	}
	if b.Unit != nil {
		u := model.Unit(*b.Unit)
		out.Unit = &u
	}
	return out
}

func toBudgets(bs []domain.Budget) []*model.Budget {
	out := make([]*model.Budget, len(bs))
	for i, b := range bs {
		out[i] = toBudget(b)
	}
	return out
}

func fromBudgetInput(in model.SetBudgetInput) domain.BudgetInput {
	b := domain.BudgetInput{
		Type:        domain.Type(in.Type),
		Granularity: domain.Granularity(in.Granularity),
		Measure:     domain.Measure(in.Measure),
		Limit:       in.Limit,
	}
	if in.Unit != nil {
		u := domain.Unit(*in.Unit)
		b.Unit = &u
	}
	return b
}
