// Package records keeps people's consumption records. It is the service
// between the API and the store: it checks what people send against the
// rules of domain, knows which day it is for each of them, keeps creates
// idempotent, bounds bulk creates and lists, and turns what the store
// refuses (an overlap, a missing record, a reused key) into errors people
// can act on, with a code and the field at fault. The store only reads and
// writes rows.
package records

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// Service keeps the records of every user; each method acts for the one
// whose id it is given.
type Service struct {
	store *store.Store
	// now tells the time; tests set it to move days.
	now func() time.Time
}

// NewService returns a Service keeping its data in st, telling the time with
// now.
func NewService(st *store.Store, now func() time.Time) *Service {
	return &Service{store: st, now: now}
}

// What a key is taken for: the same key may not answer both. The values are
// part of every request hash, as they have been since keys were first
// stored, so that a key taken before an upgrade keeps its meaning after it.
const (
	createOne  = "createConsumptionRecord"
	createMany = "createConsumptionRecords"
)

// Create stores one record. With an idempotency key (key not nil), the same
// request sent again within domain.IdempotencyKeyTTL creates nothing and is
// answered as the first was.
func (s *Service) Create(ctx context.Context, user uuid.UUID, in domain.RecordInput, key *string) (domain.Record, error) {
	recs, err := s.create(ctx, user, createOne, []domain.RecordInput{in}, key)
	if err != nil {
		return domain.Record{}, err
	}
	return recs[0], nil
}

// CreateMany stores all the records or none, at most domain.MaxBulkRecords,
// and returns them in the order given. Every rule an item breaks is
// reported, each error with the item's index. An idempotency key works as
// Create's does.
func (s *Service) CreateMany(ctx context.Context, user uuid.UUID, ins []domain.RecordInput, key *string) ([]domain.Record, error) {
	if err := checkBulkSize(len(ins)); err != nil {
		return nil, err
	}
	return s.create(ctx, user, createMany, ins, key)
}

// CheckMany is CreateMany's dry run: it checks the records by every rule a
// create would, the database's included (overlaps with stored records and
// between the items), and stores nothing. Unlike a create it reports every
// item that overlaps, each at its index naming what it overlaps, beside
// every item's broken rules. It returns the records as they would be
// stored, whose ids name no record. A dry run takes no idempotency key: it
// writes nothing, so there is nothing to send twice.
func (s *Service) CheckMany(ctx context.Context, user uuid.UUID, ins []domain.RecordInput, key *string) ([]domain.Record, error) {
	if key != nil {
		return nil, domain.Invalid("idempotencyKey",
			"A dry run writes nothing, so it takes no idempotency key; leave the key out, or send the records without dryRun to store them.")
	}
	if err := checkBulkSize(len(ins)); err != nil {
		return nil, err
	}
	today, err := s.Today(ctx, user)
	if err != nil {
		return nil, err
	}
	errs, valid := checkItems(ins, today, true)
	// The items that break no rule of their own are checked against each
	// other and the stored records; they are stored only when all are.
	checked := make([]domain.RecordInput, len(valid))
	for i, at := range valid {
		checked[i] = ins[at]
	}
	errs = append(errs, overlapsInRequest(checked, valid)...)
	recs, overlaps, err := s.store.ForUser(user).Records.CheckCreate(ctx, checked, len(errs) == 0)
	if err != nil {
		return nil, fromStore(err, true)
	}
	for _, o := range overlaps {
		e := overlapWithStored(o)
		e.Index = valid[o.Index]
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(a, b int) bool { return errs[a].Index < errs[b].Index })
		return nil, errs
	}
	return recs, nil
}

// create checks and stores the records of a create of the given kind: one
// record, whose errors have no index, or a bulk create.
func (s *Service) create(ctx context.Context, user uuid.UUID, kind string, ins []domain.RecordInput, key *string) ([]domain.Record, error) {
	bulk := kind == createMany
	today, err := s.lastDayFor(ctx, user, ins)
	if err != nil {
		return nil, err
	}
	if err := checkIdempotencyKey(key); err != nil {
		return nil, err
	}
	if err := checkInputs(ins, today, bulk); err != nil {
		return nil, err
	}
	var k store.IdempotencyKey
	if key != nil {
		k = store.IdempotencyKey{Key: *key, RequestHash: requestHash(kind, ins)}
	}
	recs, err := s.store.ForUser(user).Records.CreateManyOnce(ctx, k, ins)
	switch {
	case errors.Is(err, store.ErrNotFound):
		// A create finds nothing but the account, which lastDayFor need
		// not have read.
		return nil, domain.ErrSignInRequired
	case err != nil:
		return nil, fromStore(err, bulk)
	}
	return recs, nil
}

// maxZoneLag is how far the clock of a time zone can be behind UTC, with
// room to spare: the tz database's westernmost offset is 12 hours.
const maxZoneLag = 24 * time.Hour

