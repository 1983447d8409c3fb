package delivery

import (
	"net/http"
	"time"

	"github.com/hookflow/hookflow/internal/safehttp"
)

// Schedule is how long after each failed attempt of a round the next one
// is made: the first attempt goes at once, then one 5 s after it, and so
// on, eight attempts in all over about 32 hours.
var Schedule = [...]time.Duration{
	5 * time.Second, 5 * time.Minute, 30 * time.Minute,
	2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour,
}

// MaxAttempts is how many attempts a round of the schedule makes.
const MaxAttempts = len(Schedule) + 1

// Jitter is how far each wait of the schedule may be moved, either way,
// so that the retries of many deliveries spread out.
const Jitter = 0.1

// MaxRetryAfter caps the wait an answer's Retry-After may ask for.
const MaxRetryAfter = 10 * time.Hour

// DisableAfter is how long a webhook may fail, with no success since its
// first failure, before it is disabled.
const DisableAfter = 5 * 24 * time.Hour

// verdict is what an attempt's result means for its delivery.
type verdict int

const (
	succeeded verdict = iota // a 2xx answer: done
	retry                    // try again on the schedule
	failed                   // done, failed: the result says not to try again
	gone                     // 410: done, failed, and the webhook is disabled
)

// judge reads an attempt's result: a 2xx answer succeeds, 410 is gone,
// any other answer (3xx included, which is not followed) is retried, as
// is a failed connection; a timeout is retried only with retryOnTimeout.
func judge(r *result, retryOnTimeout bool) verdict {
	switch {
	case r.err != nil && r.timeout && !retryOnTimeout, r.fatal:
		return failed
	case r.err != nil:
		return retry
	case r.status >= 200 && r.status <= 299:
		return succeeded
	case r.status == http.StatusGone:
		return gone
	}
	return retry
}

// retryDelay returns the wait after the tries-th attempt of a round
// failed, moved by up to Jitter either way with rnd in [0, 1); or false
// when that was the round's last attempt. A longer Retry-After replaces
// it, up to MaxRetryAfter.
func retryDelay(tries int, rnd float64, retryAfter time.Duration) (time.Duration, bool) {
	if tries < 1 || tries >= MaxAttempts {
		return 0, false
	}
	d := time.Duration(float64(Schedule[tries-1]) * (1 - Jitter + 2*Jitter*rnd))
	if retryAfter > d {
		d = min(retryAfter, MaxRetryAfter)
	}
	return d, true
}

// retryAfter returns the wait an answer's Retry-After header asks for, in
// seconds or as an HTTP date; 0 without one.
func retryAfter(h http.Header, now time.Time) time.Duration {
	d, ok := safehttp.RetryAfter(h, now)
	if !ok {
		return 0
	}
	return d
}
