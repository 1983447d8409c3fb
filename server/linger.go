package server

import (
	"net"
	"sync"
	"time"
)

// How a connection the server closes lingers: it reads and drops what the
// client still sends for up to lingerFor (each read waiting at most
// lingerQuiet) and at most lingerMax bytes, then closes.
const (
	lingerFor   = 2 * time.Second
	lingerQuiet = 500 * time.Millisecond
	lingerMax   = 16 << 20
)

// Lingering returns ln with a lingering close on its TCP connections. The
// server closes a connection right after answering a request it refuses
// before reading the body (413); if the body's bytes are then still
// arriving, closing the socket at once makes the kernel answer them with a
// reset, and a client busy sending sees "connection reset" instead of the
// 413 already written. A lingering close sends FIN after the answer and
// drops what comes until the client has read it and hung up, within
// bounds, as web servers do. Bodies are never read into memory here.
func Lingering(ln net.Listener) net.Listener { return lingerListener{ln} }

type lingerListener struct{ net.Listener }

func (l lingerListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		return &lingerConn{TCPConn: tc}, nil
	}
	return c, nil
}

type lingerConn struct {
	*net.TCPConn
	once sync.Once
}

// Close half-closes the connection and drains it in the background.
func (c *lingerConn) Close() error {
	c.once.Do(func() {
		if c.TCPConn.CloseWrite() != nil {
			c.TCPConn.Close()
			return
		}
		go c.drain()
	})
	return nil
}

var drainBuffers = sync.Pool{New: func() any { return new([32 << 10]byte) }}

func (c *lingerConn) drain() {
	defer c.TCPConn.Close()
	buf := drainBuffers.Get().(*[32 << 10]byte)
	defer drainBuffers.Put(buf)
	end := time.Now().Add(lingerFor)
	for read := 0; read < lingerMax; {
		wait := time.Now().Add(lingerQuiet)
		if wait.After(end) {
			wait = end
		}
		if c.TCPConn.SetReadDeadline(wait) != nil {
			return
		}
		n, err := c.TCPConn.Read(buf[:])
		read += n
		if err != nil {
			return
		}
	}
}
