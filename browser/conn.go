package browser

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/chromedp/cdproto"
	"github.com/chromedp/cdproto/cdp"
	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// firstOwnID is the first message id conn gives its own commands. chromedp
// numbers its commands from 1, so the two never meet (Chromium takes ids
// that fit in 32 bits).
const firstOwnID = 1 << 30

// conn is the connection to Chromium: chromedp's pipe transport, tapped.
// chromedp drives the browser and the tabs through it; conn sees every
// message first, in the order Chromium sent them, and so observes the
// events of every session, including those chromedp does not know: the
// sessions of out-of-process iframes and workers, which conn attaches
// itself (see attach). It can also send commands of its own on any session
// (call, send); their replies never reach chromedp.
type conn struct {
	inner  chromedp.Transport
	nextID atomic.Int64

	mu sync.Mutex
	// pending holds the replies awaited by call, by message id.
	pending map[int64]chan *cdproto.Message
	// sessions maps each session whose events are recorded to its tab.
	sessions map[target.SessionID]*session
	// closed is set when the transport is closed; calls then fail.
	closed bool
	// lost closes when reading from Chromium fails: it is gone (or the
	// connection was closed).
	lost     chan struct{}
	lostOnce sync.Once
}

// session is a DevTools session of a tab: the tab's own (chromedp's) or
// one conn attached to an iframe or worker of the tab.
type session struct {
	tab *tabRec
	// own is true for a session conn attached itself: chromedp does not
	// know it, so conn keeps its messages.
	own bool
}

var errConnClosed = errors.New("connection to Chromium closed")

func newConn(inner chromedp.Transport) *conn {
	c := &conn{
		inner:    inner,
		pending:  map[int64]chan *cdproto.Message{},
		sessions: map[target.SessionID]*session{},
		lost:     make(chan struct{}),
	}
	c.nextID.Store(firstOwnID)
	return c
}

// Read satisfies chromedp.Transport: it returns the next message for
// chromedp, after conn has looked at it. Replies to conn's own commands
// and the messages of conn's own sessions are kept from chromedp.
func (c *conn) Read(ctx context.Context, msg *cdproto.Message) error {
	for {
		*msg = cdproto.Message{}
		if err := c.inner.Read(ctx, msg); err != nil {
			c.lostOnce.Do(func() { close(c.lost) })
			return err
		}
		if msg.ID >= firstOwnID {
			c.reply(msg)
			continue
		}
		if msg.Method == "" {
			return nil
		}
		if c.event(msg) {
			continue
		}
		return nil
	}
}

// Write satisfies chromedp.Transport.
func (c *conn) Write(ctx context.Context, msg *cdproto.Message) error {
	return c.inner.Write(ctx, msg)
}

// Close satisfies chromedp.Transport. It fails the calls in flight.
func (c *conn) Close() error {
	c.mu.Lock()
	c.closed = true
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
	c.mu.Unlock()
	return c.inner.Close()
}

// reply hands the reply to one of conn's commands to its caller, if one
// waits.
func (c *conn) reply(msg *cdproto.Message) {
	c.mu.Lock()
	ch, ok := c.pending[msg.ID]
	delete(c.pending, msg.ID)
	c.mu.Unlock()
	if ok {
		// Read reuses msg for the next message: the caller gets a copy.
		m := *msg
		ch <- &m // buffered
	}
}

// event dispatches an event to the tab of its session, and reports
// whether to keep it from chromedp (an event of conn's own sessions).
func (c *conn) event(msg *cdproto.Message) (swallow bool) {
	if msg.SessionID == "" {
		return false
	}
	c.mu.Lock()
	s := c.sessions[msg.SessionID]
	c.mu.Unlock()
	if s == nil {
		return false
	}
	switch string(msg.Method) {
	case target.AttachedToTarget.Method:
		var ev target.EventAttachedToTarget
		if err := jsonv2.Unmarshal(msg.Params, &ev, chromedp.DefaultUnmarshalOptions); err == nil && ev.TargetInfo != nil {
			c.register(ev.SessionID, &session{tab: s.tab, own: true})
			go c.attach(s.tab, ev)
		}
	case target.DetachedFromTarget.Method:
		var ev target.EventDetachedFromTarget
		if err := jsonv2.Unmarshal(msg.Params, &ev, chromedp.DefaultUnmarshalOptions); err == nil {
			c.mu.Lock()
			if child := c.sessions[ev.SessionID]; child != nil && child.own {
				delete(c.sessions, ev.SessionID)
			}
			c.mu.Unlock()
		}
	default:
		s.tab.event(msg)
	}
	return s.own
}

