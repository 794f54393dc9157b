package metrics

import (
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestFieldLabels(t *testing.T) {
	m := New(nil)
	m.ObserveRequest([]string{"consumptionSeries", "me"}, "ok", time.Millisecond)
	m.ObserveRequest([]string{"me"}, "ok", time.Millisecond)
	m.ObserveRequest(nil, "BAD_REQUEST", time.Millisecond)
	for _, c := range []struct {
		field, outcome string
		want           float64
	}{{"consumptionSeries", "ok", 1}, {"me", "ok", 2}, {NoField, "BAD_REQUEST", 1}} {
		if got := testutil.ToFloat64(m.requests.WithLabelValues(c.field, c.outcome)); got != c.want {
			t.Errorf("%s %s counted %v requests, want %v", c.field, c.outcome, got, c.want)
		}
	}
}

func TestFieldLabelsAreBounded(t *testing.T) {
	m := New(nil)
	m.ObserveRequest([]string{"me"}, "ok", time.Millisecond)
	for i := range MaxFields + 50 {
		m.ObserveRequest([]string{fmt.Sprintf("field%d", i)}, "ok", time.Millisecond)
	}
	m.ObserveRequest([]string{"me"}, "ok", time.Millisecond)
	if n := testutil.CollectAndCount(m.requests); n != MaxFields+1 {
		t.Errorf("%d request series, want %d names and %q", n, MaxFields, Other)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues("me", "ok")); got != 2 {
		t.Errorf("me counted %v requests, want 2 (a name seen early keeps its label)", got)
	}
}

func TestNilMetricsCountNothing(t *testing.T) {
	var m *Metrics
	m.ObserveRequest([]string{"me"}, "ok", time.Second)
	m.LoginFailed()
	m.LoginThrottled()
}
