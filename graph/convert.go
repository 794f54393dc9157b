package graph

import (
	"github.com/shopspring/decimal"

	"consumption/auth"
	"consumption/domain"
	"consumption/engine"
	"consumption/graph/model"
	"consumption/meters"
	"consumption/records"
	"consumption/store"
)

func toUser(u domain.User) *model.User {
	return &model.User{
		ID:                  u.ID.String(),
		Email:               u.Email,
		TimeZone:            u.TimeZone,
		GasKwhPerCubicMeter: u.GasKWhPerCubicMeter,
		Currency:            u.Currency,
		CreatedAt:           u.CreatedAt,
	}
}

func toAuthPayload(s auth.Session) *model.AuthPayload {
	return &model.AuthPayload{
		AccessToken:          s.AccessToken,
		AccessTokenExpiresAt: s.AccessTokenExpiresAt,
		RefreshToken:         s.RefreshToken,
		User:                 toUser(s.User),
	}
}

func toRecord(r domain.Record) *model.ConsumptionRecord {
	return &model.ConsumptionRecord{
		ID:          r.ID.String(),
		Type:        model.ConsumptionType(r.Type),
		Amount:      r.Amount,
		Unit:        model.Unit(r.Unit),
		PeriodStart: r.PeriodStart,
		PeriodEnd:   r.PeriodEnd,
		Notes:       r.Notes,
		Cost:        r.Cost,
		Source:      model.RecordSource(r.Source.OrManual()),
		MeterID:     r.MeterID,
		CreatedAt:   r.CreatedAt,
		UpdatedAt:   r.UpdatedAt,
	}
}

func toRecords(rs []domain.Record) []*model.ConsumptionRecord {
	out := make([]*model.ConsumptionRecord, len(rs))
	for i, r := range rs {
		out[i] = toRecord(r)
	}
	return out
}

// toConnection returns a page of records as a connection; hasPrevious says
// whether the page follows a cursor.
func toConnection(page records.Page, hasPrevious bool) *model.ConsumptionRecordConnection {
	edges := make([]*model.ConsumptionRecordEdge, len(page.Records))
	for i, rec := range page.Records {
		edges[i] = &model.ConsumptionRecordEdge{Cursor: page.Cursors[i], Node: toRecord(rec)}
	}
	conn := &model.ConsumptionRecordConnection{
		Edges:      model.RecordEdges{Edges: edges},
		PageInfo:   &model.PageInfo{HasNextPage: page.HasNext, HasPreviousPage: hasPrevious},
		TotalCount: page.Total,
	}
	if n := len(edges); n > 0 {
		conn.PageInfo.StartCursor = &edges[0].Cursor
		conn.PageInfo.EndCursor = &edges[n-1].Cursor
	}
	return conn
}

func fromRecordInput(in model.CreateConsumptionRecordInput) domain.RecordInput {
	r := domain.RecordInput{
		Type:        domain.Type(in.Type),
		Unit:        domain.Unit(in.Unit),
		Amount:      in.Amount,
		PeriodStart: in.PeriodStart,
		PeriodEnd:   in.PeriodEnd,
		Notes:       in.Notes,
		Cost:        in.Cost,
	}
	if in.Source != nil {
		r.Source = domain.Source(*in.Source)
	}
	return r
}

// applyRecordChanges returns the record r with the changes of in applied:
// absent fields stay as they are, and a null note clears it.
func applyRecordChanges(r domain.RecordInput, in model.UpdateConsumptionRecordInput) domain.RecordInput {
	if in.Type != nil {
		r.Type = domain.Type(*in.Type)
	}
	if in.Unit != nil {
		r.Unit = domain.Unit(*in.Unit)
	}
	if in.Amount != nil {
		r.Amount = *in.Amount
	}
	if in.PeriodStart != nil {
		r.PeriodStart = *in.PeriodStart
	}
	if in.PeriodEnd != nil {
		r.PeriodEnd = *in.PeriodEnd
	}
	if notes, set := in.Notes.ValueOK(); set {
		r.Notes = notes
	}
	if cost, set := in.Cost.ValueOK(); set {
		r.Cost = cost
	}
	return r
}

func fromTypes(ts []model.ConsumptionType) []domain.Type {
	out := make([]domain.Type, len(ts))
	for i, t := range ts {
		out[i] = domain.Type(t)
	}
	return out
}

func fromRecordFilter(f *model.RecordFilter) store.Filter {
	if f == nil {
		return store.Filter{}
	}
	return store.Filter{Types: fromTypes(f.Types), From: f.From, To: f.To, UpdatedSince: f.UpdatedSince}
}

func fromRecordOrder(o *model.RecordOrder) store.Order {
	if o == nil {
		return store.DefaultOrder
	}
	return store.Order{Field: store.OrderField(o.Field), Descending: o.Direction == model.OrderDirectionDesc}
}

