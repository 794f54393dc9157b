package graph

//go:generate go tool gqlgen generate

import (
	"time"

	"consumption/auth"
	"consumption/store"
)

// Resolver holds the dependencies of every resolver, and nothing else.
type Resolver struct {
	Store *store.Store
	Auth  *auth.Service
	// Now tells the time; tests set it to move days.
	Now func() time.Time
}
