package metrics

import (
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestOperationNamesAreBounded(t *testing.T) {
	m := New(nil)
	for i := range MaxOperations + 50 {
		m.ObserveRequest(fmt.Sprintf("Operation%d", i), "ok", time.Millisecond)
	}
	m.ObserveRequest("Operation0", "ok", time.Millisecond)
	m.ObserveRequest("", "BAD_USER_INPUT", time.Millisecond)

	if n := testutil.CollectAndCount(m.requests); n != MaxOperations+2 {
		t.Errorf("%d request series, want %d names, %q and %q", n, MaxOperations, Other, Anonymous)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues(Other, "ok")); got != 50 {
		t.Errorf("%q counted %v requests, want 50", Other, got)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues("Operation0", "ok")); got != 2 {
		t.Errorf("Operation0 counted %v requests, want 2 (a name seen early keeps its label)", got)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues(Anonymous, "BAD_USER_INPUT")); got != 1 {
		t.Errorf("anonymous counted %v requests, want 1", got)
	}
}

func TestNilMetricsCountNothing(t *testing.T) {
	var m *Metrics
	m.ObserveRequest("Op", "ok", time.Second)
	m.LoginFailed()
	m.LoginThrottled()
}
