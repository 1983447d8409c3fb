package main

import (
	"math"
	"testing"
	"time"
)

func TestBucket_RoundTrip(t *testing.T) {
	t.Parallel()
	for _, v := range []uint64{0, 1, 255, 256, 257, 1000, 123456, 1 << 40, math.MaxInt64, math.MaxUint64} {
		lo, hi := bucketRange(bucketOf(v))
		if v < lo || v > hi {
			t.Errorf("value %d in bucket [%d, %d]", v, lo, hi)
		}
		if lo > 0 && float64(hi-lo)/float64(lo) > 1.0/128 {
			t.Errorf("value %d: bucket [%d, %d] wider than 1/128", v, lo, hi)
		}
	}
	if got := bucketOf(math.MaxUint64); got != histBuckets-1 {
		t.Errorf("largest bucket %d, want %d", got, histBuckets-1)
	}
}

func TestHistogram_Quantiles(t *testing.T) {
	t.Parallel()
	a, b := newHistogram(), newHistogram()
	for i := 1; i <= 1000; i++ {
		h := a
		if i%2 == 0 {
			h = b
		}
		h.record(time.Duration(i) * time.Microsecond)
	}
	a.merge(b)
	tests := []struct {
		name string
		q    float64
		want time.Duration
	}{
		{"p50", 0.50, 500 * time.Microsecond},
		{"p90", 0.90, 900 * time.Microsecond},
		{"p99", 0.99, 990 * time.Microsecond},
		{"max", 1, 1000 * time.Microsecond},
		{"min", 0, time.Microsecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := a.quantile(tt.q)
			if d := math.Abs(float64(got-tt.want)) / float64(tt.want); d > 0.01 {
				t.Errorf("quantile(%v) = %v, want %v within 1%%", tt.q, got, tt.want)
			}
		})
	}
	if a.total != 1000 || a.max != time.Millisecond || a.min != time.Microsecond {
		t.Errorf("total %d, min %v, max %v", a.total, a.min, a.max)
	}
}
