package model

import "consumption/store"

// ConsumptionRecordConnection is a page of consumption records. It keeps the
// filter that selected them, so that totalCount, which costs a query of its
// own, is counted only when a client asks for it.
type ConsumptionRecordConnection struct {
	Edges    []*ConsumptionRecordEdge `json:"edges"`
	PageInfo *PageInfo                `json:"pageInfo"`
	Filter   store.Filter             `json:"-"`
}
