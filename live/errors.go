package live

import (
	"errors"
	"fmt"

	"consumption/domain"
)

// The errors of the feed. Those a client is told are *domain.Error.
var (
	// errServerFull refuses a connection when the instance holds as many
	// as it may.
	errServerFull = domain.Errorf(domain.CodeUnavailable,
		"This server holds as many live connections as it can; try again in a moment.")
	// errNotListening refuses a connection while the feed does not hear
	// the changes committed: its subscriptions would miss them.
	errNotListening = domain.Errorf(domain.CodeUnavailable,
		"The server is not following changes right now; try again in a moment.")
	// errFellBehind ends a subscription whose subscriber did not take
	// its changes as fast as they came.
	errFellBehind = domain.Errorf(domain.CodeUnavailable,
		"More changes came than could be sent to this subscription; subscribe again, and read afresh what you show.")
	errConnectionClosed   = errors.New("live: the connection closed")
	errSubscriptionClosed = errors.New("live: the subscription closed")
)

// tooMany refuses a connection or subscription past a limit of n.
func tooMany(what string, n int, hint string) *domain.Error {
	return domain.Errorf(domain.CodeLimitExceeded, fmt.Sprintf("At most %d live %s at once are allowed; %s.", n, what, hint))
}
