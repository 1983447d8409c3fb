// Package fleet runs hookflow binaries as child processes next to a
// receiver that records what they send, and drives a mixed workload at
// them: webhooks of an in-memory and of a queued flow, platform events
// fanned out to a flow and to an outbound webhook. The crash, scale-out
// and soak runs are built from it; it talks to hookflow only through its
// HTTP API, as a user's systems do, and only to 127.0.0.1.
package fleet

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// AdminKey is the admin API key every process of a fleet is started with.
const AdminKey = "hfk_fleet_admin_key_0123456789abcdef"

// SecretKey is the credentials key shared by the processes of a fleet
// (base64 of 32 bytes): processes sharing a store must share it.
const SecretKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

// Proc is one hookflow child process.
type Proc struct {
	URL  string
	cmd  *exec.Cmd
	logs *logBuffer
	done chan struct{}
}

// Start runs bin serve on a free 127.0.0.1 port with env added to the
// environment and extra arguments, and waits until /readyz answers 200
// (30 s at most). Outgoing calls may reach 127.0.0.0/8.
func Start(bin string, env []string, args ...string) (*Proc, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), "HOOKFLOW_ADMIN_KEY="+AdminKey, "HOOKFLOW_SECRET_KEY="+SecretKey,
		"HOOKFLOW_ALLOW_NETWORKS=127.0.0.0/8")
	cmd.Env = append(cmd.Env, env...)
	logs := &logBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &Proc{URL: "http://" + addr, cmd: cmd, logs: logs, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return nil, fmt.Errorf("hookflow exited before it was ready:\n%s", logs.String())
		default:
		}
		if resp, err := http.Get(p.URL + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.Kill()
	return nil, fmt.Errorf("hookflow did not become ready within 30s:\n%s", logs.String())
}

// PID is the process id.
func (p *Proc) PID() int { return p.cmd.Process.Pid }

// Kill ends the process with SIGKILL, as a crash would, and waits for it.
func (p *Proc) Kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// Stop asks the process to shut down (SIGTERM) and waits up to 20 s
// before killing it.
func (p *Proc) Stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		p.Kill()
	}
}

// Exited reports whether the process has ended.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Logs returns what the process wrote so far.
func (p *Proc) Logs() string { return p.logs.String() }

// Client returns an API client of the process.
func (p *Proc) Client() *Client { return NewClient(p.URL) }

// logBuffer is a bytes.Buffer safe for the writes of a child's output.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// sleep waits d or until ctx ends, and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
