package auth

import (
	"context"
	"time"

	"consumption/domain"
)

// hashGate bounds how many password hashes run at once. Each takes 19 MiB
// and a core for tens of milliseconds, so a flood of sign-ins, hashed all
// at once, would take the memory and the processors of everything else;
// past the bound, a hash waits a little for its turn, and then the request
// is refused as the server being busy.
type hashGate struct {
	slots chan struct{}
	wait  time.Duration
}

func newHashGate(concurrency int, wait time.Duration) *hashGate {
	return &hashGate{slots: make(chan struct{}, max(concurrency, 1)), wait: wait}
}

// errHashBusy is the answer to a request whose hash found no free turn.
var errHashBusy = func() *domain.Error {
	e := domain.Errorf(domain.CodeUnavailable, "The server is busy signing people in; try again in a moment.")
	e.RetryAfter = time.Second
	return e
}()

// run calls fn in a turn of its own, or returns errHashBusy when none comes
// free within the wait, or ctx's error when ctx ends first.
func (g *hashGate) run(ctx context.Context, fn func()) error {
	select {
	case g.slots <- struct{}{}:
	default:
		timer := time.NewTimer(g.wait)
		defer timer.Stop()
		select {
		case g.slots <- struct{}{}:
		case <-timer.C:
			return errHashBusy
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	defer func() { <-g.slots }()
	fn()
	return nil
}

// hash returns the hash of password, in a turn of the gate.
func (s *Service) hash(ctx context.Context, password string) (string, error) {
	var (
		hash string
		err  error
	)
	if gateErr := s.hashes.run(ctx, func() { hash, err = HashPassword(password, s.opts.HashParams) }); gateErr != nil {
		return "", gateErr
	}
	return hash, err
}

// verify checks password against hash, in a turn of the gate.
func (s *Service) verify(ctx context.Context, hash, password string) (ok, rehash bool, err error) {
	if gateErr := s.hashes.run(ctx, func() { ok, rehash, err = s.verifyPassword(hash, password, s.opts.HashParams) }); gateErr != nil {
		return false, false, gateErr
	}
	return ok, rehash, err
}
