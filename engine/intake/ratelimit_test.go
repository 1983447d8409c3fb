package intake

import (
	"testing"
	"time"
)

func TestLimiter_BucketPerFlow(t *testing.T) {
	t.Parallel()
	var l limiter
	now := time.Unix(1000, 0)
	for i := range 5 {
		if ok, _ := l.allow("a", 5, now); !ok {
			t.Fatalf("request %d of the first second refused", i+1)
		}
	}
	ok, wait := l.allow("a", 5, now)
	if ok || wait <= 0 || wait > 200*time.Millisecond {
		t.Fatalf("6th request: ok=%v wait=%v; want refused with a wait up to 200ms", ok, wait)
	}
	if ok, _ := l.allow("b", 5, now); !ok {
		t.Fatal("another flow was limited by the first one's traffic")
	}
	if ok, _ := l.allow("a", 5, now.Add(wait)); !ok {
		t.Fatal("refused after waiting the advised time")
	}
	if ok, _ := l.allow("a", 0, now); !ok {
		t.Fatal("rate 0 means no limit")
	}
}
