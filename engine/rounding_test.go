package engine

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSelectFirst checks the selection of the buckets that get a millionth
// against a full sort, with many ties and remainders over other
// denominators.
func TestSelectFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		n := 1 + rng.IntN(300)
		xs := make([]remainder, n)
		for i := range xs {
			den := []uint64{1000, 3000, 7}[rng.IntN(3)]
			xs[i] = remainder{bucket: i, r: 1 + rng.Uint64N(min(den-1, 4)), den: den}
		}
		sorted := slices.Clone(xs)
		slices.SortFunc(sorted, func(a, b remainder) int {
			if a.before(b) {
				return -1
			}
			return 1
		})
		k := rng.IntN(n + 1)
		selectFirst(xs, k)
		got, want := bucketsOf(xs[:k]), bucketsOf(sorted[:k])
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: first %d of %d are buckets %v, want %v", round, k, n, got, want)
		}
	}
}

func bucketsOf(xs []remainder) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = x.bucket
	}
	slices.Sort(out)
	return out
}
