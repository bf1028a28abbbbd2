package main

import (
	"testing"
	"time"
)

// TestPercentile checks the nearest-rank percentiles, including the edges.
func TestPercentile(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	var hundred []time.Duration
	for i := 1; i <= 100; i++ {
		hundred = append(hundred, ms(i))
	}
	cases := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value", []time.Duration{ms(7)}, 99, ms(7)},
		{"p50 of 1..100", hundred, 50, ms(50)},
		{"p95 of 1..100", hundred, 95, ms(95)},
		{"p99 of 1..100", hundred, 99, ms(99)},
		{"max of 1..100", hundred, 100, ms(100)},
		{"tiny p is the minimum", hundred, 0.001, ms(1)},
		{"p50 of four rounds down to the 2nd", []time.Duration{ms(1), ms(2), ms(3), ms(4)}, 50, ms(2)},
		{"p95 of four is the maximum", []time.Duration{ms(1), ms(2), ms(3), ms(4)}, 95, ms(4)},
		{"p99 of ten is the maximum", hundred[:10], 99, ms(10)},
	}
	for _, c := range cases {
		if got := percentile(c.sorted, c.p); got != c.want {
			t.Errorf("%s: percentile(p=%g) = %v, want %v", c.name, c.p, got, c.want)
		}
	}
}

// TestSummarizeCountsErrorsAndLatency checks a row's counts and percentiles
// from unsorted samples.
func TestSummarizeCountsErrorsAndLatency(t *testing.T) {
	var ss []sample
	for i := 100; i >= 1; i-- {
		s := sample{kind: kindPage, want: 200, status: 200, latency: time.Duration(i) * time.Millisecond}
		if i%25 == 0 {
			s.status = 500
		}
		ss = append(ss, s)
	}
	r := summarize("page", ss)
	if r.n != 100 || r.errors != 4 || r.p50 != 50*time.Millisecond || r.p99 != 99*time.Millisecond || r.worst != 100*time.Millisecond {
		t.Errorf("summarize = %+v", r)
	}
}
