package graph

import (
	"consumption/domain"
	"consumption/graph/model"
)

func toAPIToken(t domain.APIToken) *model.APIToken {
	return &model.APIToken{
		ID:         t.ID.String(),
		Name:       t.Name,
		Scope:      model.APITokenScope(t.Scope),
		CreatedAt:  t.CreatedAt,
		ExpiresAt:  t.ExpiresAt,
		LastUsedAt: t.LastUsedAt,
	}
}

func toAPITokens(ts []domain.APIToken) []*model.APIToken {
	out := make([]*model.APIToken, len(ts))
	for i, t := range ts {
		out[i] = toAPIToken(t)
	}
	return out
}

func fromAPITokenInput(in model.CreateAPITokenInput) domain.APITokenInput {
	return domain.APITokenInput{Name: in.Name, Scope: domain.Scope(in.Scope), ExpiresAt: in.ExpiresAt}
}
