package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/store"
	"consumption/store/storetest"
)

// announcements listens on the channel of changed records and returns what
// it heard so far, each announcement parsed.
type announcements struct {
	t     *testing.T
	mu    sync.Mutex
	heard []store.RecordChanges
}

func listenToChanges(t *testing.T, st *store.Store) *announcements {
	t.Helper()
	a := &announcements{t: t}
	l, err := st.Listen(store.ListenOptions{
		Channels: []string{store.RecordsChangedChannel},
		Notify: func(_, payload string) {
			if len(payload) >= 8000 {
				t.Errorf("an announcement of %d bytes, past NOTIFY's limit", len(payload))
			}
			c, err := store.ParseRecordChanges(payload)
			if err != nil {
				t.Errorf("announcement %q: %v", payload, err)
				return
			}
			a.mu.Lock()
			a.heard = append(a.heard, c)
			a.mu.Unlock()
		},
		ConfirmEvery: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	eventually(t, "the listener listening", func() bool { return l.UpToDate(time.Second) })
	return a
}

// next waits for n announcements more than were taken before, and returns
// them; then it checks that no other comes within a moment.
func (a *announcements) next(n int) []store.RecordChanges {
	a.t.Helper()
	eventually(a.t, fmt.Sprintf("%d announcements", n), func() bool {
		a.mu.Lock()
		defer a.mu.Unlock()
		return len(a.heard) >= n
	})
	time.Sleep(50 * time.Millisecond)
	a.mu.Lock()
	defer a.mu.Unlock()
	got := a.heard
	a.heard = nil
	if len(got) != n {
		a.t.Errorf("heard %d announcements, want %d: %+v", len(got), n, got)
	}
	return got
}

// none checks that nothing was announced, a while after a write that must
// announce nothing: a notification sent at its commit would have come in
// the time the next write takes (see next).
func (a *announcements) none(what string) {
	a.t.Helper()
	time.Sleep(100 * time.Millisecond)
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.heard) > 0 {
		a.t.Errorf("%s: heard %+v, want nothing", what, a.heard)
		a.heard = nil
	}
}

func recordIDs(recs []domain.Record) []uuid.UUID {
	ids := make([]uuid.UUID, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids
}

func idsOf(cs []store.RecordChanges) []uuid.UUID {
	var ids []uuid.UUID
	for _, c := range cs {
		ids = append(ids, c.IDs...)
	}
	return ids
}

// TestWritesAnnounceTheirRecords writes records every way the store can and
// checks what each announces when it commits: its kind, its user and its
// records' ids, a bulk write in announcements of at most 200 ids; and that
// writes that fail or change nothing announce nothing.
func TestWritesAnnounceTheirRecords(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	heard := listenToChanges(t, st)
	alice, bob := newUser(t, st), newUser(t, st)
	records := st.ForUser(alice).Records

	t.Run("a create announces its record", func(t *testing.T) {
		rec, err := records.Create(ctx, oneRecord(1))
		if err != nil {
			t.Fatal(err)
		}
		got := heard.next(1)
		want := store.RecordChanges{UserID: alice, Kind: domain.ChangeCreated, IDs: []uuid.UUID{rec.ID}}
		if len(got) == 1 && !sameChanges(got[0], want) {
			t.Errorf("heard %+v, want %+v", got[0], want)
		}
	})

	t.Run("a bulk create of 450 announces them 200 at a time, in order", func(t *testing.T) {
		ins := make([]domain.RecordInput, 450)
		for i := range ins {
			day := domain.NewDate(2020, 1, 1).AddDays(i)
			ins[i] = domain.RecordInput{Type: domain.Water, Unit: domain.Liter, Amount: decimal.NewFromInt(int64(i)), PeriodStart: day, PeriodEnd: day}
		}
		recs, err := records.CreateMany(ctx, ins)
		if err != nil {
			t.Fatal(err)
		}
		got := heard.next(3)
		for i, c := range got {
			if c.UserID != alice || c.Kind != domain.ChangeCreated {
				t.Errorf("announcement %d: user %s, kind %s", i, c.UserID, c.Kind)
			}
			if want := []int{200, 200, 50}[i]; len(c.IDs) != want {
				t.Errorf("announcement %d names %d records, want %d", i, len(c.IDs), want)
			}
		}
		if got, want := sortedIDs(idsOf(got)), sortedIDs(recordIDs(recs)); !slices.Equal(got, want) {
			t.Errorf("the announcements name %d records, not the %d created", len(got), len(want))
		}
	})

	rec, err := records.Create(ctx, oneRecord(2))
	if err != nil {
		t.Fatal(err)
	}
	heard.next(1)

	t.Run("an update announces its record", func(t *testing.T) {
		_, err := records.Update(ctx, rec.ID, func(r domain.Record) (domain.RecordInput, error) {
			r.Amount = decimal.NewFromInt(7)
			return r.RecordInput, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := heard.next(1); len(got) == 1 && !sameChanges(got[0], store.RecordChanges{UserID: alice, Kind: domain.ChangeUpdated, IDs: []uuid.UUID{rec.ID}}) {
			t.Errorf("heard %+v", got[0])
		}
	})

	t.Run("writes refused announce nothing", func(t *testing.T) {
		var overlap *store.OverlapError
		if _, err := records.Create(ctx, oneRecord(2)); !errors.As(err, &overlap) {
			t.Fatalf("an overlapping create: %v, want an overlap", err)
		}
		heard.none("an overlapping create")
		refused := errors.New("refused")
		if _, err := records.Update(ctx, rec.ID, func(domain.Record) (domain.RecordInput, error) { return domain.RecordInput{}, refused }); !errors.Is(err, refused) {
			t.Fatalf("an update refused: %v", err)
		}
		heard.none("an update refused")
		if err := records.Delete(ctx, uuid.New()); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleting a missing record: %v", err)
		}
		if err := st.ForUser(bob).Records.Delete(ctx, rec.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("bob deleting alice's record: %v", err)
		}
		heard.none("deletes of records not there")
	})

	t.Run("a create sent again under its key announces nothing more", func(t *testing.T) {
		key := store.IdempotencyKey{Key: "k-" + uuid.NewString(), RequestHash: make([]byte, 32)}
		first, err := records.CreateManyOnce(ctx, key, []domain.RecordInput{oneRecord(3)})
		if err != nil {
			t.Fatal(err)
		}
		heard.next(1)
		if again, err := records.CreateManyOnce(ctx, key, []domain.RecordInput{oneRecord(3)}); err != nil || again[0].ID != first[0].ID {
			t.Fatalf("the same create again: %v, %v", again, err)
		}
		heard.none("a create replayed under its key")
	})

	t.Run("a delete announces its record", func(t *testing.T) {
		if err := records.Delete(ctx, rec.ID); err != nil {
			t.Fatal(err)
		}
		if got := heard.next(1); len(got) == 1 && !sameChanges(got[0], store.RecordChanges{UserID: alice, Kind: domain.ChangeDeleted, IDs: []uuid.UUID{rec.ID}}) {
			t.Errorf("heard %+v", got[0])
		}
	})

	t.Run("periods derived from readings announce themselves, and go with their meter", func(t *testing.T) {
		user := st.ForUser(bob)
		m, err := user.Meters.Create(ctx, domain.MeterInput{
			Type: domain.Gas, Unit: domain.CubicMeter, Name: "gas", InstalledOn: domain.NewDate(2024, 2, 1),
		}, &domain.ReadingInput{ReadOn: domain.NewDate(2024, 2, 1)})
		if err != nil {
			t.Fatal(err)
		}
		heard.none("creating a meter with its first reading")
		period := domain.RecordInput{Type: domain.Gas, Unit: domain.CubicMeter, Amount: decimal.NewFromInt(5),
			PeriodStart: domain.NewDate(2024, 2, 2), PeriodEnd: domain.NewDate(2024, 2, 10), Source: domain.SourceMeter}
		_, err = user.MeterReadings.Change(ctx, []uuid.UUID{m.ID}, func([]domain.MeterHistory) (domain.ReadingChanges, error) {
			return domain.ReadingChanges{
				Insert:  []domain.Reading{{MeterID: m.ID, ReadingInput: domain.ReadingInput{ReadOn: domain.NewDate(2024, 2, 10), Value: decimal.NewFromInt(5)}}},
				Periods: []domain.MeterPeriodChanges{{MeterID: m.ID, PeriodChanges: domain.PeriodChanges{Insert: []domain.RecordInput{period}}}},
			}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got := heard.next(1)
		if len(got) != 1 || got[0].UserID != bob || got[0].Kind != domain.ChangeCreated || len(got[0].IDs) != 1 {
			t.Fatalf("heard %+v, want one period of bob's created", got)
		}
		derived := got[0].IDs[0]
		if err := user.Meters.Delete(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		if got := heard.next(1); len(got) == 1 && !sameChanges(got[0], store.RecordChanges{UserID: bob, Kind: domain.ChangeDeleted, IDs: []uuid.UUID{derived}}) {
			t.Errorf("deleting the meter: heard %+v, want its period deleted", got[0])
		}
		if err := user.Meters.Delete(ctx, m.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting the meter again: %v, want ErrNotFound", err)
		}
		heard.none("deleting a meter that is gone")
	})
}

func sameChanges(a, b store.RecordChanges) bool {
	return a.UserID == b.UserID && a.Kind == b.Kind && slices.Equal(a.IDs, b.IDs)
}

func sortedIDs(ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	slices.Sort(out)
	return out
}

// TestParseRecordChanges reads announcements the store writes, and refuses
// what it does not.
func TestParseRecordChanges(t *testing.T) {
	user, a, b := uuid.New(), uuid.New(), uuid.New()
	got, err := store.ParseRecordChanges("U " + user.String() + " " + a.String() + "," + b.String())
	if err != nil || !sameChanges(got, store.RecordChanges{UserID: user, Kind: domain.ChangeUpdated, IDs: []uuid.UUID{a, b}}) {
		t.Errorf("got %+v, %v", got, err)
	}
	for _, bad := range []string{
		"", "C", "C " + user.String(), "X " + user.String() + " " + a.String(), "CC " + user.String() + " " + a.String(),
		"C not-a-uuid " + a.String(), "C " + user.String() + " " + a.String() + ",", "C " + user.String() + " " + a.String() + " more",
		strings.Repeat("C ", 10),
	} {
		if c, err := store.ParseRecordChanges(bad); err == nil {
			t.Errorf("%q parsed as %+v", bad, c)
		}
	}
}
