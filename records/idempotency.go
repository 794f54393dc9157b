package records

import (
	"crypto/sha256"
	"encoding/json"

	"consumption/domain"
)

// checkIdempotencyKey checks the optional idempotency key of a create.
func checkIdempotencyKey(key *string) error {
	if key == nil {
		return nil
	}
	return domain.CheckIdempotencyKey(*key)
}

// requestHash is the SHA-256 of what a keyed request asked: its kind and its
// inputs, with amounts in their shortest form, so that "10" and "10.00" are
// the same request. A key sent again must come with the same hash. A field
// added since keys were first stored is left out while it is absent, so that
// the hash of a request without it stays what it was.
func requestHash(kind string, ins []domain.RecordInput) []byte {
	type item struct {
		Type, Unit, Amount, Start, End string
		Notes                          *string
		Cost                           *string `json:",omitempty"`
		// Source is left out when MANUAL, as all records were before
		// records had a source, so that those keys keep their hashes.
		Source string `json:",omitempty"`
	}
	items := make([]item, len(ins))
	for i, in := range ins {
		items[i] = item{string(in.Type), string(in.Unit), in.Amount.String(), in.PeriodStart.String(), in.PeriodEnd.String(), in.Notes, nil, ""}
		if in.Cost != nil {
			cost := in.Cost.String()
			items[i].Cost = &cost
		}
		if src := in.Source.OrManual(); src != domain.SourceManual {
			items[i].Source = string(src)
		}
	}
	b, _ := json.Marshal(struct {
		Mutation string
		Items    []item
	}{kind, items})
	h := sha256.Sum256(b)
	return h[:]
}
