package serve

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/privaudit/privaudit/internal/textutil"
)

// chart is a line chart over time: an inline SVG plot that stretches to
// its box (a polyline per run of points with a value, and a mark of class
// "point" with a tooltip per point), and HTML labels around it placed in
// percentages. Lines and marks keep their width in screen pixels
// (non-scaling strokes; a mark is a round-capped stroke of zero length),
// so the same chart reads on a laptop and at 375 pixels wide.
type chart struct {
	// Kind is the chart's class (trend, small); Label its accessible
	// name; Check the ID of the check it charts, if any.
	Kind, Label, Check string
	Grid               []gridLine
	XLabels            []axisLabel
	// Lines are the polylines' points ("x,y x,y"), one per run of points
	// with a value.
	Lines  []string
	Points []point
	// Shown counts the points drawn, of Total: a long history is thinned
	// to a cap, evenly, keeping the first and the last. Dense is set when
	// the marks are drawn smaller, for there are many.
	Shown, Total int
	Dense        bool
}

// plotSize is the size of every plot's view box, in its own units: the
// plot stretches it to its box.
const plotSize = 1000

// gridLine is a horizontal line of the chart at Y (view box units; Top
// the same in percent of the plot's height), labelled.
type gridLine struct {
	Y, Top float64
	Label  string
}

// axisLabel is a label of the time axis at Left percent of the plot's
// width (Anchor: start, middle, end; Mid is set for those between the
// ends, which a narrow screen hides).
type axisLabel struct {
	Left          float64
	Label, Anchor string
	Mid           bool
}

// point is one mark of a chart at X, Y (view box units): its classes, its
// tooltip, and the page it links to ("" for none). Attrs are the mark's
// attributes, written once here (a long history has thousands of points):
// they hold only numbers and class names of this package, never text from
// a site; Title and Href are escaped by the template.
type point struct {
	X, Y         float64
	Class, Title string
	Href         string
	Attrs        template.HTMLAttr
}

// sample is one value of a series: its time, its value (nil: none, drawn
// at the bottom in grey), and how its mark reads: Class holds class names
// of this package only (it is written unescaped).
type sample struct {
	T     time.Time
	V     *float64
	Class string
	Title string
	Href  string
}

// chartSize is what differs between the kinds of chart.
type chartSize struct {
	// Kind is the chart's class.
	Kind string
	// Max is the value at the top; Ticks the values of the grid lines,
	// labelled with Format (nil: no labels).
	Max    float64
	Ticks  []float64
	Format func(float64) string
	// XLabels asks for date labels under the plot.
	XLabels bool
	// MaxPoints caps the points drawn; from Dense points on, the marks are
	// smaller.
	MaxPoints, Dense int
}

var (
	// trendSize is a site's score chart (0 to 100).
	trendSize = chartSize{Kind: "trend", Max: 100, Ticks: []float64{0, 25, 50, 75, 100},
		Format: func(v float64) string { return strconv.Itoa(int(v)) }, XLabels: true, MaxPoints: 500, Dense: 100}
	// checkSize is a check's small chart (0 to 1).
	checkSize = chartSize{Kind: "small", Max: 1, Ticks: []float64{0, 0.5, 1}, MaxPoints: 120, Dense: 30}
)