func fromSettings(in model.UpdateSettingsInput) domain.Settings {
	return domain.Settings{TimeZone: in.TimeZone, GasKWhPerCubicMeter: in.GasKwhPerCubicMeter, Currency: in.Currency}
}

// toDecimal converts a figure of the engine into the API's Decimal.
func toDecimal(d engine.Decimal) decimal.Decimal {
	if m, ok := d.Int64Millionths(); ok {
		return decimal.New(m, -engine.Places)
	}
	return decimal.NewFromBigInt(d.Millionths(), -engine.Places)
}

// toChange converts a relative change, which may be none.
func toChange(d *engine.Decimal) *decimal.Decimal {
	if d == nil {
		return nil
	}
	c := toDecimal(*d)
	return &c
}

func toMeter(m domain.Meter) *model.Meter {
	out := &model.Meter{
		ID:           m.ID.String(),
		Type:         model.ConsumptionType(m.Type),
		Unit:         model.Unit(m.Unit),
		Name:         m.Name,
		SerialNumber: m.SerialNumber,
		Digits:       m.Digits,
		InstalledOn:  m.InstalledOn,
		RemovedOn:    m.RemovedOn,
		CreatedAt:    m.CreatedAt,
	}
	if m.LatestReading != nil {
		out.LatestReading = toReading(*m.LatestReading, out)
	}
	return out
}

func toMeters(ms []domain.Meter) []*model.Meter {
	out := make([]*model.Meter, len(ms))
	for i, m := range ms {
		out[i] = toMeter(m)
	}
	return out
}

// toReading returns a reading of the meter m.
func toReading(r domain.Reading, m *model.Meter) *model.MeterReading {
	out := &model.MeterReading{
		ID:        r.ID.String(),
		Meter:     m,
		ReadOn:    r.ReadOn,
		Value:     r.Value,
		Estimated: r.Estimated,
		Notes:     r.Notes,
		CreatedAt: r.CreatedAt,
	}
	if r.Period != nil {
		out.Period = toRecord(*r.Period)
	}
	return out
}

// toReadingConnection returns a page of the readings of meter m as a
// connection; hasPrevious says whether the page follows a cursor.
func toReadingConnection(page meters.ReadingPage, m *model.Meter, hasPrevious bool) *model.MeterReadingConnection {
	conn := &model.MeterReadingConnection{
		Edges:      make([]*model.MeterReadingEdge, len(page.Readings)),
		PageInfo:   &model.PageInfo{HasNextPage: page.HasNext, HasPreviousPage: hasPrevious},
		TotalCount: page.Total,
	}
	for i, r := range page.Readings {
		conn.Edges[i] = &model.MeterReadingEdge{Cursor: page.Cursors[i], Node: toReading(r, m)}
	}
	if n := len(conn.Edges); n > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[n-1].Cursor
	}
	return conn
}

func fromMeterInput(in model.CreateMeterInput) domain.MeterInput {
	return domain.MeterInput{
		Type:         domain.Type(in.Type),
		Unit:         domain.Unit(in.Unit),
		Name:         in.Name,
		SerialNumber: in.SerialNumber,
		Digits:       in.Digits,
		InstalledOn:  in.InstalledOn,
	}
}

// applyMeterChanges returns the meter m with the changes of in applied:
// absent fields stay as they are, and a null clears what may be cleared.
func applyMeterChanges(m domain.MeterInput, in model.UpdateMeterInput) domain.MeterInput {
	if in.Type != nil {
		m.Type = domain.Type(*in.Type)
	}
	if in.Unit != nil {
		m.Unit = domain.Unit(*in.Unit)
	}
	if in.Name != nil {
		m.Name = *in.Name
	}
	if v, set := in.SerialNumber.ValueOK(); set {
		m.SerialNumber = v
	}
	if v, set := in.Digits.ValueOK(); set {
		m.Digits = v
	}
	if in.InstalledOn != nil {
		m.InstalledOn = *in.InstalledOn
	}
	if v, set := in.RemovedOn.ValueOK(); set {
		m.RemovedOn = v
	}
	return m
}

func fromReadingInput(in model.AddMeterReadingInput) meters.NewReading {
	return meters.NewReading{
		MeterID:      in.MeterID,
		ReadingInput: domain.ReadingInput{ReadOn: in.ReadOn, Value: in.Value, Estimated: in.Estimated, Notes: in.Notes},
	}
}

// applyReadingChanges returns the reading r with the changes of in applied.
func applyReadingChanges(r domain.ReadingInput, in model.UpdateMeterReadingInput) domain.ReadingInput {
	if in.ReadOn != nil {
		r.ReadOn = *in.ReadOn
	}
	if in.Value != nil {
		r.Value = *in.Value
	}
	if in.Estimated != nil {
		r.Estimated = *in.Estimated
	}
	if notes, set := in.Notes.ValueOK(); set {
		r.Notes = notes
	}
	return r
}
