package engine

import "testing"

// TestLargeScratchIsNotKept checks that the room of a call that grew past
// maxKeptScratch goes to the collector rather than back to the pool, where
// later calls would keep it alive. (Whether a room of usual size comes back
// is the pool's to decide: it may drop what it is given.)
func TestLargeScratchIsNotKept(t *testing.T) {
	large := new(scratch)
	large.sums = resize(large.sums, maxKeptScratch+1)
	large.release()
	for range 100 {
		// None is put back: were large in the pool, it would be handed out.
		if scratchPool.Get().(*scratch) == large {
			t.Fatal("a scratch past maxKeptScratch went back to the pool")
		}
	}
}
