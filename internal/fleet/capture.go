package fleet

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Capture is a Capture Response under way, as the studio begins it: an
// SSE stream that has sent its first comment, so every request from then
// on counts.
type Capture struct {
	resp *http.Response
	r    *bufio.Reader
}

// Capture begins a Capture Response on node nodeID of flow flowID that
// waits up to wait (such as "20s").
func (c *Client) Capture(flowID, nodeID, wait string) (*Capture, error) {
	req, err := http.NewRequest("POST", c.Base+"/api/flows/"+flowID+"/nodes/"+nodeID+"/capture?wait="+wait, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+AdminKey)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return nil, fmt.Errorf("begin a capture: %d %s", resp.StatusCode, body)
	}
	cp := &Capture{resp: resp, r: bufio.NewReader(resp.Body)}
	if line, err := cp.r.ReadString('\n'); err != nil || !strings.HasPrefix(line, ":") {
		cp.Close()
		return nil, fmt.Errorf("the capture stream began with %q, %v; want a comment", line, err)
	}
	return cp, nil
}

// Next reads the stream up to its event and returns its name ("request",
// "timeout" or "error") and data.
func (cp *Capture) Next() (string, map[string]any, error) {
	name := ""
	for {
		line, err := cp.r.ReadString('\n')
		if err != nil {
			return "", nil, fmt.Errorf("the capture stream ended before an event: %w", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			var m map[string]any
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &m); err != nil {
				return "", nil, fmt.Errorf("capture data is not JSON: %s", line)
			}
			return name, m, nil
		}
	}
}

// Close ends the stream.
func (cp *Capture) Close() { cp.resp.Body.Close() }
