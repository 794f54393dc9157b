package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"
	"github.com/google/uuid"

	"consumption/auth"
	"consumption/domain"
	"consumption/live"
)

// Live connections: GraphQL subscriptions over WebSocket at /graphql, with
// the graphql-transport-ws protocol (the graphql-ws npm client), through
// gqlgen's websocket transport.
//
// A connection signs in with its connection_init message, whose
// payload.authorization is "Bearer <token>", as the Authorization header of
// a request would be; refused, it closes with 4403 (Forbidden), as the
// protocol says, or 1013 (try again later) when the server cannot check the
// token now or holds as many connections as it may. It lasts until its
// token expires or its session is signed out (then 4403 too): every second
// the server checks each connection, and it ends those of a session the
// moment it hears that the session was signed out. On SIGTERM, every
// connection closes with 1001 (going away), and the client connects to
// another instance. When the live feed may have missed changes (its
// connection to the database broke), every connection closes with 1013, for
// clients to connect again and read afresh what they show.
//
// gqlgen speaks the protocol; the sockets here add what it leaves to the
// server: the origin check, the sign-in, the limits, the lifetime, and the
// close codes the protocol asks for where gqlgen closes otherwise (4400 for
// a message that is not the protocol's, 4401 for a subscribe before the
// connection is acknowledged, 4406 for another subprotocol, 4408 when no
// connection_init comes in time, 4429 for a second connection_init).

// The close codes of live connections: RFC 6455's and graphql-transport-ws's.
const (
	closeNormal         = 1000
	closeGoingAway      = 1001
	closeTryAgainLater  = 1013
	closeBadRequest     = 4400
	closeUnauthorized   = 4401
	closeForbidden      = 4403
	closeBadSubprotocol = 4406
	closeInitTimeout    = 4408
	closeTooManyInits   = 4429
)

// graphqlTransportWS is the one subprotocol served.
const graphqlTransportWS = "graphql-transport-ws"

// Timing of live connections: how long a new connection may take to send
// connection_init, how often the server pings (a client that has not
// answered two pings later is gone), and how often each connection's
// token is checked.
const (
	liveInitTimeout  = 10 * time.Second
	livePingInterval = 30 * time.Second
	liveCheckEvery   = time.Second
)

// sockets are the server's live connections.
type sockets struct {
	authn   *auth.Authenticator
	feed    *live.Feed
	logger  *slog.Logger
	origins []string

	mu      sync.Mutex
	open    map[*socket]struct{}
	closing bool
	running sync.WaitGroup
	// checking is closed to stop the checks of tokens, which run while
	// any connection is open.
	checking chan struct{}
}

func newSockets(authn *auth.Authenticator, feed *live.Feed, origins []string, logger *slog.Logger) *sockets {
	s := &sockets{authn: authn, feed: feed, logger: logger, origins: origins, open: make(map[*socket]struct{})}
	if authn != nil {
		authn.OnRevoked(s.endRevoked)
	}
	if feed != nil {
		feed.OnMissed(func() {
			s.endAll(closeTryAgainLater, "Try again later: changes may have been missed; connect again and read afresh")
		})
	}
	return s
}

// add registers a new connection, unless the server is shutting down.
func (s *sockets) add(ctx context.Context) (*socket, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return nil, false
	}
	sock := &socket{sockets: s, opened: time.Now(), info: infoOf(ctx)}
	s.open[sock] = struct{}{}
	s.running.Add(1)
	if len(s.open) == 1 {
		s.checking = make(chan struct{})
		go s.check(s.checking)
	}
	return sock, true
}

// remove forgets a connection whose transport has returned, closing it if
// nothing has.
func (s *sockets) remove(sock *socket) {
	sock.end(closeNormal, "")
	sock.mu.Lock()
	conn := sock.conn
	sock.mu.Unlock()
	if conn != nil {
		conn.Close()
	}
	s.mu.Lock()
	delete(s.open, sock)
	if len(s.open) == 0 {
		close(s.checking)
	}
	s.mu.Unlock()
	s.running.Done()
}

// snapshot returns the open connections.
func (s *sockets) snapshot() []*socket {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*socket, 0, len(s.open))
	for sock := range s.open {
		out = append(out, sock)
	}
	return out
}

