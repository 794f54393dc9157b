package graphtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// LiveConn is a client of the server's live connections, speaking
// graphql-transport-ws as the graphql-ws npm client does: it reads the
// server's messages as they come, and answers pings by itself.
type LiveConn struct {
	ws *websocket.Conn
	// messages are the server's, until the connection ends with err.
	messages chan LiveMessage
	err      error
}

// LiveMessage is a message of graphql-transport-ws from the server.
type LiveMessage struct {
	Type    string          `json:"type"`
	ID      string          `json:"id,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// DialOptions change how DialLive connects.
type DialOptions struct {
	// Subprotocols replace graphql-transport-ws, when set.
	Subprotocols []string
	// Header is sent with the handshake (an Origin, say).
	Header http.Header
}

// DialLive opens a live connection to the server at base (http://...),
// not yet signed in. The response is the handshake's, also when it failed.
func DialLive(ctx context.Context, base string, opts DialOptions) (*LiveConn, *http.Response, error) {
	protocols := opts.Subprotocols
	if protocols == nil {
		protocols = []string{"graphql-transport-ws"}
	}
	ws, res, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql", &websocket.DialOptions{
		Subprotocols: protocols, HTTPHeader: opts.Header,
	})
	if err != nil {
		return nil, res, err
	}
	ws.SetReadLimit(-1)
	c := &LiveConn{ws: ws, messages: make(chan LiveMessage, 4096)}
	go c.read()
	return c, res, nil
}

// read reads the server's messages until the connection ends. (A read
// cancelled by its context would close the connection: coder/websocket
// does, so Next waits on the channel instead.)
func (c *LiveConn) read() {
	defer close(c.messages)
	for {
		_, b, err := c.ws.Read(context.Background())
		if err != nil {
			c.err = err
			return
		}
		var m LiveMessage
		if err := json.Unmarshal(b, &m); err != nil {
			c.err = fmt.Errorf("graphtest: a message that is not JSON: %s", b)
			return
		}
		if m.Type == "ping" {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_ = c.Send(ctx, map[string]any{"type": "pong"})
			cancel()
			continue
		}
		c.messages <- m
	}
}

// ConnectLive dials the server and signs in with token: it sends
// connection_init with "Bearer <token>" as payload.authorization, and waits
// for the acknowledgement. The error of a refusal tells the close code
// (CloseCode).
func ConnectLive(ctx context.Context, base, token string) (*LiveConn, error) {
	c, _, err := DialLive(ctx, base, DialOptions{})
	if err != nil {
		return nil, err
	}
	if err := c.Init(ctx, map[string]any{"authorization": "Bearer " + token}); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// Init sends connection_init with the payload, and waits for the
// acknowledgement.
func (c *LiveConn) Init(ctx context.Context, payload any) error {
	if err := c.Send(ctx, map[string]any{"type": "connection_init", "payload": payload}); err != nil {
		return err
	}
	m, err := c.Next(ctx)
	if err != nil {
		return err
	}
	if m.Type != "connection_ack" {
		return fmt.Errorf("graphtest: connection_init answered with %s", m.Type)
	}
	return nil
}

// Subscribe starts the operation query under id.
func (c *LiveConn) Subscribe(ctx context.Context, id, query string, vars map[string]any) error {
	return c.Send(ctx, map[string]any{"type": "subscribe", "id": id, "payload": map[string]any{"query": query, "variables": vars}})
}

// Complete ends the operation under id.
func (c *LiveConn) Complete(ctx context.Context, id string) error {
	return c.Send(ctx, map[string]any{"type": "complete", "id": id})
}

// Send sends a message as JSON.
func (c *LiveConn) Send(ctx context.Context, msg any) error {
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	return c.ws.Write(ctx, websocket.MessageText, b)
}

// SendRaw sends a text message as it is.
func (c *LiveConn) SendRaw(ctx context.Context, text string) error {
	return c.ws.Write(ctx, websocket.MessageText, []byte(text))
}

// Next returns the server's next message other than a ping. When the
// connection closes, its error tells the close code (CloseCode) and reason
// (CloseReason). When ctx ends first, the connection stays open.
func (c *LiveConn) Next(ctx context.Context) (LiveMessage, error) {
	select {
	case m, ok := <-c.messages:
		if !ok {
			return LiveMessage{}, c.err
		}
		return m, nil
	case <-ctx.Done():
		return LiveMessage{}, ctx.Err()
	}
}

// NextWithin is Next, waiting at most d.
func (c *LiveConn) NextWithin(d time.Duration) (LiveMessage, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return c.Next(ctx)
}

// Close closes the connection as the client would, without waiting.
func (c *LiveConn) Close() { _ = c.ws.CloseNow() }

// CloseNormally closes the connection with a close frame, and waits for
// the server's.
func (c *LiveConn) CloseNormally() error {
	return c.ws.Close(websocket.StatusNormalClosure, "")
}

// CloseCode returns the close code of the error a closed connection gave,
// or -1 when err is not a close.
func CloseCode(err error) int {
	return int(websocket.CloseStatus(err))
}

// CloseReason returns the reason of the error a closed connection gave.
func CloseReason(err error) string {
	var ce websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Reason
	}
	return ""
}

// Data decodes the data of a next message into v, and returns its errors.
func (m LiveMessage) Data(v any) ([]Error, error) {
	if m.Type != "next" {
		return nil, fmt.Errorf("graphtest: a %s message, not next: %s", m.Type, m.Payload)
	}
	var r struct {
		Data   json.RawMessage `json:"data"`
		Errors []Error         `json:"errors"`
	}
	if err := json.Unmarshal(m.Payload, &r); err != nil {
		return nil, err
	}
	if v != nil && len(r.Data) > 0 && string(r.Data) != "null" {
		if err := json.Unmarshal(r.Data, v); err != nil {
			return r.Errors, err
		}
	}
	return r.Errors, nil
}

// Errors decodes the errors of an error message.
func (m LiveMessage) Errors() ([]Error, error) {
	if m.Type != "error" {
		return nil, fmt.Errorf("graphtest: a %s message, not error: %s", m.Type, m.Payload)
	}
	var errs []Error
	err := json.Unmarshal(m.Payload, &errs)
	return errs, err
}
