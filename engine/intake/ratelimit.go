package intake

import (
	"math"
	"sync"
	"time"
)

// limiter is a token bucket per flow: rate requests a second with a burst
// of one second's worth. It is per process; with several processes each
// allows the rate, which the flow's docs say.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// allow takes a token for key at rate per second. When none is left it
// returns how long until one is.
func (l *limiter) allow(key string, rate int, now time.Time) (bool, time.Duration) {
	if rate <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: float64(rate), last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(float64(rate), b.tokens+now.Sub(b.last).Seconds()*float64(rate))
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / float64(rate) * float64(time.Second))
	return false, wait
}
