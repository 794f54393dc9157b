package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
)

// runScale measures how a user's query time depends on the size of the
// table: the read scenarios, one request at a time, against a table of 100
// thousand records (100 users) and one of 10 million (10,000 users), each
// user holding the same 1000 records. An index led by the user keeps a
// user's query to that user's rows, so the two should be close.
func runScale(ctx context.Context, o options, stdout io.Writer) error {
	sizes := []int{100, 10_000}
	medians := make([]map[string]measurement, len(sizes))
	for k, users := range sizes {
		so := o
		so.users, so.recordsPerUser, so.concurrency = users, 1000, 1
		so.activeUsers = min(o.activeUsers, users)
		fmt.Fprintf(stdout, "\n%d users × 1000 records:\n", users)
		db, srv, scenarios, err := prepare(ctx, so, stdout)
		if err != nil {
			return err
		}
		medians[k] = map[string]measurement{}
		for _, sc := range scenarios {
			if sc.name == "records/create" || sc.name == "mix" || sc.name == "series/daily/year" {
				continue // the question is how reads scale
			}
			m, err := measureServer(ctx, srv, sc.name, sc.body, so)
			if err != nil {
				srv.stop()
				db.close()
				return err
			}
			medians[k][sc.name] = m
		}
		srv.stop()
		db.close()
	}

	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "\nscenario\tp50, 100k records\tp50, 10M records\tratio\tp99, 100k\tp99, 10M\t")
	for _, name := range []string{"totals/year", "series/monthly/year", "summary/month", "records/page"} {
		small, large := medians[0][name], medians[1][name]
		fmt.Fprintf(w, "%s\t%s\t%s\t%.2f\t%s\t%s\t\n", name, ms(small.p50), ms(large.p50),
			float64(large.p50)/float64(small.p50), ms(small.p99), ms(large.p99))
	}
	return w.Flush()
}
