package bench

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/leadport/leadport/internal/app"
)

// table prints the results, then each import's counters.
func (b *bench) table(rs []result) {
	var floor *result
	for i := range rs {
		if strings.HasPrefix(rs[i].stage, "floor") {
			floor = &rs[i] // the first floor is the reference
			break
		}
	}
	fmt.Fprintln(b.out)
	w := tabwriter.NewWriter(b.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "stage\twall\tCPU\trows/s\tpeak RSS\t× floor\tfirst progress\tlongest wait\t")
	for _, r := range rs {
		if r.wall == 0 {
			continue // a comparison: its note says it
		}
		ratio, first, gap := "", "", ""
		if r.ratio && floor != nil {
			ratio = fmt.Sprintf("%.2f×", r.wall.Seconds()/floor.wall.Seconds())
		}
		if r.first > 0 {
			first = round(r.first).String()
		}
		if r.maxGap > 0 {
			gap = round(r.maxGap).String()
		}
		cpu := "?"
		if r.cpu > 0 {
			cpu = round(r.cpu).String()
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.stage, round(r.wall), cpu, thousands(int64(float64(r.rows)/r.wall.Seconds())),
			mib(r.peakRSS), ratio, first, gap)
	}
	w.Flush()
	if floor != nil {
		fmt.Fprintf(b.out, "× floor: wall time divided by %q's (%s). first progress: from the start of the run to the first committed batch;\nlongest wait: the longest time the run went without committing progress. CPU: of this process (of sqlite3 for .import;\nthe PostgreSQL server's is not counted): on a shared machine, wall time above CPU time is time spent waiting for a core or the disk.\n", floor.stage, round(floor.wall))
	}
	for _, r := range rs {
		if r.note != "" {
			fmt.Fprintf(b.out, "%s: %s\n", r.stage, r.note)
		}
		if r.counters != nil {
			fmt.Fprintf(b.out, "%s counters: %s", strings.TrimSuffix(r.stage, ": total"), app.Describe(*r.counters))
			if r.expected != nil {
				fmt.Fprintf(b.out, "; %s", expectedNote(*r.counters, *r.expected))
			}
			fmt.Fprintln(b.out)
		}
	}
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

func mib(b int64) string {
	if b <= 0 {
		return "?"
	}
	return fmt.Sprintf("%d MiB", (b+1<<19)>>20)
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