// lastDayFor returns the day the periods of ins may end on at the latest,
// as far as checking them goes: today in the user's time zone, which takes
// a read of their account, unless every period ends by yesterday in UTC, a
// day that has begun in every zone. Then that day answers each check as
// today would, no period ending after either, and the create is one trip
// to the database instead of two (most records are for days past: a
// reading of yesterday's meter, an import of last year's bills).
func (s *Service) lastDayFor(ctx context.Context, user uuid.UUID, ins []domain.RecordInput) (domain.Date, error) {
	begunEverywhere := domain.Today(s.now().Add(-maxZoneLag), time.UTC)
	for _, in := range ins {
		if in.PeriodEnd.After(begunEverywhere) {
			return s.Today(ctx, user)
		}
	}
	return begunEverywhere, nil
}

// checkBulkSize refuses a bulk create of more than domain.MaxBulkRecords.
func checkBulkSize(n int) error {
	if n > domain.MaxBulkRecords {
		return domain.Invalid("input", fmt.Sprintf(
			"At most %d records can be created at once; this request has %d.", domain.MaxBulkRecords, n))
	}
	return nil
}

// checkInputs returns every rule the inputs break, given today's date in the
// user's time zone: each item's errors, at its index in a bulk create, or
// else each item whose period overlaps that of another item of its type, as
// a CONFLICT on the later one.
func checkInputs(ins []domain.RecordInput, today domain.Date, bulk bool) error {
	errs, _ := checkItems(ins, today, bulk)
	if err := errs.Err(); err != nil {
		return err
	}
	return overlapsInRequest(ins, nil).Err()
}

// checkItems returns the rules each input breaks on its own, at its index
// in a bulk create, and the indexes of the inputs that break none.
func checkItems(ins []domain.RecordInput, today domain.Date, bulk bool) (domain.Errors, []int) {
	var (
		errs  domain.Errors
		valid []int
	)
	for i, in := range ins {
		broken := in.Validate(today)
		if err := checkSource(in.Source); err != nil {
			broken = append(broken, err)
		}
		if len(broken) == 0 {
			valid = append(valid, i)
		}
		if bulk {
			broken = broken.AtIndex(i)
		}
		errs = append(errs, broken...)
	}
	return errs, valid
}

// overlapsInRequest returns a CONFLICT for each input whose period overlaps
// that of another input of its type, on the later one. at gives the index
// in the request of each input (nil: its position in ins).
func overlapsInRequest(ins []domain.RecordInput, at []int) domain.Errors {
	var errs domain.Errors
	for _, o := range domain.Overlaps(ins) {
		if at != nil {
			o.Earlier, o.Later = at[o.Earlier], at[o.Later]
		}
		errs = append(errs, overlapInRequest(o.Earlier, o.Later))
	}
	return errs
}

// Update changes the record with the given id: change receives the stored
// record's fields and returns what they should become, which must follow the
// rules. Reading, checking and writing happen in one transaction.
func (s *Service) Update(ctx context.Context, user uuid.UUID, id string, change func(domain.RecordInput) domain.RecordInput) (domain.Record, error) {
	recordID, ok := parseID(id)
	if !ok {
		return domain.Record{}, ErrNotFound
	}
	today, err := s.Today(ctx, user)
	if err != nil {
		return domain.Record{}, err
	}
	rec, err := s.store.ForUser(user).Records.Update(ctx, recordID, func(current domain.Record) (domain.RecordInput, error) {
		next := change(current.RecordInput)
		return next, next.Validate(today).Err()
	})
	if err != nil {
		return domain.Record{}, fromStore(err, false)
	}
	return rec, nil
}

// Delete removes the record with the given id.
func (s *Service) Delete(ctx context.Context, user uuid.UUID, id string) error {
	recordID, ok := parseID(id)
	if !ok {
		return ErrNotFound
	}
	return fromStore(s.store.ForUser(user).Records.Delete(ctx, recordID), false)
}

// Get returns the record with the given id, or ErrNotFound.
func (s *Service) Get(ctx context.Context, user uuid.UUID, id string) (domain.Record, error) {
	recordID, ok := parseID(id)
	if !ok {
		return domain.Record{}, ErrNotFound
	}
	rec, err := s.store.ForUser(user).Records.Get(ctx, recordID)
	if err != nil {
		return domain.Record{}, fromStore(err, false)
	}
	return rec, nil
}

// GetMany returns the records with the given ids that exist, in no
// particular order: those deleted since are missing.
func (s *Service) GetMany(ctx context.Context, user uuid.UUID, ids []uuid.UUID) ([]domain.Record, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return s.store.ForUser(user).Records.GetMany(ctx, ids)
}

// parseID reads a record id. A malformed id is reported as not found, the
// same as another user's id or a missing one, so that ids tell nothing.
func parseID(id string) (uuid.UUID, bool) {
	u, err := uuid.Parse(id)
	return u, err == nil && len(id) == 36
}

// checkSource refuses to create records of a source other than MANUAL or
// IMPORT: the others are the server's to write, METER from a meter's
// readings and SAMPLE from the sample data.
func checkSource(src domain.Source) *domain.Error {
	switch src.OrManual() {
	case domain.SourceManual, domain.SourceImport:
		return nil
	}
	return domain.Invalid("source", fmt.Sprintf(
		"A record you create has the source MANUAL or IMPORT, not %s: METER records come from a meter's readings.", src))
}
