package runs

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tidwall/gjson"
)

// CheckJSON reports the first raw JSON value of the run (trigger, a step's
// input, output or vars, response) that is not valid JSON. Stores call it
// before they write, so that every run they accept can be read back.
func (r *Run) CheckJSON() error {
	if !validRaw(r.Trigger) {
		return errors.New("trigger is not valid JSON")
	}
	for i := range r.Steps {
		s := &r.Steps[i]
		if !validRaw(s.Input) {
			return fmt.Errorf("step %q: input is not valid JSON", s.NodeID)
		}
		if !validRaw(s.Output) {
			return fmt.Errorf("step %q: output is not valid JSON", s.NodeID)
		}
		if !validRaw(s.Vars) {
			return fmt.Errorf("step %q: vars are not valid JSON", s.NodeID)
		}
	}
	if !validRaw(r.Response) {
		return errors.New("response is not valid JSON")
	}
	return nil
}

// validRaw reports whether b is absent or valid JSON.
func validRaw(b json.RawMessage) bool { return len(b) == 0 || gjson.ValidBytes(b) }
