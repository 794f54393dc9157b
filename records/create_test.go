package records_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/records"
	"consumption/store/storetest"
)

// TestCreateChecksTheLastDay checks the last day a period may end on at
// the edges of the day: at 2024-03-01 10:30 UTC it is still 29 February in
// Pago Pago (UTC-11) and already 2 March in Kiritimati (UTC+14). A period
// ending on 29 February has begun everywhere; 1 and 2 March have not, and
// are checked against the user's own day.
func TestCreateChecksTheLastDay(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2024, 3, 1, 10, 30, 0, 0, time.UTC)
	svc := records.NewService(st, func() time.Time { return now })
	for _, c := range []struct {
		zone string
		end  string
		ok   bool
	}{
		{"Pacific/Pago_Pago", "2024-02-29", true},
		{"Pacific/Pago_Pago", "2024-03-01", false},
		{"UTC", "2024-03-01", true},
		{"UTC", "2024-03-02", false},
		{"Pacific/Kiritimati", "2024-03-02", true},
		{"Pacific/Kiritimati", "2024-03-03", false},
	} {
		user := storetest.NewUser(t, st)
		zone := c.zone
		if _, err := svc.UpdateSettings(ctx, user, domain.Settings{TimeZone: &zone}); err != nil {
			t.Fatal(err)
		}
		end := domain.MustParseDate(c.end)
		// A bulk create whose first item ends long ago, so that the last
		// item alone decides.
		_, err := svc.CreateMany(ctx, user, []domain.RecordInput{
			{Type: domain.Water, Unit: domain.Liter, Amount: decimal.NewFromInt(1), PeriodStart: domain.NewDate(2020, 1, 1), PeriodEnd: domain.NewDate(2020, 1, 1)},
			{Type: domain.Gas, Unit: domain.KilowattHour, Amount: decimal.NewFromInt(1), PeriodStart: end, PeriodEnd: end},
		}, nil)
		if ok := err == nil; ok != c.ok {
			t.Errorf("in %s, a period ending on %s: err %v, want accepted %v", c.zone, c.end, err, c.ok)
		}
	}
}

// TestCreateOfAUserWhoIsGone answers a token that outlived its account as
// no sign-in at all, whether the create had to read the account to know
// the user's day (a period ending today) or not (one long past), with an
// idempotency key or without.
func TestCreateOfAUserWhoIsGone(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	svc := records.NewService(st, time.Now)
	key := "a-key-of-the-gone"
	for _, end := range []domain.Date{domain.DateOf(time.Now()), domain.NewDate(2020, 1, 1)} {
		for _, key := range []*string{nil, &key} {
			user := storetest.NewUser(t, st)
			if err := st.ForUser(user).Account.Delete(ctx); err != nil {
				t.Fatal(err)
			}
			_, err := svc.Create(ctx, user, domain.RecordInput{
				Type: domain.Water, Unit: domain.Liter, Amount: decimal.NewFromInt(1), PeriodStart: end, PeriodEnd: end,
			}, key)
			if code := domain.ErrorCode(err); code != domain.CodeUnauthenticated {
				t.Errorf("a period ending on %s, with a key %t: got %v (%s), want UNAUTHENTICATED", end, key != nil, err, code)
			}
		}
	}
}
