package meters

import (
	"fmt"
	"sort"

	"consumption/domain"
)

// This file applies domain's rules of readings to a change of readings,
// and decides which item of the request each broken rule is blamed on. It
// is pure Go, tested without a database.

// sequenced is a reading in the order of a meter's days, and where it came
// from: the request's item (its index), or the store (-1).
type sequenced struct {
	domain.ReadingInput
	item int
}

// merge returns a meter's stored readings, less those whose ids are in
// without, with the request's readings added, sorted by day. Stored
// readings come before new ones of the same day, so that a new reading on
// a day already read is blamed, not the stored one.
func merge(stored []domain.Reading, without map[int]bool, added []sequenced) []sequenced {
	out := make([]sequenced, 0, len(stored)+len(added))
	for i, r := range stored {
		if !without[i] {
			out = append(out, sequenced{r.ReadingInput, -1})
		}
	}
	out = append(out, added...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].ReadOn.Before(out[b].ReadOn) })
	return out
}

func inputs(seq []sequenced) []domain.ReadingInput {
	out := make([]domain.ReadingInput, len(seq))
	for i, s := range seq {
		out[i] = s.ReadingInput
	}
	return out
}

// checkSequence returns the rules that a meter's readings break, each
// blamed on an item of the request: the later reading of the two when it
// is one, else the earlier. A rule broken by two stored readings (that a
// deletion or a move made neighbours) is blamed on fallback, an item of
// the request or -1 for a request of one reading.
func checkSequence(digits *int, seq []sequenced, fallback int) domain.Errors {
	ins := inputs(seq)
	var errs domain.Errors
	for _, f := range domain.CheckSequence(digits, ins) {
		prev, next := seq[f.Prev], seq[f.Next]
		at := fallback
		switch {
		case next.item >= 0:
			at = next.item
		case prev.item >= 0:
			at = prev.item
		}
		msg := f.Message(ins)
		if f.Kind == domain.SameDay && prev.item >= 0 && next.item >= 0 {
			// Both are new: the message must not send people to a
			// reading that is not stored.
			at = max(prev.item, next.item)
			msg = fmt.Sprintf("Item %d of this request reads the same meter on the same day (%s); send one reading per day.",
				min(prev.item, next.item), next.ReadOn)
		}
		e := domain.Invalid(f.Field(), msg)
		e.Index = at
		errs = append(errs, e)
	}
	return errs
}

// checkMeterChange returns the rules that meter m, as changed, breaks, on
// its own or with its stored readings ins (in order of their days): each
// reading must lie in its days of service and within its digits, and a
// register without digits never goes down.
func checkMeterChange(m domain.MeterInput, ins []domain.ReadingInput, today domain.Date) error {
	errs := m.Validate(today)
	if len(errs) > 0 {
		return errs
	}
	if n := len(ins); n > 0 {
		first, last := ins[0], ins[n-1]
		if first.ReadOn.Before(m.InstalledOn) {
			errs = append(errs, domain.Invalid("installedOn", fmt.Sprintf(
				"This meter has a reading on %s, before %s; delete that reading first, or install the meter earlier.", first.ReadOn, m.InstalledOn)))
		}
		if m.RemovedOn != nil && last.ReadOn.After(*m.RemovedOn) {
			errs = append(errs, domain.Invalid("removedOn", fmt.Sprintf(
				"This meter has a reading on %s, after %s; delete that reading first, or remove the meter later.", last.ReadOn, *m.RemovedOn)))
		}
	}
	for _, in := range ins {
		for _, e := range in.Validate(m, domain.LastDay) {
			if e.Field == "value" {
				e.Field = "digits"
				e.Message = fmt.Sprintf("The reading of %s is %s, more than a register of %d digits shows.", in.ReadOn, in.Value, *m.Digits)
				errs = append(errs, e)
				return errs
			}
		}
	}
	for _, f := range domain.CheckSequence(m.Digits, ins) {
		if f.Kind == domain.Lower {
			// Only taking digits away makes a reading lower than the one
			// before: the register rolled over there.
			errs = append(errs, domain.Invalid("digits", f.Message(ins)))
		}
	}
	return errs.Err()
}
