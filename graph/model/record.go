package model

import (
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/domain"
)

// ConsumptionRecord is what someone consumed of one type over a period of
// whole days. MeterID, which the schema does not show, names the meter that
// the meter field resolves, for a record derived from a meter's readings;
// Meter is that meter when whoever read the record read it too.
type ConsumptionRecord struct {
	ID          string           `json:"id"`
	Type        ConsumptionType  `json:"type"`
	Amount      decimal.Decimal  `json:"amount"`
	Unit        Unit             `json:"unit"`
	PeriodStart domain.Date      `json:"periodStart"`
	PeriodEnd   domain.Date      `json:"periodEnd"`
	Notes       *string          `json:"notes,omitempty"`
	Cost        *decimal.Decimal `json:"cost,omitempty"`
	Source      RecordSource     `json:"source"`
	MeterID     *uuid.UUID       `json:"-"`
	Meter       *Meter           `json:"-"`
	CreatedAt   time.Time        `json:"createdAt"`
	UpdatedAt   time.Time        `json:"updatedAt"`
}