// plot draws samples (oldest first) as a chart of kind sz.
func plot(samples []sample, sz chartSize) chart {
	c := chart{Kind: sz.Kind, Total: len(samples)}
	samples = thin(samples, sz.MaxPoints)
	c.Shown = len(samples)
	c.Dense = c.Shown >= sz.Dense
	y := func(v float64) float64 {
		v = min(max(v, 0), sz.Max)
		return round1(plotSize - v/sz.Max*plotSize)
	}
	for _, t := range sz.Ticks {
		g := gridLine{Y: y(t), Top: y(t) / plotSize * 100}
		if sz.Format != nil {
			g.Label = sz.Format(t)
		}
		c.Grid = append(c.Grid, g)
	}
	if len(samples) == 0 {
		return c
	}
	t0, t1 := samples[0].T, samples[len(samples)-1].T
	span := t1.Sub(t0)
	x := func(t time.Time) float64 {
		if span <= 0 {
			return plotSize / 2
		}
		return round1(float64(t.Sub(t0)) / float64(span) * plotSize)
	}
	var line []string
	flush := func() {
		if len(line) > 1 {
			c.Lines = append(c.Lines, strings.Join(line, " "))
		}
		line = nil
	}
	for _, s := range samples {
		p := point{X: x(s.T), Class: "point " + s.Class, Title: s.Title, Href: s.Href}
		if s.V == nil {
			flush()
			p.Y = plotSize
		} else {
			p.Y = y(*s.V)
			line = append(line, fmtNum(p.X)+","+fmtNum(p.Y))
		}
		xs, ys := fmtNum(p.X), fmtNum(p.Y)
		p.Attrs = template.HTMLAttr(`class="` + p.Class + `" x1="` + xs + `" y1="` + ys + `" x2="` + xs + `" y2="` + ys + `"`)
		c.Points = append(c.Points, p)
	}
	flush()
	if sz.XLabels {
		c.XLabels = timeLabels(t0, t1, func(t time.Time) float64 { return x(t) / plotSize * 100 })
	}
	return c
}

// timeLabels labels the time axis: the first and the last time, and three
// between them when the span allows.
func timeLabels(t0, t1 time.Time, x func(time.Time) float64) []axisLabel {
	span := t1.Sub(t0)
	layout := time.DateOnly
	if span < 48*time.Hour {
		layout = "01-02 15:04"
	}
	label := func(t time.Time, anchor string) axisLabel {
		return axisLabel{Left: x(t), Label: t.UTC().Format(layout), Anchor: anchor}
	}
	if span <= 0 {
		return []axisLabel{label(t0, "middle")}
	}
	out := []axisLabel{label(t0, "start")}
	if span >= 4*24*time.Hour || layout != time.DateOnly {
		for _, f := range []float64{0.25, 0.5, 0.75} {
			l := label(t0.Add(time.Duration(f*float64(span))), "middle")
			l.Mid = true
			out = append(out, l)
		}
	}
	return append(out, label(t1, "end"))
}

// thin keeps at most n samples, evenly spaced, the first and the last among
// them (n <= 0: all).
func thin[T any](s []T, n int) []T {
	if n <= 0 || len(s) <= n {
		return s
	}
	out := make([]T, 0, n)
	step := float64(len(s)-1) / float64(n-1)
	last := -1
	for i := range n {
		j := int(math.Round(float64(i) * step))
		if j != last {
			out = append(out, s[j])
			last = j
		}
	}
	return out
}

// sparkline is a small inline chart of the recent scores of a site, by
// index (oldest first), with a dot on the latest.
type sparkline struct {
	W, H       int
	Points     string
	LastX      float64
	LastY      float64
	Band       string
	Label      string
	HasScores  bool
	SinglePlot bool
}

// spark draws scores (0 to 100, oldest first).
func spark(scores []float64) sparkline {
	const w, h, pad = 120, 28, 3.0
	sp := sparkline{W: w, H: h}
	if len(scores) == 0 {
		return sp
	}
	sp.HasScores = true
	sp.SinglePlot = len(scores) == 1
	pts := make([]string, len(scores))
	for i, v := range scores {
		x := float64(w) / 2
		if len(scores) > 1 {
			x = pad + float64(i)/float64(len(scores)-1)*(w-2*pad)
		}
		y := h - pad - min(max(v, 0), 100)/100*(h-2*pad)
		x, y = round1(x), round1(y)
		pts[i] = fmtNum(x) + "," + fmtNum(y)
		sp.LastX, sp.LastY = x, y
	}
	last := scores[len(scores)-1]
	sp.Points = strings.Join(pts, " ")
	sp.Band = band(last)
	sp.Label = "Scores of the last " + textutil.Plural(len(scores), "audit", "audits") + ": from " +
		strconv.FormatFloat(scores[0], 'f', 1, 64) + " to " + strconv.FormatFloat(last, 'f', 1, 64)
	return sp
}

// round1 rounds to a tenth, so that the SVG stays short.
func round1(f float64) float64 { return math.Round(f*10) / 10 }

// fmtNum writes a coordinate.
func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
