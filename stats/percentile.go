package stats

import (
	"math"
	"slices"
)

// Percentile returns the p-th percentile (0 < p <= 100) of values by the
// nearest-rank method: the smallest value that at least p percent of the
// values do not exceed, so that it is always a value that was measured.
// It sorts values in place (sorting them again is cheap); nil when there
// are none.
func Percentile(values []float64, p float64) *float64 {
	if len(values) == 0 {
		return nil
	}
	slices.Sort(values)
	rank := int(math.Ceil(p / 100 * float64(len(values))))
	v := values[min(max(rank, 1), len(values))-1]
	return &v
}
