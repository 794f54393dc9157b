package graph_test

import (
	"testing"

	"consumption/graphtest"
)

// TestJourney follows one person through the API: register, log in, record,
// list, change, delete, refresh and log out.
func TestJourney(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	const email = "journey@example.com"
	const password = "walk along the river slowly"

	var reg struct {
		Register struct {
			User struct{ Email, TimeZone, GasKwhPerCubicMeter string }
		}
	}
	srv.Post(t, "", `mutation { register(input: {email: "  Journey@Example.COM ", password: "walk along the river slowly"}) {
		accessToken user { email timeZone gasKwhPerCubicMeter } } }`, nil).Must(t, &reg)
	if got := reg.Register.User; got.Email != email || got.TimeZone != "UTC" || got.GasKwhPerCubicMeter != "11.2" {
		t.Fatalf("registered user = %+v, want %s in UTC with 11.2 kWh/m³", got, email)
	}

	var login struct {
		Login struct{ AccessToken, RefreshToken, AccessTokenExpiresAt string }
	}
	srv.Post(t, "", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) {
		accessToken refreshToken accessTokenExpiresAt } }`,
		map[string]any{"e": email, "p": password}).Must(t, &login)
	token := login.Login.AccessToken

	var created struct {
		CreateConsumptionRecord struct{ ID, Amount, Unit, PeriodStart, PeriodEnd string }
	}
	srv.Post(t, token, `mutation { createConsumptionRecord(input: {
		type: ELECTRICITY, amount: "123.456", unit: KWH, periodStart: "2024-01-15", periodEnd: "2024-02-14", notes: "bill 42"
	}) { id amount unit periodStart periodEnd } }`, nil).Must(t, &created)
	rec := created.CreateConsumptionRecord
	if rec.Amount != "123.456" || rec.Unit != "KWH" || rec.PeriodStart != "2024-01-15" || rec.PeriodEnd != "2024-02-14" {
		t.Fatalf("created %+v", rec)
	}

	var list struct {
		ConsumptionRecords struct {
			TotalCount int
			Edges      []struct{ Node struct{ ID, Notes string } }
		}
	}
	srv.Post(t, token, `{ consumptionRecords { totalCount edges { node { id notes } } } }`, nil).Must(t, &list)
	if l := list.ConsumptionRecords; l.TotalCount != 1 || len(l.Edges) != 1 || l.Edges[0].Node.ID != rec.ID || l.Edges[0].Node.Notes != "bill 42" {
		t.Fatalf("list = %+v, want the one record", l)
	}

	var updated struct {
		UpdateConsumptionRecord struct {
			Amount string
			Notes  *string
		}
	}
	srv.Post(t, token, `mutation($id: ID!) { updateConsumptionRecord(id: $id, input: {amount: "100", notes: null}) {
		amount notes } }`, map[string]any{"id": rec.ID}).Must(t, &updated)
	if u := updated.UpdateConsumptionRecord; u.Amount != "100" || u.Notes != nil {
		t.Fatalf("updated = amount %s notes %v, want 100 and no notes", u.Amount, u.Notes)
	}

	var deleted struct{ DeleteConsumptionRecord string }
	srv.Post(t, token, `mutation($id: ID!) { deleteConsumptionRecord(id: $id) }`,
		map[string]any{"id": rec.ID}).Must(t, &deleted)
	if deleted.DeleteConsumptionRecord != rec.ID {
		t.Fatalf("deleted %q, want %q", deleted.DeleteConsumptionRecord, rec.ID)
	}
	var gone struct{ ConsumptionRecord *struct{ ID string } }
	srv.Post(t, token, `query($id: ID!) { consumptionRecord(id: $id) { id } }`,
		map[string]any{"id": rec.ID}).Must(t, &gone)
	if gone.ConsumptionRecord != nil {
		t.Fatal("the deleted record is still there")
	}

	var refreshed struct {
		RefreshToken struct {
			AccessToken, RefreshToken string
			User                      struct{ Email string }
		}
	}
	srv.Post(t, "", `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken user { email } } }`,
		map[string]any{"r": login.Login.RefreshToken}).Must(t, &refreshed)
	if refreshed.RefreshToken.User.Email != email || refreshed.RefreshToken.RefreshToken == login.Login.RefreshToken {
		t.Fatalf("refresh = %+v, want a new refresh token for %s", refreshed.RefreshToken, email)
	}
	var me struct{ Me struct{ Email string } }
	srv.Post(t, refreshed.RefreshToken.AccessToken, `{ me { email } }`, nil).Must(t, &me)
	if me.Me.Email != email {
		t.Fatalf("me = %q with the refreshed token", me.Me.Email)
	}

	var out struct{ Logout bool }
	srv.Post(t, "", `mutation($r: String!) { logout(refreshToken: $r) }`,
		map[string]any{"r": refreshed.RefreshToken.RefreshToken}).Must(t, &out)
	if !out.Logout {
		t.Fatal("logout = false for a known token")
	}
	e := srv.Post(t, "", `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`,
		map[string]any{"r": refreshed.RefreshToken.RefreshToken}).OnlyError(t)
	if e.Code() != "UNAUTHENTICATED" {
		t.Fatalf("refresh after logout: code %q, want UNAUTHENTICATED", e.Code())
	}
}
