package graph

//go:generate go tool gqlgen generate

import (
	"consumption/auth"
	"consumption/records"
	"consumption/store"
)

// Resolver holds the dependencies of every resolver, and nothing else.
type Resolver struct {
	// Store answers the aggregates, through the operation's loaders.
	Store   *store.Store
	Auth    *auth.Service
	Records *records.Service
}
