package gather

import (
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestBlocked(t *testing.T) {
	for _, tc := range []struct {
		pages []record.RenderedPage
		want  bool
	}{
		{nil, true},
		{[]record.RenderedPage{{Status: 200}}, false},
		{[]record.RenderedPage{{Status: 403}}, true},
		{[]record.RenderedPage{{Status: 503}}, true},
		{[]record.RenderedPage{{Status: 404}}, false},
		{[]record.RenderedPage{{Error: "net::ERR_CONNECTION_REFUSED"}}, true},
		{[]record.RenderedPage{{Status: 200, Error: "did not load within 20s"}}, false},
	} {
		if got := blocked(record.Phase{Pages: tc.pages}); got != tc.want {
			t.Errorf("blocked(%+v) = %v, want %v", tc.pages, got, tc.want)
		}
	}
}
