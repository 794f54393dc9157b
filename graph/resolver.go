package graph

//go:generate go tool gqlgen generate

import (
	"consumption/auth"
	"consumption/forecasts"
	"consumption/meters"
	"consumption/records"
	"consumption/sample"
	"consumption/tariffs"
)

// Resolver holds the dependencies of every resolver, and nothing else.
type Resolver struct {
	Auth            *auth.Service
	APITokenService *auth.APITokens
	Records         *records.Service
	Aggregates      *records.Aggregates
	Tariffs         *tariffs.Service
	MeterService    *meters.Service
	Forecasts       *forecasts.Service
	Sample          *sample.Service

	// schema is what NewSchema made of these resolvers.
	schema *executableSchema
}
