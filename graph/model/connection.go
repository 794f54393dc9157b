package model

// ConsumptionRecordConnection is a page of consumption records. TotalCount is
// counted only when a client asks for it, since it costs a query of its own.
type ConsumptionRecordConnection struct {
	Edges      []*ConsumptionRecordEdge `json:"edges"`
	PageInfo   *PageInfo                `json:"pageInfo"`
	TotalCount int                      `json:"totalCount"`
}
