package records

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// Deleted returns the user's records deleted at or after since, in the
// order they were deleted, first of them at most (domain.DefaultDeletedPage
// when nil); after, the id of the last record of the page before (deleted
// at since), continues a list. A since further back than
// domain.TombstoneRetention is refused: deletions that old are forgotten,
// and a client that last synced then must copy everything again.
func (s *Service) Deleted(ctx context.Context, user uuid.UUID, since time.Time, after *string, first *int) ([]domain.DeletedRecord, error) {
	limit := domain.DefaultDeletedPage
	if first != nil {
		if *first < 0 || *first > domain.MaxDeletedPage {
			return nil, domain.Invalid("first", fmt.Sprintf("first must be from 0 to %d.", domain.MaxDeletedPage))
		}
		limit = *first
	}
	if s.now().Sub(since) > domain.TombstoneRetention {
		return nil, domain.Invalid("since", fmt.Sprintf(
			"Deleted records are kept %d days; to sync from further back, copy every record again (consumptionRecords without updatedSince).",
			int(domain.TombstoneRetention/(24*time.Hour))))
	}
	var from *uuid.UUID
	if after != nil {
		id, ok := parseID(*after)
		if !ok {
			return nil, domain.Invalid("after", "after must be the id of a deleted record from the list before.")
		}
		from = &id
	}
	return s.store.ForUser(user).Records.Deleted(ctx, since, from, limit)
}

// TombstoneCleanup deletes the tombstones of deleted records once they are
// older than domain.TombstoneRetention, every hour, from within the server:
// whichever instance takes the turn (store.ForgetTombstones), the others
// skip it.
type TombstoneCleanup struct {
	stop context.CancelFunc
	done chan struct{}
}

// tombstoneCleanupEvery is how often old tombstones are deleted: they
// stay at most that much past their 90 days, and are hidden by then.
const tombstoneCleanupEvery = time.Hour

// StartTombstoneCleanup starts deleting old tombstones in st: at once, and
// then every hour, until Close.
func StartTombstoneCleanup(st *store.Store, logger *slog.Logger) *TombstoneCleanup {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ctx, stop := context.WithCancel(context.Background())
	c := &TombstoneCleanup{stop: stop, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		tick := time.NewTicker(tombstoneCleanupEvery)
		defer tick.Stop()
		for {
			n, err := st.ForgetTombstones(ctx, domain.TombstoneRetention)
			switch {
			case err != nil && ctx.Err() == nil:
				logger.Warn("records: deleting old tombstones", "error", err)
			case n > 0:
				logger.Info("records: deleted old tombstones", "count", n)
			}
			select {
			case <-tick.C:
			case <-ctx.Done():
				return
			}
		}
	}()
	return c
}

// Close stops the clean-up, and returns once it has stopped.
func (c *TombstoneCleanup) Close() {
	c.stop()
	<-c.done
}
