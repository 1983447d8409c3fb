// Command ceiling is the fastest webhook receiver that still does what a
// webhook server must do with the body: a bare fasthttp server that checks
// the JSON with gjson, reads three fields and answers 200 with a small
// JSON. No routing, no storage, no logging. Its throughput is the ceiling
// that bench/run.sh puts next to hookflow's and Node-RED's figures.
//
//	ceiling -addr 127.0.0.1:9100
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// paths are the fields the handler reads, the ones the benchmark flows map.
var paths = []string{"data.customer.phoneNumber", "data.assignedAgent.email", "data.wabaNumber"}

func main() {
	addr := flag.String("addr", "127.0.0.1:9100", "listen address")
	flag.Parse()
	if err := serve(*addr); err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
}

// serve answers on addr until SIGINT or SIGTERM.
func serve(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &fasthttp.Server{
		Handler:               handle,
		Name:                  "ceiling",
		NoDefaultDate:         true,
		NoDefaultContentType:  true,
		MaxRequestBodySize:    1 << 20,
		CloseOnShutdown:       true,
		NoDefaultServerHeader: true,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(os.Stderr, "ceiling: listening on http://%s\n", ln.Addr())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if err := srv.Shutdown(); err != nil && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

// handle validates the body, reads the mapped fields and echoes them.
func handle(ctx *fasthttp.RequestCtx) {
	body := ctx.PostBody()
	if !ctx.IsPost() || !gjson.ValidBytes(body) {
		ctx.SetStatusCode(fasthttp.StatusBadRequest)
		ctx.SetContentType("application/json")
		ctx.SetBodyString(`{"message":"want a POST with a JSON body"}`)
		return
	}
	var fields [3]gjson.Result
	for i, p := range paths {
		fields[i] = gjson.GetBytes(body, p)
	}
	out := make([]byte, 0, 128)
	out = append(out, `{"ok":true,"customerNumber":`...)
	out = strconv.AppendQuote(out, fields[0].String())
	out = append(out, `,"agentEmail":`...)
	out = strconv.AppendQuote(out, fields[1].String())
	out = append(out, `,"wabaNumber":`...)
	out = strconv.AppendQuote(out, fields[2].String())
	out = append(out, '}')
	ctx.SetContentType("application/json")
	ctx.SetBody(out)
}
