package graph

import (
	"context"

	"github.com/google/uuid"

	"consumption/auth"
	"consumption/domain"
)

// currentUserID returns the signed-in user's id. @auth has checked that there
// is one before any resolver that calls this runs.
func currentUserID(ctx context.Context) uuid.UUID {
	id, _ := auth.UserID(ctx)
	return id
}

// today returns the current day in the signed-in user's time zone.
func (r *Resolver) today(ctx context.Context) (domain.Date, error) {
	return r.Records.Today(ctx, currentUserID(ctx))
}
