package ids

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func TestNewSortable_OrderFollowsTime(t *testing.T) {
	t.Parallel()
	start := time.Unix(1_700_000_000, 0)
	var list []string
	for i := range 1000 {
		list = append(list, NewSortable("run", start.Add(time.Duration(i)*time.Millisecond)))
	}
	if !sort.StringsAreSorted(list) {
		t.Fatal("ids made later do not sort later")
	}
	if a, b := NewSortable("run", start), NewSortable("run", start); a == b || !strings.HasPrefix(a, "run_") || len(a) != 4+26 {
		t.Fatalf("ids %q and %q: want distinct run_ + 26 characters", a, b)
	}
}
