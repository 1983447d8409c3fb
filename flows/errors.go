package flows

import (
	"fmt"
	"strings"
)

// ValidationError carries every problem found when publishing a flow.
type ValidationError struct {
	Problems []Problem
}

// Error summarises the problems in one line.
func (e *ValidationError) Error() string {
	msgs := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		if p.NodeID != "" {
			msgs = append(msgs, fmt.Sprintf("%s: %s", p.NodeID, p.Message))
		} else {
			msgs = append(msgs, p.Message)
		}
	}
	return fmt.Sprintf("the flow has %d problem(s): %s", len(e.Problems), strings.Join(msgs, "; "))
}
