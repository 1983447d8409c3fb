package fleet

import (
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Mode is how the receiver answers deliveries.
type Mode int32

// Modes of the receiver.
const (
	// OK answers 200 at once.
	OK Mode = iota
	// Fail answers 500.
	Fail
	// Hang answers nothing for 20 s, longer than a delivery's timeout.
	Hang
)

func (m Mode) String() string { return [...]string{"ok", "fail", "hang"}[m] }

// Receiver is the endpoint of the outbound webhook (/delivery) and of the
// queued flow's HTTP node (/flow), on 127.0.0.1. It records every
// delivery by its webhook-id header and every flow call by its
// Idempotency-Key header. Flow calls always get 200; deliveries get what
// the mode says.
type Receiver struct {
	URL  string
	srv  *http.Server
	mode atomic.Int32
	// stop ends hanging answers when the receiver closes.
	stop chan struct{}

	mu         sync.Mutex
	deliveries map[string]int
	calls      map[string]int
	answered   map[Mode]int
}

// NewReceiver starts a receiver.
func NewReceiver() (*Receiver, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &Receiver{URL: "http://" + ln.Addr().String(), stop: make(chan struct{}),
		deliveries: map[string]int{}, calls: map[string]int{}, answered: map[Mode]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/delivery", r.delivery)
	mux.HandleFunc("/flow", r.flow)
	r.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = r.srv.Serve(ln) }()
	return r, nil
}

// SetMode changes how deliveries are answered from now on.
func (r *Receiver) SetMode(m Mode) { r.mode.Store(int32(m)) }

func (r *Receiver) delivery(w http.ResponseWriter, req *http.Request) {
	_, _ = io.Copy(io.Discard, req.Body)
	m := Mode(r.mode.Load())
	r.mu.Lock()
	r.answered[m]++
	if m == OK {
		r.deliveries[req.Header.Get("webhook-id")]++
	}
	r.mu.Unlock()
	switch m {
	case Fail:
		w.WriteHeader(http.StatusInternalServerError)
	case Hang:
		select {
		case <-time.After(20 * time.Second):
		case <-r.stop:
		case <-req.Context().Done():
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

func (r *Receiver) flow(w http.ResponseWriter, req *http.Request) {
	_, _ = io.Copy(io.Discard, req.Body)
	r.mu.Lock()
	r.calls[req.Header.Get("Idempotency-Key")]++
	r.mu.Unlock()
}

// Deliveries returns, by webhook-id, how many times a delivery was
// received and answered 200.
func (r *Receiver) Deliveries() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.deliveries))
	for k, v := range r.deliveries {
		out[k] = v
	}
	return out
}

// Calls returns, by Idempotency-Key, how many times the flow's HTTP node
// called.
func (r *Receiver) Calls() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.calls))
	for k, v := range r.calls {
		out[k] = v
	}
	return out
}

// Answered returns how many delivery requests got each kind of answer.
func (r *Receiver) Answered() map[Mode]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[Mode]int{}
	for k, v := range r.answered {
		out[k] = v
	}
	return out
}

// Close stops the receiver.
func (r *Receiver) Close() {
	close(r.stop)
	_ = r.srv.Close()
}
