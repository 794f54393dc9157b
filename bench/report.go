package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// result is what one scenario gave: the server's measurement and those of
// its baselines (zero where the scenario has none).
type result struct {
	server, direct, plain, peer measurement
}

// report prints one line per scenario: the server's figures, those of the
// store's SQL run directly, of the plain grouping and of the peer (another
// server, named peer: PostGraphile, or another build), and the ratios of the
// server's rate to theirs.
type report struct {
	w        *tabwriter.Writer
	peer     string
	failures []string
}

func newReport(out io.Writer, peer string) *report {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "scenario\tGraphQL req/s\tp50\tp99\terrors\tpeak RSS\t\tstore SQL req/s\tp99\t\tplain SQL req/s\tp99\t\tGraphQL÷store\tGraphQL÷plain\t")
	if peer != "" {
		fmt.Fprintf(w, "\t%[1]s req/s\tp99\terrors\tpeak RSS\tGraphQL÷%[1]s\t", peer)
	}
	fmt.Fprintln(w)
	return &report{w: w, peer: peer}
}

func (r *report) add(name string, res result) {
	s := res.server
	fmt.Fprintf(r.w, "%s\t%.0f\t%s\t%s\t%d\t%s\t\t%s\t%s\t\t%s\t%s\t\t%s\t%s\t",
		name, s.rate(), ms(s.p50), ms(s.p99), s.errors, mib(s.peakRSS),
		cell(res.direct, rate), cell(res.direct, p99), cell(res.plain, rate), cell(res.plain, p99),
		ratio(s, res.direct), ratio(s, res.plain))
	if r.peer != "" {
		p := res.peer
		fmt.Fprintf(r.w, "\t%s\t%s\t%s\t%s\t%s\t", cell(p, rate), cell(p, p99), cell(p, errorCount), cell(p, peakRSS), ratio(s, p))
	}
	fmt.Fprintln(r.w)
	for _, m := range []struct {
		side string
		m    measurement
	}{{"server", s}, {"store SQL", res.direct}, {"plain SQL", res.plain}, {r.peer, res.peer}} {
		if m.m.firstError != "" {
			r.failures = append(r.failures, fmt.Sprintf("%s, %s (%d errors): %.300s", name, m.side, m.m.errors, m.m.firstError))
		}
	}
}

func (r *report) flush() {
	r.w.Flush()
	for _, f := range r.failures {
		fmt.Fprintln(r.w, "error example:", f)
	}
	r.w.Flush()
}

// ratio is the server's rate divided by the baseline's, or a dash where the
// scenario has no such baseline.
func ratio(server, baseline measurement) string {
	if baseline.requests == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", server.rate()/baseline.rate())
}

// The figures a cell can show.
func rate(m measurement) string       { return fmt.Sprintf("%.0f", m.rate()) }
func p99(m measurement) string        { return ms(m.p99) }
func errorCount(m measurement) string { return fmt.Sprint(m.errors) }
func peakRSS(m measurement) string    { return mib(m.peakRSS) }

// cell shows a figure of a baseline, or a dash where the scenario has none.
func cell(m measurement, figure func(measurement) string) string {
	if m.requests == 0 {
		return "-"
	}
	return figure(m)
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
