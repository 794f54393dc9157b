// Package scalar reads and writes the schema's custom scalars: Decimal as an
// exact number in a JSON string, and Date as YYYY-MM-DD.
package scalar

import (
	"io"

	"github.com/99designs/gqlgen/graphql"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
)

// MarshalDecimal writes d as a JSON string in plain notation, such as "12.5".
func MarshalDecimal(d decimal.Decimal) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		w.Write(AppendDecimal(nil, d))
	})
}

// AppendDecimal appends d as MarshalDecimal writes it. Its digits, sign and
// point need no escaping in a JSON string.
func AppendDecimal(b []byte, d decimal.Decimal) []byte {
	return append(domain.AppendDecimal(append(b, '"'), d), '"')
}

// AppendEngineDecimal appends an engine's decimal as MarshalDecimal writes
// the same number: both write plain notation without trailing zeros.
func AppendEngineDecimal(b []byte, d engine.Decimal) []byte {
	return append(d.Append(append(b, '"')), '"')
}

// UnmarshalDecimal reads a Decimal. Only strings are accepted: a JSON number
// may already have lost digits to floating point on its way here.
func UnmarshalDecimal(v any) (decimal.Decimal, error) {
	s, ok := v.(string)
	if !ok {
		return decimal.Decimal{}, domain.Invalid("", "A Decimal must be sent as a string, such as \"12.5\".")
	}
	return domain.ParseDecimal(s)
}

// MarshalDate writes d as a JSON string YYYY-MM-DD.
func MarshalDate(d domain.Date) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		w.Write(AppendDate(nil, d))
	})
}

// AppendDate appends d as MarshalDate writes it.
func AppendDate(b []byte, d domain.Date) []byte {
	return append(d.Append(append(b, '"')), '"')
}

// AppendDateText is AppendDate for runs of dates, through text (see
// domain.DateText).
func AppendDateText(b []byte, text *domain.DateText, d domain.Date) []byte {
	return append(text.Append(append(b, '"'), d), '"')
}

// UnmarshalDate reads a Date written YYYY-MM-DD.
func UnmarshalDate(v any) (domain.Date, error) {
	s, ok := v.(string)
	if !ok {
		return domain.Date{}, domain.Invalid("", "A Date must be sent as a string, such as \"2024-01-31\".")
	}
	return domain.ParseDate(s)
}
