package fleet

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Client calls one hookflow process's API with the admin key.
type Client struct {
	Base string
	HTTP *http.Client
}

// NewClient returns a client of the process at base, with a 15 s timeout.
func NewClient(base string) *Client {
	return &Client{Base: base, HTTP: &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second}}}
}

// Do sends a request with the admin key and the given headers (name,
// value, ...) and returns the answer's status and body.
func (c *Client) Do(method, path, body string, headers ...string) (int, []byte, error) {
	req, err := http.NewRequest(method, c.Base+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+AdminKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// API sends a request and decodes the JSON answer; an answer that is not
// a 2xx is an error that quotes it.
func (c *Client) API(method, path, body string) (map[string]any, error) {
	status, data, err := c.Do(method, path, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if status/100 != 2 {
		return nil, fmt.Errorf("%s %s: %d %s", method, path, status, data)
	}
	m := map[string]any{}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("%s %s: answer is not JSON: %s", method, path, data)
		}
	}
	return m, nil
}

// Metrics reads /metrics into a map of series (name with its labels, as
// written) to value.
func (c *Client) Metrics() (map[string]float64, error) {
	status, data, err := c.Do("GET", "/metrics", "")
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("GET /metrics: %d", status)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		if v, err := strconv.ParseFloat(line[i+1:], 64); err == nil {
			out[line[:i]] = v
		}
	}
	return out, nil
}

// Run is a run as GET /api/runs lists it.
type Run struct {
	ID      string `json:"id"`
	FlowID  string `json:"flowId"`
	Status  string `json:"status"`
	Attempt int    `json:"attempt"`
}

// Runs lists every run of a flow, all pages.
func (c *Client) Runs(flowID string) ([]Run, error) {
	var out []Run
	for cursor := ""; ; {
		status, data, err := c.Do("GET", "/api/runs?limit=500&flowId="+flowID+"&cursor="+cursor, "")
		if err != nil {
			return nil, err
		}
		if status != http.StatusOK {
			return nil, fmt.Errorf("list runs: %d %s", status, data)
		}
		var page struct {
			Items []Run  `json:"items"`
			Next  string `json:"next"`
		}
		if err := json.Unmarshal(data, &page); err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if cursor = page.Next; cursor == "" {
			return out, nil
		}
	}
}

// Run reads one run; found is false when there is none.
func (c *Client) Run(id string) (r Run, found bool, err error) {
	status, data, err := c.Do("GET", "/api/runs/"+id, "")
	switch {
	case err != nil:
		return r, false, err
	case status == http.StatusNotFound:
		return r, false, nil
	case status != http.StatusOK:
		return r, false, fmt.Errorf("get run %s: %d %s", id, status, data)
	}
	return r, true, json.Unmarshal(data, &r)
}
