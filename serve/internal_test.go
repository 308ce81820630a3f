package serve

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A handler that panics is answered 500 and logged; the server goes on.
func TestRecover(t *testing.T) {
	var logged []string
	s := &server{opts: Options{Log: func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }}}
	h := s.recoverer(headers(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != 500 || strings.Count(strings.TrimSpace(rec.Body.String()), "\n") != 0 {
		t.Errorf("status %d, body %q; want 500 and one line", rec.Code, rec.Body)
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "boom") {
		t.Errorf("logged %q", logged)
	}
}

func TestThin(t *testing.T) {
	var s []sample
	for i := range 1000 {
		s = append(s, sample{Title: fmt.Sprint(i)})
	}
	got := thin(s, 120)
	if len(got) != 120 || got[0].Title != "0" || got[len(got)-1].Title != "999" {
		t.Errorf("%d samples, from %s to %s", len(got), got[0].Title, got[len(got)-1].Title)
	}
	if len(thin(s[:50], 120)) != 50 {
		t.Error("thin dropped samples under the cap")
	}
}

// A chart's points lie within its plot, a missing value at the bottom, and
// the lines break at it.
func TestPlot(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	v := func(f float64) *float64 { return &f }
	c := plot([]sample{{T: start, V: v(0)}, {T: start.AddDate(0, 0, 1), V: v(100)}, {T: start.AddDate(0, 0, 2)}, {T: start.AddDate(0, 0, 3), V: v(50)}, {T: start.AddDate(0, 0, 10), V: v(75)}}, trendSize)
	if len(c.Points) != 5 || len(c.Lines) != 2 {
		t.Fatalf("%d points, %d lines; want 5 and 2", len(c.Points), len(c.Lines))
	}
	for _, p := range c.Points {
		if p.X < 0 || p.X > plotSize || p.Y < 0 || p.Y > plotSize {
			t.Errorf("point %+v outside the plot", p)
		}
	}
	if c.Points[0].X != 0 || c.Points[4].X != plotSize || c.Points[0].Y != plotSize || c.Points[1].Y != 0 || c.Points[2].Y != plotSize || c.Points[3].Y != plotSize/2 {
		t.Errorf("points %+v", c.Points)
	}
	if len(c.XLabels) != 5 || c.XLabels[0].Label != "2024-01-01" || c.XLabels[4].Label != "2024-01-11" || c.XLabels[4].Left != 100 {
		t.Errorf("labels %+v", c.XLabels)
	}
	if len(c.Grid) != 5 || c.Grid[0].Label != "0" || c.Grid[0].Top != 100 || c.Grid[4].Top != 0 {
		t.Errorf("grid %+v", c.Grid)
	}
	one := plot([]sample{{T: start, V: v(80)}}, trendSize)
	if len(one.Points) != 1 || one.Points[0].X != plotSize/2 || len(one.Lines) != 0 {
		t.Errorf("one sample: %+v", one)
	}
}
