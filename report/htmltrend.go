package report

import (
	"fmt"
	"strings"
	"time"
)

// htmlTrend is the trend chart of the HTML report: the site's earlier
// audits kept by the history store, then this one.
type htmlTrend struct {
	Width, Height int
	// Left and Right bound the plot horizontally; Top and Bottom the
	// scores 100 and 0.
	Left, Right, Top, Bottom int
	Line                     string // the polyline's points
	Points                   []trendPoint
	// Ticks are the horizontal guide lines (0, 50, 100).
	Ticks []trendTick
	// First and Last label the time axis.
	First, Last string
	Summary     string
}

type trendPoint struct {
	X, Y  int
	Title string
	// Current marks this audit's point.
	Current bool
	Band    string
}

type trendTick struct {
	Y     int
	Label string
}

// newTrend returns the trend chart of r, nil when no earlier audit is
// known.
func newTrend(r *Report) *htmlTrend {
	if r.History == nil || len(r.History.Audits) == 0 {
		return nil
	}
	pts := append([]HistoryPoint(nil), r.History.Audits...)
	pts = append(pts, HistoryPoint{StartedAt: r.StartedAt, Score: r.Score, Grade: r.Grade, Complete: r.Complete})
	const w, h, left, right, top, bottom = 640, 160, 36, 628, 12, 132
	t := &htmlTrend{Width: w, Height: h, Left: left, Right: right, Top: top, Bottom: bottom,
		First: day(pts[0].StartedAt), Last: day(pts[len(pts)-1].StartedAt)}
	for _, s := range []float64{0, 50, 100} {
		t.Ticks = append(t.Ticks, trendTick{Y: scoreY(s, top, bottom), Label: fmt.Sprint(s)})
	}
	var line []string
	for i, p := range pts {
		x := left + (right-left)/2
		if len(pts) > 1 {
			x = left + i*(right-left)/(len(pts)-1)
		}
		y := scoreY(p.Score, top, bottom)
		line = append(line, fmt.Sprintf("%d,%d", x, y))
		title := fmt.Sprintf("%s: %.1f, grade %s", p.StartedAt.UTC().Format("2006-01-02 15:04"), p.Score, p.Grade)
		if i == len(pts)-1 {
			title += " (this audit)"
		}
		t.Points = append(t.Points, trendPoint{X: x, Y: y, Title: title, Current: i == len(pts)-1, Band: GradeBand(p.Grade)})
	}
	t.Line = strings.Join(line, " ")
	prev := pts[len(pts)-2]
	delta := r.Score - prev.Score
	t.Summary = fmt.Sprintf("%d audits from %s to %s; %+.1f since the audit of %s (%.1f).", len(pts), t.First, t.Last, delta, day(prev.StartedAt), prev.Score)
	return t
}

func scoreY(score float64, top, bottom int) int {
	score = max(0, min(100, score))
	return bottom - int(score/100*float64(bottom-top)+0.5)
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }
