package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
)

// ListenOptions say what a Listener listens to and what it does with it.
type ListenOptions struct {
	// Channels are the channels of PostgreSQL's NOTIFY to listen on.
	Channels []string
	// Notify is called with each notification, in the order they came, on
	// the listener's own goroutine.
	Notify func(channel, payload string)
	// CatchUp is called on every connection, once LISTEN is in effect and
	// before the listener counts as up to date: notifications sent while it
	// had no connection are lost, so this reads what they said from the
	// tables instead. An error drops the connection, to try again.
	CatchUp func(ctx context.Context) error
	// Lost, when set, is told why a connection ended or could not be made;
	// the listener is making a new one.
	Lost func(err error)
	// ConfirmEvery is how often the listener confirms that its connection
	// is alive and that it has every notification sent until then (a
	// quarter of a second by default).
	ConfirmEvery time.Duration
}

// Listener receives PostgreSQL's notifications (LISTEN and NOTIFY) on a
// connection of its own, reconnecting whenever it is lost, and says how
// recently it knew that it had missed nothing: a caller that needs every
// notification sent until some moment asks UpToDate, and reads the tables
// instead when the listener cannot say so.
//
// It is built on lib/pq's ListenerConn rather than its Listener so that the
// pings that confirm the connection and the notifications arrive in one
// order: PostgreSQL sends a notification to an idle connection before it
// reads the next query, and ListenerConn hands each notification over before
// it reads the next message, so once a ping is answered, every notification
// committed before the ping was sent is in hand. (Listener passes
// notifications on through a second goroutine, which may still hold one.)
type Listener struct {
	url  string
	opts ListenOptions

	// confirmed is when the latest answered ping was sent, once every
	// notification that came before its answer was handled; nil until the
	// first.
	confirmed atomic.Pointer[time.Time]

	stop context.CancelFunc
	done chan struct{}
}

// Listen starts a listener on the store's database, which listens until
// Close. It returns at once: the connection is made in the background, and
// until it is, the listener is not up to date.
func (s *Store) Listen(opts ListenOptions) (*Listener, error) {
	u, err := url.Parse(s.url)
	if s.url == "" || err != nil {
		return nil, errors.New("store: listen: the store was not opened with a database URL")
	}
	// A database that does not answer should not hold up reconnecting, nor
	// Close, for as long as the system's TCP timeout.
	q := u.Query()
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", "5")
	}
	// Named, so that pg_stat_activity tells it from the pool's connections.
	q.Set("application_name", ListenerApplicationName)
	u.RawQuery = q.Encode()
	if opts.ConfirmEvery <= 0 {
		opts.ConfirmEvery = 250 * time.Millisecond
	}
	ctx, stop := context.WithCancel(context.Background())
	l := &Listener{url: u.String(), opts: opts, stop: stop, done: make(chan struct{})}
	go l.run(ctx)
	return l, nil
}

// ListenerApplicationName is the application_name of listeners'
// connections.
const ListenerApplicationName = "consumption-listener"

// UpToDate reports whether the listener has had every notification sent
// until the given time ago, or later.
func (l *Listener) UpToDate(within time.Duration) bool {
	t := l.confirmed.Load()
	return t != nil && time.Since(*t) <= within
}

// Close stops listening, and returns once the listener has stopped.
func (l *Listener) Close() error {
	l.stop()
	<-l.done
	return nil
}

// After a connection ends, the listener waits before it connects again:
// at first briefly, then twice as long after each failed try, up to the
// most.
const (
	listenRetryFirst = 100 * time.Millisecond
	listenRetryMost  = 10 * time.Second
)

// listenPingTimeout is how long a ping may go unanswered before the
// connection is taken as dead: one that breaks without a word (a network
// partition) would otherwise hold a ping until the system's TCP timeout.
const listenPingTimeout = 5 * time.Second

func (l *Listener) run(ctx context.Context) {
	defer close(l.done)
	wait := listenRetryFirst
	for {
		listened, err := l.session(ctx)
		if ctx.Err() != nil {
			return
		}
		if l.opts.Lost != nil {
			l.opts.Lost(err)
		}
		if listened {
			wait = listenRetryFirst
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return
		}
		wait = min(wait*2, listenRetryMost)
	}
}

// session connects, listens, catches up, and then hands notifications over
// and confirms the connection until it breaks or ctx ends. It reports
// whether it got as far as listening.
func (l *Listener) session(ctx context.Context) (listened bool, err error) {
	notes := make(chan *pq.Notification, 64)
	cn, err := pq.NewListenerConn(l.url, notes)
	if err != nil {
		return false, fmt.Errorf("store: listen: connect: %w", err)
	}
	ended := make(chan struct{})
	var pinger sync.WaitGroup
	defer func() {
		close(ended)
		_ = cn.Close()
		// The connection's reader may be waiting to hand over a
		// notification; it ends, closing notes, once it has.
		for range notes {
		}
		pinger.Wait()
	}()
	for _, channel := range l.opts.Channels {
		if _, err := cn.Listen(channel); err != nil {
			return false, fmt.Errorf("store: listen on %s: %w", channel, err)
		}
	}
	// Notifications wait in notes meanwhile, and are handed over after:
	// some say again what the catch-up read, which a caller takes as once.
	if l.opts.CatchUp != nil {
		if err := l.opts.CatchUp(ctx); err != nil {
			return false, fmt.Errorf("store: listen: catch up: %w", err)
		}
	}

	type ping struct {
		sent time.Time
		err  error
	}
	pings := make(chan ping)
	pinger.Go(func() {
		tick := time.NewTicker(l.opts.ConfirmEvery)
		defer tick.Stop()
		for {
			sent := time.Now()
			err := cn.Ping()
			select {
			case pings <- ping{sent, err}:
			case <-ended:
				return
			}
			select {
			case <-tick.C:
			case <-ended:
				return
			}
		}
	})

	handle := func(n *pq.Notification, ok bool) error {
		if !ok {
			return fmt.Errorf("store: listen: %w", cn.Err())
		}
		l.opts.Notify(n.Channel, n.Extra)
		return nil
	}
	deadline := time.NewTimer(listenPingTimeout)
	defer deadline.Stop()
	for {
		select {
		case n, ok := <-notes:
			if err := handle(n, ok); err != nil {
				return true, err
			}
		case p := <-pings:
			if p.err != nil {
				return true, fmt.Errorf("store: listen: ping: %w", p.err)
			}
			// Whatever came before the ping's answer is in notes by now.
			for drained := false; !drained; {
				select {
				case n, ok := <-notes:
					if err := handle(n, ok); err != nil {
						return true, err
					}
				default:
					drained = true
				}
			}
			l.confirmed.Store(&p.sent)
			deadline.Reset(listenPingTimeout)
		case <-deadline.C:
			return true, errors.New("store: listen: the database stopped answering pings")
		case <-ctx.Done():
			return true, nil
		}
	}
}
