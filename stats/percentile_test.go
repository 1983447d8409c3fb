package stats

import "testing"

func TestPercentile_NearestRank(t *testing.T) {
	t.Parallel()
	ten := []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
	twenty := make([]float64, 20)
	for i := range twenty {
		twenty[i] = float64(20 - i)
	}
	tests := []struct {
		name   string
		values []float64
		p      float64
		want   float64
	}{
		{"one value", []float64{42.5}, 50, 42.5},
		{"one value p95", []float64{42.5}, 95, 42.5},
		{"median of an odd count", []float64{3, 1, 2}, 50, 2},
		{"median of an even count is the lower middle", []float64{4, 1, 3, 2}, 50, 2},
		{"p50 of ten", ten, 50, 5},
		{"p95 of ten is the largest", ten, 95, 10},
		{"p95 of twenty is the 19th", twenty, 95, 19},
		{"p100", twenty, 100, 20},
		{"tiny p is the smallest", twenty, 0.1, 1},
		{"repeated values", []float64{7, 7, 7, 1}, 50, 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			values := append([]float64(nil), tc.values...)
			got := Percentile(values, tc.p)
			if got == nil || *got != tc.want {
				t.Fatalf("Percentile(%v, %v) = %v, want %v", tc.values, tc.p, got, tc.want)
			}
		})
	}
	if got := Percentile(nil, 50); got != nil {
		t.Fatalf("Percentile of nothing = %v, want nil", *got)
	}
}

func TestSuccessRate(t *testing.T) {
	t.Parallel()
	if r := SuccessRate(0, 0); r != nil {
		t.Fatalf("SuccessRate(0, 0) = %v, want nil", *r)
	}
	for _, tc := range []struct {
		ok, failed int
		want       float64
	}{{3, 1, 0.75}, {0, 2, 0}, {5, 0, 1}} {
		if r := SuccessRate(tc.ok, tc.failed); r == nil || *r != tc.want {
			t.Errorf("SuccessRate(%d, %d) = %v, want %v", tc.ok, tc.failed, r, tc.want)
		}
	}
}
