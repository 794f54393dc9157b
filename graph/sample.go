package graph

import (
	"github.com/google/uuid"

	"consumption/graph/model"
)

// userIDOf returns the id of a user the API answers with. It is the
// signed-in user's, or, in the answer of a sign-in, the user's who just
// signed in, which the request's context does not carry yet.
func userIDOf(u *model.User) uuid.UUID {
	id, _ := uuid.Parse(u.ID)
	return id
}