// register records the events of session id for its tab.
func (c *conn) register(id target.SessionID, s *session) {
	c.mu.Lock()
	c.sessions[id] = s
	c.mu.Unlock()
}

// unregister stops recording the events of tab t's sessions.
func (c *conn) unregister(t *tabRec) {
	c.mu.Lock()
	for id, s := range c.sessions {
		if s.tab == t {
			delete(c.sessions, id)
		}
	}
	c.mu.Unlock()
}

// attach sets up a session that Chromium attached automatically (an
// out-of-process iframe, a worker) and lets its target run. Chromium holds
// such a target until Runtime.runIfWaitingForDebugger, so that nothing it
// does goes unseen: the commands below reach it first, in order, and the
// last one always goes, whatever became of the others.
func (c *conn) attach(t *tabRec, ev target.EventAttachedToTarget) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	for _, cmd := range sessionSetup(ev.TargetInfo.Type, t.ph.setup) {
		// The replies are not awaited: a session handles its commands in
		// order, and one that fails (a worker has no Page domain) must not
		// hold the target.
		_ = c.send(ctx, ev.SessionID, cmd.method, cmd.params)
	}
	if ev.WaitingForDebugger {
		_ = c.send(ctx, ev.SessionID, "Runtime.runIfWaitingForDebugger", nil)
	}
}

// send sends a command without waiting for its reply.
func (c *conn) send(ctx context.Context, sid target.SessionID, method string, params any) error {
	_, _, err := c.write(ctx, sid, method, params, false)
	return err
}

// call sends a command on session sid and decodes its result into res
// (when not nil).
func (c *conn) call(ctx context.Context, sid target.SessionID, method string, params, res any) error {
	id, ch, err := c.write(ctx, sid, method, params, true)
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
		return fmt.Errorf("%s: %w", method, ctx.Err())
	case msg, ok := <-ch:
		if !ok {
			return fmt.Errorf("%s: %w", method, errConnClosed)
		}
		if msg.Error != nil {
			return fmt.Errorf("%s: %w", method, msg.Error)
		}
		if res != nil && len(msg.Result) > 0 {
			if err := jsonv2.Unmarshal(msg.Result, res, chromedp.DefaultUnmarshalOptions); err != nil {
				return fmt.Errorf("%s: decoding the result: %w", method, err)
			}
		}
		return nil
	}
}

// write sends a command, and returns its id and, when wait is set, the
// channel its reply will come on.
func (c *conn) write(ctx context.Context, sid target.SessionID, method string, params any, wait bool) (int64, chan *cdproto.Message, error) {
	msg := &cdproto.Message{ID: c.nextID.Add(1), SessionID: sid, Method: cdproto.MethodType(method)}
	if params == nil {
		params = cdp.Empty{}
	}
	buf, err := jsonv2.Marshal(params, chromedp.DefaultMarshalOptions)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: encoding the parameters: %w", method, err)
	}
	msg.Params = buf
	var ch chan *cdproto.Message
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return 0, nil, fmt.Errorf("%s: %w", method, errConnClosed)
	}
	if wait {
		ch = make(chan *cdproto.Message, 1)
		c.pending[msg.ID] = ch
	}
	c.mu.Unlock()
	if err := c.inner.Write(ctx, msg); err != nil {
		if wait {
			c.mu.Lock()
			delete(c.pending, msg.ID)
			c.mu.Unlock()
		}
		return 0, nil, fmt.Errorf("%s: %w", method, err)
	}
	return msg.ID, ch, nil
}
