package eval

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
)

// WriteText writes the report for people: totals, the breakdowns, the
// expected-entity ranks and a threshold sweep.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "algorithm %s, threshold %.2f, dataset %s\n\n", r.Algorithm, r.Threshold, r.DatasetVersion)
	head := "\tpositives\trecall\tmissed\twrong match\tnegatives\tfalse alerts\tFPR\tprecision\tF1\terrors\t\n"
	row := func(name string, m Metrics) {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%d\t\n", name, m.Positives, ratio(m.Recall, m.Positives), m.Missed,
			m.WrongMatch, m.Negatives, m.FalseAlerts, pct(m.FPR, m.Negatives), ratio(m.Precision, m.Found+m.WrongMatch+m.FalseAlerts),
			ratio(m.F1, m.Positives), m.Errors)
	}
	fmt.Fprint(tw, head)
	row("total", r.Totals)
	for _, g := range []string{"file", "schema", "script", "category"} {
		by, ok := r.By[g]
		if !ok || (g != "file" && len(by) < 2) {
			continue
		}
		fmt.Fprintf(tw, "by %s\t\t\t\t\t\t\t\t\t\t\t\n", g)
		for _, k := range sortedKeys(by) {
			row("  "+k, by[k])
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if rk := r.Ranks; rk.WithExpectation > 0 {
		fmt.Fprintf(w, "\nexpected entity among the hits (%d positives name one): rank 1: %d, top 3: %d, top 10: %d, absent: %d; MRR %.4f\n",
			rk.WithExpectation, rk.Top1, rk.Top3, rk.Top10, rk.Absent, rk.MRR)
	}
	fmt.Fprintln(w, "\nthreshold sweep")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "threshold\trecall\tFPR\tprecision\tF1\tfalse alerts\tmissed\t\n")
	for _, s := range r.Sweep {
		if math.Mod(math.Round(s.Threshold*100), 2) != 0 && math.Abs(s.Threshold-r.Threshold) > 0.001 {
			continue
		}
		mark := ""
		if math.Abs(s.Threshold-r.Threshold) < 0.001 {
			mark = " *"
		}
		fmt.Fprintf(tw, "%.2f%s\t%s\t%s\t%s\t%s\t%d\t%d\t\n", s.Threshold, mark, ratio(s.Recall, s.Positives), pct(s.FPR, s.Negatives),
			ratio(s.Precision, 1), ratio(s.F1, s.Positives), s.FalseAlerts, s.Missed)
	}
	return tw.Flush()
}

func ratio(v float64, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.4f", v)
}

func pct(v float64, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f%%", 100*v)
}

func sortedKeys(m map[string]Metrics) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// SVG draws two charts: recall and false-positive rate against the
// threshold, and the ROC curve (recall against false-positive rate, the
// rate on a log scale).
func (r *Report) SVG() []byte {
	const W, H, pad = 980, 420, 60
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", W, H, W, H)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", W, H)
	fmt.Fprintf(&b, `<text x="%d" y="20" font-size="14">embargo eval — %s, dataset %s, threshold %.2f</text>`+"\n", pad, esc(r.Algorithm), esc(r.DatasetVersion), r.Threshold)
	pw, ph := (W-3*pad)/2, H-2*pad-20

	// chart 1: recall and FPR by threshold
	x0, y0 := pad, 40+ph
	axes(&b, x0, y0, pw, ph, "threshold", "rate", []string{"0.5", "0.6", "0.7", "0.8", "0.9", "1.0"}, []string{"0", "0.25", "0.5", "0.75", "1"})
	px := func(t float64) float64 { return float64(x0) + (t-0.5)/0.5*float64(pw) }
	py := func(v float64) float64 { return float64(y0) - v*float64(ph) }
	var rec, fpr, prec []string
	for _, s := range r.Sweep {
		if s.Positives > 0 {
			rec = append(rec, fmt.Sprintf("%.1f,%.1f", px(s.Threshold), py(s.Recall)))
			prec = append(prec, fmt.Sprintf("%.1f,%.1f", px(s.Threshold), py(s.Precision)))
		}
		if s.Negatives > 0 {
			fpr = append(fpr, fmt.Sprintf("%.1f,%.1f", px(s.Threshold), py(s.FPR)))
		}
	}
	line(&b, rec, "#1f77b4")
	line(&b, prec, "#2ca02c")
	line(&b, fpr, "#d62728")
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#999" stroke-dasharray="4 3"/>`+"\n", px(r.Threshold), y0-ph, px(r.Threshold), y0)
	legend(&b, x0+pw-150, y0-ph+10, [][2]string{{"#1f77b4", "recall"}, {"#2ca02c", "precision"}, {"#d62728", "false-positive rate"}})

	// chart 2: ROC, FPR on a log scale from 1e-5 to 1
	x1 := 2*pad + pw
	axes(&b, x1, y0, pw, ph, "false-positive rate (log)", "recall", []string{"1e-5", "1e-4", "1e-3", "1e-2", "0.1", "1"}, []string{"0", "0.25", "0.5", "0.75", "1"})
	lx := func(f float64) float64 {
		f = math.Max(f, 1e-5)
		return float64(x1) + (math.Log10(f)+5)/5*float64(pw)
	}
	var roc []string
	for _, s := range r.Sweep {
		if s.Positives > 0 && s.Negatives > 0 {
			roc = append(roc, fmt.Sprintf("%.1f,%.1f", lx(s.FPR), py(s.Recall)))
		}
	}
	line(&b, roc, "#9467bd")
	for _, s := range r.Sweep {
		if math.Abs(s.Threshold-r.Threshold) < 0.001 && s.Positives > 0 && s.Negatives > 0 {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#9467bd"/><text x="%.1f" y="%.1f">%.2f</text>`+"\n",
				lx(s.FPR), py(s.Recall), lx(s.FPR)+6, py(s.Recall)+14, s.Threshold)
		}
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func axes(b *bytes.Buffer, x0, y0, w, h int, xl, yl string, xt, yt []string) {
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333"/>`+"\n", x0, y0-h, w, h)
	for i, t := range xt {
		x := x0 + i*w/(len(xt)-1)
		fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#eee"/><text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", x, y0-h, x, y0, x, y0+16, t)
	}
	for i, t := range yt {
		y := y0 - i*h/(len(yt)-1)
		fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#eee"/><text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", x0, y, x0+w, y, x0-6, y+4, t)
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", x0+w/2, y0+34, esc(xl))
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle" transform="rotate(-90 %d %d)">%s</text>`+"\n", x0-40, y0-h/2, x0-40, y0-h/2, esc(yl))
}

func line(b *bytes.Buffer, pts []string, color string) {
	if len(pts) < 2 {
		return
	}
	fmt.Fprintf(b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", color, strings.Join(pts, " "))
}

func legend(b *bytes.Buffer, x, y int, items [][2]string) {
	for i, it := range items {
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="12" height="3" fill="%s"/><text x="%d" y="%d">%s</text>`+"\n", x, y+i*16, it[0], x+18, y+i*16+5, esc(it[1]))
	}
}

func esc(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}
