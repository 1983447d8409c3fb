package main

import (
	"math/bits"
	"time"
)

// subBits sets the histogram's precision: each power-of-two range of
// latencies is split into 2^(subBits-1) equal buckets, so a recorded value
// is known to within 1/128 (0.8 %) of itself.
const subBits = 8

// histBuckets covers every non-negative int64 nanosecond value.
const histBuckets = (1 << subBits) + (64-subBits)*(1<<(subBits-1))

// histogram is a log-linear latency histogram in the manner of
// HdrHistogram: fixed size, allocated once, so recording costs an index
// computation and an increment and never allocates on the request path.
// A histogram belongs to one goroutine; merge combines them afterwards.
type histogram struct {
	counts [histBuckets]uint64
	total  uint64
	sum    time.Duration
	min    time.Duration
	max    time.Duration
}

// newHistogram returns an empty histogram.
func newHistogram() *histogram {
	return &histogram{min: -1}
}

// bucketOf returns the bucket that holds v nanoseconds.
func bucketOf(v uint64) int {
	n := bits.Len64(v)
	if n <= subBits {
		return int(v)
	}
	shift := n - subBits
	mantissa := v >> shift // in [2^(subBits-1), 2^subBits)
	return (1 << subBits) + (shift-1)*(1<<(subBits-1)) + int(mantissa-(1<<(subBits-1)))
}

// bucketRange returns the smallest and largest value of bucket i.
func bucketRange(i int) (lo, hi uint64) {
	if i < 1<<subBits {
		return uint64(i), uint64(i)
	}
	j := i - (1 << subBits)
	shift := j/(1<<(subBits-1)) + 1
	mantissa := uint64(j%(1<<(subBits-1))) + (1 << (subBits - 1))
	lo = mantissa << shift
	return lo, lo + (1 << shift) - 1
}

// record adds one latency.
func (h *histogram) record(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.counts[bucketOf(uint64(d))]++
	h.total++
	h.sum += d
	if h.min < 0 || d < h.min {
		h.min = d
	}
	if d > h.max {
		h.max = d
	}
}

// merge adds every value recorded in o to h.
func (h *histogram) merge(o *histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.total += o.total
	h.sum += o.sum
	if o.min >= 0 && (h.min < 0 || o.min < h.min) {
		h.min = o.min
	}
	if o.max > h.max {
		h.max = o.max
	}
}

// quantile returns the value below which a fraction q of the recorded
// latencies lie, as the middle of the bucket that holds it, clamped to the
// exact minimum and maximum. It returns 0 for an empty histogram.
func (h *histogram) quantile(q float64) time.Duration {
	if h.total == 0 {
		return 0
	}
	rank := uint64(q*float64(h.total) + 0.5)
	rank = max(rank, 1)
	rank = min(rank, h.total)
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			lo, hi := bucketRange(i)
			v := time.Duration(lo + (hi-lo)/2)
			return min(max(v, h.min), h.max)
		}
	}
	return h.max
}

// mean returns the average recorded latency.
func (h *histogram) mean() time.Duration {
	if h.total == 0 {
		return 0
	}
	return h.sum / time.Duration(h.total)
}