// check ends, every second until stop closes, the connections whose token
// has expired, or whose session or API token this instance knows to be
// revoked. It never asks the database: while the instance is not sure to
// know every revocation, a connection stays until it is (then it is ended
// at once, as OnRevoked tells, or at the next check).
func (s *sockets) check(stop chan struct{}) {
	tick := time.NewTicker(liveCheckEvery)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case now := <-tick.C:
			for _, sock := range s.snapshot() {
				sock.checkToken(now)
			}
		}
	}
}

// endRevoked ends the connections of a session signed out or an API token
// revoked.
func (s *sockets) endRevoked(credential uuid.UUID) {
	for _, sock := range s.snapshot() {
		if sock.credential() == credential {
			sock.end(closeForbidden, reasonRevoked)
		}
	}
}

// The reasons a connection closes when its credential ends.
const (
	reasonExpired = "Forbidden: the token expired; connect again with a new one"
	reasonRevoked = "Forbidden: the session was signed out, or the API token revoked"
)

// endAll ends every open connection.
func (s *sockets) endAll(code int, reason string) {
	for _, sock := range s.snapshot() {
		sock.end(code, reason)
	}
}

// shutdown refuses new connections, closes the open ones as going away,
// and waits until they have closed or ctx ends.
func (s *sockets) shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	s.endAll(closeGoingAway, "The server is restarting; connect again")
	closed := make(chan struct{})
	go func() {
		s.running.Wait()
		close(closed)
	}()
	select {
	case <-closed:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// originAllowed reports whether a page of the request's Origin may open a
// connection: its own origin's pages, those of CORS_ORIGINS, and clients
// that are not browsers (which send no Origin). Browsers let any page open
// a WebSocket to any site, so the server checks.
func (s *sockets) originAllowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	if slices.ContainsFunc(s.origins, func(o string) bool { return strings.EqualFold(o, origin) }) {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// socket is one live connection.
type socket struct {
	sockets *sockets
	opened  time.Time
	// info is the request's, for the log line of the connection.
	info *requestInfo

	mu sync.Mutex
	// ws is the accepted WebSocket; nil until accepted.
	ws transport.WebsocketConn
	// initTimer ends the connection when no connection_init comes in
	// time; nil once one has.
	initTimer *time.Timer
	// caller is whom the connection's token is for, once signed in; conn
	// its share of the live feed; cancel ends its context.
	signedIn bool
	caller   auth.Caller
	conn     *live.Conn
	cancel   context.CancelFunc
	// ended says the connection is closing, with code and reason.
	ended  bool
	code   int
	reason string
}

type socketKey struct{}

func withSocket(ctx context.Context, sock *socket) context.Context {
	return context.WithValue(ctx, socketKey{}, sock)
}

func socketOf(ctx context.Context) *socket {
	sock, _ := ctx.Value(socketKey{}).(*socket)
	return sock
}

// accepted takes the connection the handshake made, and gives the client
// liveInitTimeout to sign in.
func (sock *socket) accepted(ws transport.WebsocketConn) {
	sock.mu.Lock()
	sock.ws = ws
	sock.initTimer = time.AfterFunc(liveInitTimeout, func() {
		sock.end(closeInitTimeout, "Connection initialisation timeout")
	})
	sock.mu.Unlock()
	if ws.Subprotocol() != graphqlTransportWS {
		sock.end(closeBadSubprotocol, "Subprotocol not acceptable: use graphql-transport-ws")
	}
}

// end closes the connection with code and reason, unless it is closing
// already, and ends its subscriptions. It does not wait for the closing
// handshake.
func (sock *socket) end(code int, reason string) {
	sock.mu.Lock()
	if sock.ended {
		sock.mu.Unlock()
		return
	}
	sock.ended, sock.code, sock.reason = true, code, reason
	ws, cancel := sock.ws, sock.cancel
	if sock.initTimer != nil {
		sock.initTimer.Stop()
	}
	sock.mu.Unlock()
	if ws != nil {
		_ = ws.WriteClose(code, closeReason(reason))
	}
	if cancel != nil {
		cancel()
	}
}

// closeReason fits a reason into a close frame, which holds 123 bytes.
func closeReason(s string) string {
	const most = 123
	for len(s) > most {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// credential returns the id under which the connection's credential is
// revoked, or uuid.Nil before it signs in.
func (sock *socket) credential() uuid.UUID {
	sock.mu.Lock()
	defer sock.mu.Unlock()
	if !sock.signedIn {
		return uuid.Nil
	}
	return sock.caller.Credential()
}

func (sock *socket) isSignedIn() bool {
	sock.mu.Lock()
	defer sock.mu.Unlock()
	return sock.signedIn
}

// checkToken ends the connection when its token has expired, or its
// session or API token is known to be revoked.
func (sock *socket) checkToken(now time.Time) {
	sock.mu.Lock()
	signedIn, caller := sock.signedIn, sock.caller
	sock.mu.Unlock()
	if !signedIn || !sock.sockets.authn.Ended(caller, now) {
		return
	}
	if !caller.ExpiresAt.IsZero() && !now.Before(caller.ExpiresAt) {
		sock.end(closeForbidden, reasonExpired)
	} else {
		sock.end(closeForbidden, reasonRevoked)
	}
}

// errRefused is what the init function returns for a connection it closed.
var errRefused = errors.New("httpapi: live connection refused")

// signIn is gqlgen's InitFunc: it signs the connection in with the token of
// connection_init's payload.authorization, takes its place in the live feed,
// and returns the context its operations run in, which ends when the
// connection does.
func (sock *socket) signIn(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	s := sock.sockets
	header := payload.Authorization()
	if header == "" {
		sock.end(closeForbidden, `Forbidden: send "Bearer <token>" as connection_init's payload.authorization`)
		return ctx, nil, errRefused
	}
	token, ok := bearerToken(header)
	if !ok {
		sock.end(closeForbidden, `Forbidden: payload.authorization must be "Bearer" and a token`)
		return ctx, nil, errRefused
	}
	caller, fail := verifyBearer(ctx, s.authn, s.logger, token)
	switch {
	case fail == errRevocationsUnknown:
		sock.end(closeTryAgainLater, "Try again later: the server cannot check your sign-in right now")
		return ctx, nil, errRefused
	case fail != nil:
		sock.end(closeForbidden, "Forbidden: "+fail.message)
		return ctx, nil, errRefused
	}
	conn, err := s.feed.Connect(caller.UserID)
	if err != nil {
		code := closeForbidden
		if domain.ErrorCode(err) == domain.CodeUnavailable {
			code = closeTryAgainLater
		}
		sock.end(code, err.Error())
		return ctx, nil, errRefused
	}
	ctx, cancel := context.WithCancel(live.WithConn(auth.WithCaller(ctx, caller), conn))
	sock.mu.Lock()
	if sock.ended {
		sock.mu.Unlock()
		cancel()
		conn.Close()
		return ctx, nil, errRefused
	}
	sock.initTimer.Stop()
	sock.signedIn, sock.caller, sock.conn, sock.cancel = true, caller, conn, cancel
	sock.mu.Unlock()
	sock.info.userID = caller.UserID.String()
	return ctx, nil, nil
}

// liveTransport serves live connections: gqlgen's websocket transport,
// within the sockets.
type liveTransport struct {
	ws      transport.Websocket
	sockets *sockets
}

func newLiveTransport(s *sockets, maxMessageBytes int64) liveTransport {
	return liveTransport{
		sockets: s,
		ws: transport.Websocket{
			Implementation: socketImplementation{accept: coderws.AcceptOptions{
				Subprotocols:   []string{graphqlTransportWS},
				OriginPatterns: s.origins,
			}},
			InitFunc: func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
				return socketOf(ctx).signIn(ctx, payload)
			},
			PingPongInterval: livePingInterval,
			PayloadReadLimit: &maxMessageBytes,
		},
	}
}

var _ graphql.Transport = liveTransport{}

// Supports claims the requests that ask to upgrade to a WebSocket.
func (liveTransport) Supports(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

func (t liveTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	if !t.sockets.originAllowed(r) {
		errOrigin.writeJSON(w, r)
		return
	}
	sock, ok := t.sockets.add(r.Context())
	if !ok {
		errShuttingDown.writeJSON(w, r)
		return
	}
	defer t.sockets.remove(sock)
	infoOf(r.Context()).live = true
	t.ws.Do(w, r.WithContext(withSocket(r.Context(), sock)), exec)
	sock.mu.Lock()
	sock.info.closeCode = sock.code
	sock.mu.Unlock()
}

// socketImplementation accepts connections with coder/websocket, as
// gqlgen's default does, speaking graphql-transport-ws only.
type socketImplementation struct {
	accept coderws.AcceptOptions
}

func (i socketImplementation) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	opts.Subprotocols = []string{graphqlTransportWS}
	sock := socketOf(r.Context())
	ws, err := transport.CoderWebsocketImplementation{AcceptOptions: i.accept}.Accept(w, r, opts)
	if err != nil {
		// coder/websocket has answered the handshake with its error. A
		// connection that is closed already lets gqlgen's transport end
		// quietly, instead of writing a second answer and logging.
		sock.end(closeNormal, "")
		return refusedConn{}, nil
	}
	sock.accepted(ws)
	return &socketConn{WebsocketConn: ws, sock: sock}, nil
}

// socketConn is an accepted connection as gqlgen's transport sees it: its
// closes go through the socket, so that the first close says why, and the
// client's messages are checked against the protocol first.
type socketConn struct {
	transport.WebsocketConn
	sock *socket
}

// The messages a client may send.
var clientMessages = []string{"connection_init", "ping", "pong", "subscribe", "complete"}

// NextReader reads the client's next message and checks it: a message that
// is not one of the protocol's closes the connection with 4400, a subscribe
// before the connection is signed in with 4401, and a second
// connection_init with 4429.
func (c *socketConn) NextReader() (int, io.Reader, error) {
	kind, r, err := c.WebsocketConn.NextReader()
	if err != nil {
		return kind, r, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return kind, nil, err
	}
	var m struct {
		Type    string          `json:"type"`
		Payload json.RawMessage `json:"payload"`
	}
	refuse := func(code int, reason string) (int, io.Reader, error) {
		c.sock.end(code, reason)
		return kind, nil, transport.ErrWebsocketClosed
	}
	switch err := json.Unmarshal(data, &m); {
	case err != nil || !slices.Contains(clientMessages, m.Type):
		return refuse(closeBadRequest, "Invalid message: not one of graphql-transport-ws's")
	case m.Type == "connection_init" && c.sock.isSignedIn():
		return refuse(closeTooManyInits, "Too many initialisation requests")
	case m.Type == "connection_init" && len(m.Payload) > 0 && m.Payload[0] != '{' && string(m.Payload) != "null":
		return refuse(closeBadRequest, "Invalid message: connection_init's payload must be an object")
	case m.Type == "subscribe" && !c.sock.isSignedIn():
		return refuse(closeUnauthorized, "Unauthorized")
	}
	return kind, bytes.NewReader(data), nil
}

// WriteClose closes the connection through its socket: the first close
// counts, whoever asks.
func (c *socketConn) WriteClose(code int, reason string) error {
	c.sock.end(code, reason)
	return nil
}

// SetReadLimit and SetReadDeadline pass gqlgen's limits on to the
// connection.
func (c *socketConn) SetReadLimit(limit int64) {
	if l, ok := c.WebsocketConn.(transport.WebsocketReadLimiter); ok {
		l.SetReadLimit(limit)
	}
}

func (c *socketConn) SetReadDeadline(t time.Time) error {
	if d, ok := c.WebsocketConn.(transport.WebsocketReadDeadliner); ok {
		return d.SetReadDeadline(t)
	}
	return nil
}

// refusedConn stands for a handshake that failed: every read finds it
// closed.
type refusedConn struct{}

func (refusedConn) Close() error                        { return nil }
func (refusedConn) NextReader() (int, io.Reader, error) { return 0, nil, transport.ErrWebsocketClosed }
func (refusedConn) WriteJSON(any) error                 { return transport.ErrWebsocketClosed }
func (refusedConn) WriteClose(int, string) error        { return nil }
func (refusedConn) Subprotocol() string                 { return graphqlTransportWS }
