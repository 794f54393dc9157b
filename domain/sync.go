package domain

import (
	"time"

	"github.com/google/uuid"
)

// TombstoneRetention is how long a deleted record is remembered for clients
// that sync: one that last synced longer ago must copy everything again.
const TombstoneRetention = 90 * 24 * time.Hour

// The sizes of a page of deleted records.
const (
	MaxDeletedPage     = 1000
	DefaultDeletedPage = 1000
)

// DeletedRecord is a record that was deleted, and when.
type DeletedRecord struct {
	ID        uuid.UUID
	Type      Type
	DeletedAt time.Time
}
