package model

// ConsumptionRecordConnection is a page of consumption records. TotalCount is
// counted only when a client asks for it, since it costs a query of its own.
type ConsumptionRecordConnection struct {
	Edges      RecordEdges `json:"edges"`
	PageInfo   *PageInfo   `json:"pageInfo"`
	TotalCount int         `json:"totalCount"`
}

// MeterReadingConnection is a page of a meter's readings. TotalCount is
// counted only when a client asks for it.
type MeterReadingConnection struct {
	Edges      []*MeterReadingEdge `json:"edges"`
	PageInfo   *PageInfo           `json:"pageInfo"`
	TotalCount int                 `json:"totalCount"`
}
