package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// report prints one line per scenario: the server's figures, those of the
// same SQL run directly, and the ratio of the two rates.
type report struct {
	w        *tabwriter.Writer
	failures []string
}

func newReport(out io.Writer) *report {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "scenario\tGraphQL req/s\tp50\tp99\terrors\tpeak RSS\t\tSQL req/s\tp50\tp99\terrors\t\tGraphQL/SQL\t")
	return &report{w: w}
}

func (r *report) add(name string, server, direct measurement) {
	fmt.Fprintf(r.w, "%s\t%.0f\t%s\t%s\t%d\t%.0f MiB\t\t%.0f\t%s\t%s\t%d\t\t%.0f%%\t\n",
		name, server.rate(), ms(server.p50), ms(server.p99), server.errors, float64(server.peakRSS)/(1<<20),
		direct.rate(), ms(direct.p50), ms(direct.p99), direct.errors,
		100*server.rate()/direct.rate())
	if server.firstError != "" {
		r.failures = append(r.failures, fmt.Sprintf("%s, server: %.300s", name, server.firstError))
	}
	if direct.firstError != "" {
		r.failures = append(r.failures, fmt.Sprintf("%s, direct SQL: %.300s", name, direct.firstError))
	}
}

func (r *report) flush() {
	r.w.Flush()
	for _, f := range r.failures {
		fmt.Fprintln(r.w, "error example:", f)
	}
	r.w.Flush()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
