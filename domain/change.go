package domain

import "github.com/google/uuid"

// ChangeKind says what a write did to a record.
type ChangeKind string

// The kinds of change to a record.
const (
	ChangeCreated ChangeKind = "CREATED"
	ChangeUpdated ChangeKind = "UPDATED"
	ChangeDeleted ChangeKind = "DELETED"
)

// RecordChange is a committed change to one of a user's records: what
// happened, and to which record. It carries no more than that: whoever is
// told reads the record as it is now, if it still is.
type RecordChange struct {
	Kind     ChangeKind
	RecordID uuid.UUID
}
